// Share rows of the items and segments of one chain, with their provider.
// param: chain - the chain IRI
MATCH (target)-[:CHAIN]->(:IndustryChain {iri: $chain})
MATCH (s:Share)-[:SHARE_OF]->(target)
MATCH (s)-[:PROVIDER]->(p:Provider)
OPTIONAL MATCH (p)-[:REGION]->(r)
OPTIONAL MATCH (p)-[:INSTITUTION]->(inst)
RETURN s.iri AS share, target.iri AS target, p.iri AS provider, p.localId AS pid,
       p.prefLabel_en AS name, p.prefLabel_zh AS name_zh, p.providerKind AS pkind,
       p.aggregate AS aggregate, p.countryCode AS country, r.iri AS region,
       coalesce(r.prefLabel_en, r.prefLabel_zh) AS region_label, inst.iri AS institution,
       s.shareValue AS value, s.year AS year, s.source AS source
