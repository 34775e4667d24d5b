UNWIND $rows AS r
MATCH (n:Organisation {id: r.id})
SET n.name = r.name, n.name_key = r.name_key, n.world = r.world, n.legal_form = r.legal_form,
    n.siren = r.siren, n.rna = r.rna, n.naf = r.naf, n.ess = r.ess, n.size_band = r.size_band,
    n.maturity = r.maturity, n.commune = r.commune, n.description = r.description,
    n.website = r.website, n.created = date(r.created), n.dissolved = date(r.dissolved),
    n.synthetic = r.synthetic, n.source = r.source, n.run = r.run
