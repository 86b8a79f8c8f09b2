// Works per year on a technology or a narrower one (papers, patents, other works).
// param: tech - the technology IRI
MATCH (t {iri: $tech})
MATCH (sub)-[:BROADER*0..]->(t)
MATCH (w)-[:SUBJECT]->(sub)
WHERE w.year IS NOT NULL AND NOT w:Demand
RETURN w.year AS year, count(DISTINCT w) AS n,
       count(DISTINCT CASE WHEN w:Patent THEN w END) AS patents
ORDER BY year
