CREATE NODE TABLE IF NOT EXISTS ChangeRecord(
    id STRING PRIMARY KEY,
    at TIMESTAMP,
    author STRING,
    action STRING,
    kind STRING,
    entity_id STRING,
    territories STRING[],
    run STRING,
    before STRING,
    after STRING,
    undoes STRING
)
