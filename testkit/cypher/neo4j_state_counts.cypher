CALL () {
  MATCH (n)
  WHERE n:Organisation OR n:Territory OR n:Alliance OR n:ImportRun OR n:ApiToken
  RETURN 'node' AS kind, [label IN labels(n) WHERE label <> 'Catalyst'][0] AS name, count(*) AS total
  UNION ALL
  MATCH (a)-[r]->(b)
  WHERE (a:Organisation OR a:Territory) AND (b:Organisation OR b:Territory OR b:Alliance)
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS total
}
RETURN kind, name, total
