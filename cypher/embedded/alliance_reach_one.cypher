MATCH (:Alliance {id: $id})<-[:MEMBER_OF]-(:Organisation)-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
