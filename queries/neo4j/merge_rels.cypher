// Upsert a batch of relationships of one type between nodes pushed before.
// param: rows - [{start, end}]
// template: TYPE (UPPER_SNAKE of an ontology or standard-vocabulary predicate)
UNWIND $rows AS row
MATCH (a:Resource {iri: row.start})
MATCH (b:Resource {iri: row.end})
MERGE (a)-[:{{TYPE}}]->(b)
