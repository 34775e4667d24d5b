UNWIND $ids AS k
MATCH (o:Organisation {id: k})-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
UNION
UNWIND $ids AS k
MATCH (o:Organisation {id: k})-[:MEMBER_OF]->(:Alliance)<-[:MEMBER_OF]-(:Organisation)-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
