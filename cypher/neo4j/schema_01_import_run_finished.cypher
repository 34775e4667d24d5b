CREATE INDEX import_run_finished IF NOT EXISTS FOR (n:ImportRun) ON (n.finished)
