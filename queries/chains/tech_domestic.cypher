// Domestic holders of a technology (or of a narrower one): institutions in the home country
// that work on it or published/patented on it, and experts who are members of such an
// institution and wrote on it or have it as expertise.
// param: sub - the technology IRI and each narrower one's (chains/tech_narrower), a list
// param: home - ISO 3166-1 alpha-3 code of the home country
MATCH (sub) WHERE sub.iri IN $sub
CALL (sub) {
  MATCH (h)-[:WORKS_ON]->(sub)
  WHERE h.countryCode = $home OR EXISTS { (h)-[:REGION]->({countryCode: $home}) }
  RETURN h
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:AFFILIATED_INSTITUTION|ASSIGNEE]->(h)
  WHERE h.countryCode = $home OR EXISTS { (h)-[:REGION]->({countryCode: $home}) }
  RETURN h
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:CREATOR|INVENTOR]->(h)
  MATCH (h)-[:MEMBER_OF]->(i)
  WHERE i.countryCode = $home OR EXISTS { (i)-[:REGION]->({countryCode: $home}) }
  RETURN h
  UNION
  MATCH (w)-[:SUBJECT]->(sub)
  MATCH (w)-[:CONTRIBUTION]->()-[:AGENT]->(h)
  MATCH (h)-[:MEMBER_OF]->(i)
  WHERE i.countryCode = $home OR EXISTS { (i)-[:REGION]->({countryCode: $home}) }
  RETURN h
  UNION
  MATCH (h)-[:HAS_EXPERTISE]->(sub)
  MATCH (h)-[:MEMBER_OF]->(i)
  WHERE i.countryCode = $home OR EXISTS { (i)-[:REGION]->({countryCode: $home}) }
  RETURN h
}
RETURN count(DISTINCT h) AS n
