// Uniqueness of iri for one label (the label comes from the ontology's class names only).
// template: LABEL
CREATE CONSTRAINT ikg_iri_{{LABEL}} IF NOT EXISTS FOR (n:{{LABEL}}) REQUIRE n.iri IS UNIQUE
