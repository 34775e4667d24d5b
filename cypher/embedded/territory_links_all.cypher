MATCH (t:Territory)-[r:PART_OF]->(p:Territory)
RETURN t.key AS child, p.key AS parent, r.partial AS partial
