MATCH (:Organisation)-[m:MEMBER_OF]->(:Alliance)
RETURN count(m) AS rows, max(m.role) AS role, max(m.source) AS source
