UNWIND $rows AS r
MATCH (n:Organisation {id: r.id})
SET n.is_catalyst = r.is_catalyst, n.missions = r.missions, n.catalyst_since = r.catalyst_since
FOREACH (_ IN CASE WHEN r.is_catalyst THEN [1] ELSE [] END | SET n:Catalyst)
FOREACH (_ IN CASE WHEN r.is_catalyst THEN [] ELSE [1] END | REMOVE n:Catalyst)
