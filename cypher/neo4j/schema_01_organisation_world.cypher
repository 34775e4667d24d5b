CREATE INDEX organisation_world IF NOT EXISTS FOR (n:Organisation) ON (n.world)
