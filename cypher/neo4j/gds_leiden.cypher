CALL gds.leiden.stream($graph, $config) YIELD nodeId, communityId
RETURN gds.util.asNode(nodeId).id AS id, communityId AS value
