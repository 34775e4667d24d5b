CALL () {
  MATCH (:Organisation)-[r:MEMBER_OF]->(:Alliance) RETURN 'MEMBER_OF' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:LOCATED_IN]->(:Territory) RETURN 'LOCATED_IN' AS name, count(r) AS total
  UNION ALL
  MATCH (:Territory)-[r:PART_OF]->(:Territory) RETURN 'PART_OF' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:ANIMATES]->(:Territory) RETURN 'ANIMATES' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:FUNDS]->(:Organisation) RETURN 'FUNDS' AS name, count(r) AS total
  UNION ALL
  MATCH (:Organisation)-[r:CONTRACTS_WITH]->(:Organisation) RETURN 'CONTRACTS_WITH' AS name, count(r) AS total
}
WITH name, total
WHERE total > 0
RETURN name, total
