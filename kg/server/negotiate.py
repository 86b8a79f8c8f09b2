"""Content negotiation for the SPARQL endpoint: Accept header → pyoxigraph format."""

from __future__ import annotations

import pyoxigraph as ox

RESULTS: list[tuple[str, ox.QueryResultsFormat]] = [
    ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/csv", ox.QueryResultsFormat.CSV),
    ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("application/json", ox.QueryResultsFormat.JSON),
    ("application/xml", ox.QueryResultsFormat.XML),
    ("text/xml", ox.QueryResultsFormat.XML),
]
RDF: list[tuple[str, ox.RdfFormat]] = [
    ("text/turtle", ox.RdfFormat.TURTLE),
    ("application/n-triples", ox.RdfFormat.N_TRIPLES),
    ("application/ld+json", ox.RdfFormat.JSON_LD),
    ("application/x-turtle", ox.RdfFormat.TURTLE),
    ("text/plain", ox.RdfFormat.N_TRIPLES),
    ("application/json", ox.RdfFormat.JSON_LD),
]
# short names accepted in a ``format=`` parameter (browsers cannot set Accept from a link)
SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "ttl": "text/turtle",
    "turtle": "text/turtle",
    "nt": "application/n-triples",
    "jsonld": "application/ld+json",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges by preference (q descending, then order given)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    out: list[tuple[str, float, int]] = []
    for i, part in enumerate(header.split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            out.append((media, q, i))
    out.sort(key=lambda x: (-x[1], x[2]))
    return [(m, q) for m, q, _ in out]


def _choose(header: str | None, table: list[tuple[str, object]]) -> tuple[object | None, str]:
    for media, _q in parse_accept(header):
        if media in ("*/*", "application/*", "text/*"):
            prefix = media.split("/")[0] + "/"
            for name, fmt in table:
                if media == "*/*" or name.startswith(prefix):
                    return fmt, _ctype(name)
            continue
        for name, fmt in table:
            if name == media:
                return fmt, _ctype(name)
    return None, ""


def _ctype(name: str) -> str:
    return name + ("; charset=utf-8" if name.startswith("text/") else "")


def choose_results(header: str | None) -> tuple[ox.QueryResultsFormat | None, str]:
    fmt, ctype = _choose(header, RESULTS)  # type: ignore[arg-type]
    return fmt, ctype  # type: ignore[return-value]


def choose_rdf(header: str | None) -> tuple[ox.RdfFormat | None, str]:
    fmt, ctype = _choose(header, RDF)  # type: ignore[arg-type]
    return fmt, ctype  # type: ignore[return-value]


def prefers_html(header: str | None) -> bool:
    for media, _q in parse_accept(header):
        if media in ("text/html", "application/xhtml+xml"):
            return True
        if media != "*/*":
            return False
    return False
