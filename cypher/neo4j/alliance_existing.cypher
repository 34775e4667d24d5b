UNWIND $keys AS k
MATCH (n:Alliance {id: k})
RETURN n
