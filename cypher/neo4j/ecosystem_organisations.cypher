MATCH (t:Territory {key: $territory})<-[:PART_OF*0..6 {partial: false}]-(:Territory)<-[:LOCATED_IN]-(o:Organisation)
WHERE o.source <> $reference_source OR EXISTS { MATCH (o)-[:MEMBER_OF]->(:Alliance) }
   OR EXISTS { MATCH (o)-[:FUNDS|CONTRACTS_WITH]-(:Organisation) }
RETURN DISTINCT o.id AS id, o.name AS name, o.world AS world, o.legal_form AS legal_form, o.siren AS siren,
       o.rna AS rna, o.naf AS naf, o.ess AS ess, o.size_band AS size_band, o.maturity AS maturity,
       o.commune AS commune, o.description AS description, o.website AS website,
       o.created AS created, o.dissolved AS dissolved,
       o.synthetic AS synthetic, o.source AS source, o.is_catalyst AS is_catalyst, o.missions AS missions,
       o.catalyst_since AS catalyst_since
