// Industry codes of a chain and of its segments.
// param: chain - the chain IRI
MATCH (c:IndustryChain {iri: $chain})
OPTIONAL MATCH (s:ChainSegment)-[:CHAIN]->(c)
WITH c, collect(s) AS segs
WITH [c] + segs AS nodes
UNWIND nodes AS n
MATCH (n)-[:INDUSTRY_CODE]->(code)
RETURN n.iri AS node, code.iri AS code, code.notation AS notation,
       code.prefLabel_en AS code_label
