UNWIND $rows AS r
MATCH (n:Organisation {id: r.id})
SET n.is_catalyst = CAST(r.is_catalyst AS BOOLEAN), n.missions = CAST(r.missions AS STRING[]),
    n.catalyst_since = CAST(r.catalyst_since AS INT64)
