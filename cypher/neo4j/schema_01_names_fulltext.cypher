CREATE FULLTEXT INDEX maillage_names IF NOT EXISTS
FOR (n:Organisation|Alliance|Territory) ON EACH [n.name]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-folding'}}
