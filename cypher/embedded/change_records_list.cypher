MATCH (c:ChangeRecord)
WHERE ($territory = '' OR $territory IN c.territories)
  AND ($entity_id = '' OR c.entity_id = $entity_id)
  AND ($kind = '' OR c.kind = $kind)
  AND ($author = '' OR c.author = $author)
  AND ($run = '' OR c.run = $run)
RETURN c.id AS id, c.at AS at, c.author AS author, c.action AS action, c.kind AS kind,
       c.entity_id AS entity_id, c.territories AS territories, c.run AS run, c.before AS before,
       c.after AS after, c.undoes AS undoes
ORDER BY c.at DESC, c.id DESC
SKIP $offset
LIMIT $limit
