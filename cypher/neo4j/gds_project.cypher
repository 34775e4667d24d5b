CALL () {
  UNWIND $alliances AS alliance_id
  MATCH (:Alliance {id: alliance_id})<-[:MEMBER_OF]-(o:Organisation)
  WHERE o.id IN $organisations
  WITH alliance_id, collect(DISTINCT o) AS members
  WHERE size(members) >= 2
  UNWIND members AS x
  UNWIND members AS y
  WITH x, y, 1.0 / (size(members) - 1) AS share
  WHERE x.id < y.id
  RETURN x AS source, y AS target, share
  UNION ALL
  UNWIND $pairs AS pair
  MATCH (x:Organisation {id: pair[0]}), (y:Organisation {id: pair[1]})
  RETURN x AS source, y AS target, 1.0 AS share
  UNION ALL
  UNWIND $organisations AS organisation_id
  MATCH (x:Organisation {id: organisation_id})
  RETURN x AS source, null AS target, 0.0 AS share
}
WITH source, target, sum(share) AS weight
WITH gds.graph.project($graph, source, target,
  {relationshipProperties: {weight: weight}},
  {undirectedRelationshipTypes: ['*']}) AS projected
RETURN projected.nodeCount AS nodes, projected.relationshipCount AS relationships
