MATCH (c:ChangeRecord)
WHERE c.id = $id
RETURN c.id AS id, c.at AS at, c.author AS author, c.action AS action, c.kind AS kind,
       c.entity_id AS entity_id, c.territories AS territories, c.run AS run, c.before AS before,
       c.after AS after, c.undoes AS undoes
