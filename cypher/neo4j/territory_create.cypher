UNWIND $rows AS r
MERGE (n:Territory {key: r.key})
SET n += r
