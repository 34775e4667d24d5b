CALL gds.graph.relationshipProperty.stream($graph, 'weight') YIELD sourceNodeId, targetNodeId, propertyValue
WITH gds.util.asNode(sourceNodeId).id AS source, gds.util.asNode(targetNodeId).id AS target, propertyValue
WHERE source < target
RETURN source, target, propertyValue AS weight
