// Items (products, materials, equipment, processes, services) of one chain.
// param: chain - the chain IRI
MATCH (i:Product)-[:CHAIN]->(:IndustryChain {iri: $chain})
OPTIONAL MATCH (i)-[:SEGMENT]->(s:ChainSegment)
RETURN i.iri AS item, i.localId AS id, i.prefLabel_en AS label, i.prefLabel_zh AS label_zh,
       i.itemKind AS kind, s.iri AS seg
ORDER BY id
