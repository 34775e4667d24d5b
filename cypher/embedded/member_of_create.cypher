UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Alliance {id: row.to_key})
CREATE (a)-[:MEMBER_OF {role: row.role, source: row.source, run: row.run}]->(b)
