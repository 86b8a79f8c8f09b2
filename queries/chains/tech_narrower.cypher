// A technology and every narrower one (BROADER*0.., the technology itself included).
// param: tech - the technology IRI
MATCH (t {iri: $tech})
MATCH (sub)-[:BROADER*0..]->(t)
RETURN DISTINCT sub.iri AS sub
ORDER BY sub
