CALL () {
  MATCH (n:Organisation) RETURN 'Organisation' AS name, count(n) AS total
  UNION ALL
  MATCH (n:Territory) RETURN 'Territory' AS name, count(n) AS total
  UNION ALL
  MATCH (n:Alliance) RETURN 'Alliance' AS name, count(n) AS total
}
WITH name, total
WHERE total > 0
RETURN name, total
