CALL gds.betweenness.stream($graph, $config) YIELD nodeId, score
RETURN gds.util.asNode(nodeId).id AS id, score AS value
