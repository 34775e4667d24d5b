UNWIND $rows AS r
MATCH (a:Organisation {id: r.from_key})-[f:FUNDS|CONTRACTS_WITH]->(:Organisation)
WHERE f.tie_key = r.tie_key
DELETE f
