MERGE (r:ImportRun {id: $id})
SET r.dataset = $dataset, r.started = $started, r.summary = $summary,
    r.finished = CASE WHEN $is_finished THEN $finished ELSE NULL END
