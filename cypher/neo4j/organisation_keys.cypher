UNWIND $keys AS k
MATCH (n:Organisation {id: k})
RETURN n.id AS key
