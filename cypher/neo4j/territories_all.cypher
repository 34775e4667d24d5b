MATCH (t:Territory)
OPTIONAL MATCH (t)-[r:PART_OF]->(p:Territory)
RETURN t, collect(p.key) AS parent_keys, collect(r.partial) AS parent_partial
