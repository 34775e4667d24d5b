UNWIND $ids AS k
MATCH (:Alliance {id: k})<-[:MEMBER_OF]-(:Organisation)-[:LOCATED_IN]->(t:Territory)
RETURN DISTINCT t.key AS key
