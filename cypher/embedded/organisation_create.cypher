UNWIND $rows AS r
CREATE (n:Organisation {
    id: r.id,
    name: r.name,
    name_key: r.name_key,
    world: r.world,
    legal_form: r.legal_form,
    siren: r.siren,
    rna: r.rna,
    naf: r.naf,
    ess: CAST(r.ess AS BOOLEAN),
    size_band: r.size_band,
    maturity: r.maturity,
    commune: r.commune,
    description: r.description,
    website: r.website,
    synthetic: CAST(r.synthetic AS BOOLEAN),
    is_catalyst: CAST(r.is_catalyst AS BOOLEAN),
    missions: CAST(r.missions AS STRING[]),
    catalyst_since: CAST(r.catalyst_since AS INT64),
    source: r.source,
    run: r.run
})
