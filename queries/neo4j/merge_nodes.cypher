// Upsert a batch of nodes of one label set; properties are replaced, so re-runs converge.
// param: rows - [{iri, props}]
// template: LABELS (":"-joined ontology class names)
UNWIND $rows AS row
MERGE (n:Resource {iri: row.iri})
SET n = row.props
SET n:{{LABELS}}
