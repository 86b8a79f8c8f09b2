"""Import every loader module so each registers itself (one line per loader module)."""

from ingest.loaders import (  # noqa: F401
    bib,
    chains,
    csv_records,
    openalex,
    rdf,
    reports,
    wos,
)
