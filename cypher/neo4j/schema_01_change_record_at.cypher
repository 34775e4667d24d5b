CREATE INDEX change_record_at IF NOT EXISTS FOR (n:ChangeRecord) ON (n.at)
