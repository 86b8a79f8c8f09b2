// Technology-chain edges (enables / dependsOn) at one technology, both directions.
// param: tech - the technology IRI
MATCH (t {iri: $tech})-[r:ENABLES|DEPENDS_ON]-(o)
RETURN CASE type(r) WHEN 'ENABLES' THEN 'enables' ELSE 'dependsOn' END AS rel,
       CASE WHEN startNode(r) = t THEN 'out' ELSE 'in' END AS dir,
       o.iri AS other, o.prefLabel_en AS label, o.prefLabel_zh AS label_zh
