CREATE INDEX organisation_siren IF NOT EXISTS FOR (n:Organisation) ON (n.siren)
