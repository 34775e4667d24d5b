MERGE (r:ImportRun {id: $id})
SET r.dataset = $dataset, r.started = $started, r.summary = $summary
