MATCH (a:Alliance {id: $id})
DETACH DELETE a
