// Institutions and experts linked to a technology (or a narrower one) through works,
// worksOn or hasExpertise, with the number of works (names: chains/holder_names).
// param: sub - the technology IRI and each narrower one's (chains/tech_narrower), a list
MATCH (sub) WHERE sub.iri IN $sub
CALL (sub) {
  MATCH (h)-[:WORKS_ON]->(sub)
  RETURN h, 'institution' AS kind, null AS w
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:AFFILIATED_INSTITUTION|ASSIGNEE]->(h)
  RETURN h, 'institution' AS kind, w
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:CREATOR|INVENTOR]->(h)
  RETURN h, 'expert' AS kind, w
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:CONTRIBUTION]->()-[:AGENT]->(h)
  RETURN h, 'expert' AS kind, w
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:CREATOR|INVENTOR]->()-[:MEMBER_OF]->(h)
  RETURN h, 'institution' AS kind, w
  UNION
  MATCH (h)-[:HAS_EXPERTISE]->(sub)
  RETURN h, 'expert' AS kind, null AS w
}
RETURN h.iri AS holder, kind, count(DISTINCT w) AS works
ORDER BY works DESC, holder
