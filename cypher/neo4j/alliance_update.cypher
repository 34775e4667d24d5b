UNWIND $rows AS r
MATCH (n:Alliance {id: r.id})
SET n.name = r.name, n.name_key = r.name_key, n.mode = r.mode, n.domains = r.domains,
    n.start = r.start, n.`end` = r.`end`, n.description = r.description, n.source = r.source, n.run = r.run
