"""Exports: RDF dumps, and the property-graph projection for Neo4j (import bundle, push)."""
