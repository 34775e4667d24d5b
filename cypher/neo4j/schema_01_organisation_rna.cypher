CREATE INDEX organisation_rna IF NOT EXISTS FOR (n:Organisation) ON (n.rna)
