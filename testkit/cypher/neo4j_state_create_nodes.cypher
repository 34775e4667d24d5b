UNWIND $rows AS row
CALL apoc.create.node(row.labels, row.props) YIELD node
RETURN count(node) AS created
