UNWIND $ids AS id
MATCH (o:Organisation {id: id})
DETACH DELETE o
