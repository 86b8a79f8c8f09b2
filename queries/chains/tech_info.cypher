// Names, broader concept and stated maturity of one technology.
// param: tech - the technology IRI
MATCH (t {iri: $tech})
OPTIONAL MATCH (t)-[:BROADER]->(b)
RETURN t.iri AS tech, t.prefLabel_en AS label, t.prefLabel_zh AS label_zh, t.trl AS trl,
       t.lifeCycleStage AS stage, b.iri AS broader, (t:Technology) AS typed
