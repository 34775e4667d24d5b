UNWIND $rows AS r
CREATE (n:Territory {
    key: r.key,
    code: r.code,
    name: r.name,
    name_key: r.name_key,
    level: r.level,
    population: CAST(r.population AS INT64),
    source: r.source,
    run: r.run
})
