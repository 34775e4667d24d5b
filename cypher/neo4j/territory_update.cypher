UNWIND $rows AS r
MATCH (n:Territory {key: r.key})
SET n.code = r.code, n.name = r.name, n.name_key = r.name_key, n.level = r.level,
    n.population = r.population, n.source = r.source, n.run = r.run
