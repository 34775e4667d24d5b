MATCH (a:Alliance)
RETURN count(a) AS rows, max(a.id) AS id, max(a.name) AS name, max(a.name_key) AS name_key,
       max(a.mode) AS mode, max(a.description) AS description, max(a.source) AS source
