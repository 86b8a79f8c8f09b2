// Segments of one chain with position and order.
// param: chain - the chain IRI
MATCH (s:ChainSegment)-[:CHAIN]->(:IndustryChain {iri: $chain})
RETURN s.iri AS seg, s.localId AS id, s.prefLabel_en AS label, s.prefLabel_zh AS label_zh,
       s.position AS position, s.order AS order
ORDER BY order, id
