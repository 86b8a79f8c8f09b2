// Candidate experts for a technology (twin of candidates.rq on the Neo4j projection).
MATCH (sub:Technology)-[:BROADER*0..]->(t:Technology {iri: $tech})
MATCH (w)-[:SUBJECT]->(sub)
MATCH (w)-[:CONTRIBUTION]->(:Contribution)-[:AGENT]->(e:Expert)
RETURN e.iri AS e, count(DISTINCT w) AS works
ORDER BY works DESC
