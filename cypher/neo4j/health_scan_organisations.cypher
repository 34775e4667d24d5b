MATCH (o:Organisation)
RETURN count(o) AS rows, max(o.id) AS id, max(o.name) AS name, max(o.name_key) AS name_key,
       max(o.world) AS world, max(o.commune) AS commune, max(o.siren) AS siren, max(o.rna) AS rna,
       max(o.description) AS description, max(o.website) AS website, max(o.source) AS source
