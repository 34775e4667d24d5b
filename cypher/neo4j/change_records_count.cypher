MATCH (c:ChangeRecord)
WHERE ($territory = '' OR $territory IN c.territories)
  AND ($entity_id = '' OR c.entity_id = $entity_id)
  AND ($kind = '' OR c.kind = $kind)
  AND ($author = '' OR c.author = $author)
  AND ($run = '' OR c.run = $run)
RETURN count(c) AS total
