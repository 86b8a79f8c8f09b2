// Collaborators of an expert through shared works (twin of the index-based network).
MATCH (e:Expert {iri: $expert})<-[:AGENT]-(:Contribution)<-[:CONTRIBUTION]-(w)
MATCH (w)-[:CONTRIBUTION]->(:Contribution)-[:AGENT]->(o:Expert)
WHERE o <> e
RETURN o.iri AS collaborator, labels(w) AS kinds, count(DISTINCT w) AS works
ORDER BY works DESC
