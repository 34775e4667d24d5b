UNWIND $keys AS k
MATCH (a:Organisation {id: k})-[r:LOCATED_IN]->(b:Territory)
RETURN a.id AS from_key, b.key AS to_key, r
