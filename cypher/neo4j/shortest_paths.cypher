MATCH p = allShortestPaths((a:Organisation {id: $source})-[:MEMBER_OF*..12]-(b:Organisation {id: $target}))
WHERE length(p) <= $max_length
RETURN [x IN nodes(p) | x.id] AS ids
LIMIT $limit
