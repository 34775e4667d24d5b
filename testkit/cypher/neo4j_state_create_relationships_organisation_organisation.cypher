UNWIND $rows AS row
MATCH (a:Organisation {id: row.from_key})
MATCH (b:Organisation {id: row.to_key})
CALL apoc.create.relationship(a, row.type, row.props, b) YIELD rel
RETURN count(rel) AS created
