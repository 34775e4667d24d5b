MATCH (a:Alliance {id: $id})
RETURN a
