// Technologies used by the items and segments of one chain, with stated maturity.
// param: chain - the chain IRI
MATCH (n)-[:CHAIN]->(:IndustryChain {iri: $chain})
MATCH (n)-[:USES_TECHNOLOGY]->(t)
RETURN n.iri AS node, t.iri AS tech, t.prefLabel_en AS label, t.prefLabel_zh AS label_zh,
       t.trl AS trl, t.lifeCycleStage AS stage
