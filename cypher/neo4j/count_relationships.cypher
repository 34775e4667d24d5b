// One label per pattern: Neo4j answers these counts from its count store, without a scan.
CALL () {
  MATCH (:Organisation)-[r:MEMBER_OF]->() RETURN 'MEMBER_OF' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:LOCATED_IN]->() RETURN 'LOCATED_IN' AS name, count(r) AS total
  UNION ALL
  MATCH (:Territory)-[r:PART_OF]->() RETURN 'PART_OF' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:ANIMATES]->() RETURN 'ANIMATES' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:FUNDS]->() RETURN 'FUNDS' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:CONTRACTS_WITH]->() RETURN 'CONTRACTS_WITH' AS name, count(r) AS total
}
WITH name, total
WHERE total > 0
RETURN name, total
