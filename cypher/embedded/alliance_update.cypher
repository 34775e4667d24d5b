UNWIND $rows AS r
MATCH (n:Alliance {id: r.id})
SET n.name = r.name, n.name_key = r.name_key, n.mode = r.mode, n.domains = CAST(r.domains AS STRING[]),
    n.start = CAST(r.start AS DATE), n.`end` = CAST(r.`end` AS DATE), n.description = r.description, n.source = r.source, n.run = r.run
