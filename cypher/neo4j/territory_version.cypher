MATCH (t:Territory)
OPTIONAL MATCH (t)-[r:PART_OF]->(:Territory)
RETURN count(DISTINCT t) AS territories, max(t.run) AS territory_run, count(r) AS links, max(r.run) AS link_run
