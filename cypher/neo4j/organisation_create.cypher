UNWIND $rows AS r
MERGE (n:Organisation {id: r.id})
SET n += r
