UNWIND $rows AS r
MERGE (n:Alliance {id: r.id})
SET n += r
