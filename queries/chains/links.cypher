// inputOf / typeOf / upstreamOf edges that start at an item or segment of one chain.
// param: chain - the chain IRI
MATCH (f)-[:CHAIN]->(:IndustryChain {iri: $chain})
MATCH (f)-[r:INPUT_OF|TYPE_OF|UPSTREAM_OF]->(t)
RETURN f.iri AS from, type(r) AS rel, t.iri AS to
