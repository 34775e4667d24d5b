UNWIND $ids AS k
MATCH (a:Alliance {id: k})
RETURN a
