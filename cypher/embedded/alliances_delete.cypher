UNWIND $ids AS id
MATCH (a:Alliance {id: id})
DETACH DELETE a
