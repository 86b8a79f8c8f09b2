// Industries linked to a technology, declared or named as subjects of the same works.
// Declared: RELATED_INDUSTRY. Co-occurring: works with the technology (or a narrower one)
// and the industry as SUBJECT.
// param: tech - the technology IRI
MATCH (t {iri: $tech})
CALL {
  WITH t
  MATCH (t)-[:RELATED_INDUSTRY]->(i)
  RETURN i, null AS w, 1 AS d
  UNION
  WITH t
  MATCH (sub)-[:BROADER*0..]->(t)
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:SUBJECT]->(i:Industry)
  WHERE NOT w:Demand
  RETURN i, w, 0 AS d
}
RETURN i.iri AS industry, i.prefLabel_en AS label, i.prefLabel_zh AS label_zh,
       i.notation AS notation, count(DISTINCT w) AS works, max(d) AS declared
