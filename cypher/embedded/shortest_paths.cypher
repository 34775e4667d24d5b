MATCH p = (a:Organisation {id: $source})-[:MEMBER_OF* ALL SHORTEST 1..12]-(b:Organisation {id: $target})
WHERE length(p) <= $max_length
RETURN list_transform(nodes(p), x -> x.id) AS ids
LIMIT $limit
