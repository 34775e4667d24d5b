CREATE INDEX change_record_run IF NOT EXISTS FOR (n:ChangeRecord) ON (n.run)
