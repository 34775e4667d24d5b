UNWIND $keys AS k
MATCH (n:Territory {key: k})
RETURN n.key AS key
