"""Import every loader module so each registers itself (one line per loader module)."""

from ingest.loaders import bib, chains, csv_records, openalex, rdf  # noqa: F401
from ingest.loaders import reports  # noqa: F401,E402
