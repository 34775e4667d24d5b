UNWIND $rows AS r
MATCH (n:Organisation {id: r.id})
SET n.name = r.name, n.name_key = r.name_key, n.world = r.world, n.legal_form = r.legal_form,
    n.siren = r.siren, n.rna = r.rna, n.naf = r.naf, n.ess = CAST(r.ess AS BOOLEAN), n.size_band = r.size_band,
    n.maturity = r.maturity, n.commune = r.commune, n.description = r.description,
    n.website = r.website, n.created = CAST(r.created AS DATE), n.dissolved = CAST(r.dissolved AS DATE),
    n.synthetic = CAST(r.synthetic AS BOOLEAN), n.source = r.source, n.run = r.run
