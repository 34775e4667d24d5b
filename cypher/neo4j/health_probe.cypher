MATCH (t:Territory {key: $key})
RETURN t.key AS key
