UNWIND $rows AS row
MATCH (a:Territory {key: row.from_key})
MATCH (b:Territory {key: row.to_key})
CREATE (a)-[:PART_OF {partial: CAST(row.partial AS BOOLEAN), source: row.source, run: row.run}]->(b)
