CREATE INDEX change_record_entity IF NOT EXISTS FOR (n:ChangeRecord) ON (n.entity_id)
