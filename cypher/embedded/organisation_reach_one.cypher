MATCH (o:Organisation {id: $id})-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
UNION
MATCH (o:Organisation {id: $id})-[:MEMBER_OF]->(:Alliance)<-[:MEMBER_OF]-(:Organisation)-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
