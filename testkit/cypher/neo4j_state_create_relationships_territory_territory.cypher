UNWIND $rows AS row
MATCH (a:Territory {key: row.from_key})
MATCH (b:Territory {key: row.to_key})
CALL apoc.create.relationship(a, row.type, row.props, b) YIELD rel
RETURN count(rel) AS created
