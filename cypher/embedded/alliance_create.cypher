UNWIND $rows AS r
CREATE (n:Alliance {
    id: r.id,
    name: r.name,
    name_key: r.name_key,
    mode: r.mode,
    domains: CAST(r.domains AS STRING[]),
    start: CAST(r.start AS DATE),
    `end`: CAST(r.`end` AS DATE),
    description: r.description,
    source: r.source,
    run: r.run
})
