MATCH (a)-[r]->(b)
WHERE (a:Organisation OR a:Territory) AND (b:Organisation OR b:Territory OR b:Alliance)
RETURN type(r) AS type, [label IN labels(a) WHERE label <> 'Catalyst'][0] AS from_label,
       coalesce(a.id, a.key) AS from_key, [label IN labels(b) WHERE label <> 'Catalyst'][0] AS to_label,
       coalesce(b.id, b.key) AS to_key, properties(r) AS props
