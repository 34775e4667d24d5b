MATCH (t:Territory)
RETURN t.code AS code, t.name AS name, t.name_key AS name_key, t.level AS level, t.population AS population,
       t.source AS source
