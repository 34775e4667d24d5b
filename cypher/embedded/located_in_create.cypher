UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Territory {key: row.to_key})
CREATE (a)-[:LOCATED_IN {source: row.source, run: row.run}]->(b)
