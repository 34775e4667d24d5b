CALL () {
  MATCH (n:Organisation) RETURN 'node' AS kind, 'Organisation' AS name, count(n) AS total
  UNION ALL MATCH (n:Territory) RETURN 'node' AS kind, 'Territory' AS name, count(n) AS total
  UNION ALL MATCH (n:Alliance) RETURN 'node' AS kind, 'Alliance' AS name, count(n) AS total
  UNION ALL MATCH (n:ImportRun) RETURN 'node' AS kind, 'ImportRun' AS name, count(n) AS total
  UNION ALL MATCH (n:ApiToken) RETURN 'node' AS kind, 'ApiToken' AS name, count(n) AS total
  UNION ALL MATCH ()-[r:MEMBER_OF]->() RETURN 'relationship' AS kind, 'MEMBER_OF' AS name, count(r) AS total
  UNION ALL MATCH ()-[r:LOCATED_IN]->() RETURN 'relationship' AS kind, 'LOCATED_IN' AS name, count(r) AS total
  UNION ALL MATCH ()-[r:PART_OF]->() RETURN 'relationship' AS kind, 'PART_OF' AS name, count(r) AS total
  UNION ALL MATCH ()-[r:ANIMATES]->() RETURN 'relationship' AS kind, 'ANIMATES' AS name, count(r) AS total
  UNION ALL MATCH ()-[r:FUNDS]->() RETURN 'relationship' AS kind, 'FUNDS' AS name, count(r) AS total
  UNION ALL MATCH ()-[r:CONTRACTS_WITH]->() RETURN 'relationship' AS kind, 'CONTRACTS_WITH' AS name, count(r) AS total
}
RETURN kind, name, total
