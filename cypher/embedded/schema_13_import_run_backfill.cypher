MATCH (r:ImportRun)
WHERE r.finished IS NULL AND r.summary <> 'running'
SET r.finished = r.started
