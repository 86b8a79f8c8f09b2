"""The endpoint's descriptions: the HTML page, the SPARQL 1.1 Service Description, VoID."""

from __future__ import annotations

import html

import pyoxigraph as ox

from kg import queries, vocab
from kg.store.base import Store

SD = vocab.Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = vocab.Namespace("http://www.w3.org/ns/formats/")


def examples() -> list[dict[str, str]]:
    """Named queries under ``queries/`` (SPARQL files), with their first comment line."""
    out = []
    for name in queries.available("rq"):
        text = queries.load(name)
        out.append(
            {
                "name": name,
                "description": queries.description(text),
                "params": ", ".join(queries.parameters(text)),
                "text": text,
            }
        )
    return out


def html_page(endpoint: str, timeout: float, limit: int) -> str:
    items = []
    for ex in examples():
        note = f" <em>(bind: {html.escape(ex['params'])})</em>" if ex["params"] else ""
        items.append(
            f"<li><button type='button' data-q='{html.escape(ex['text'], quote=True)}' "
            f"onclick='document.getElementById(\"q\").value=this.dataset.q'>"
            f"{html.escape(ex['name'])}</button> {html.escape(ex['description'])}{note}</li>"
        )
    first = (
        "SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class ORDER BY DESC(?n)"
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ikg SPARQL endpoint</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}}
textarea{{width:100%;height:14em;font-family:monospace}} li{{margin:.3em 0}}</style></head>
<body><h1>ikg SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>{html.escape(endpoint)}</code> (GET <code>?query=</code>,
form POST, or POST <code>application/sparql-query</code>). Queries run over the union of all
source graphs; each is cut after {timeout:g} s and at most {limit} rows are returned.
Contact details (e-mail, telephone) are only served with the bearer token. Service description:
<a href="{html.escape(endpoint)}?format=ttl">{html.escape(endpoint)}</a> (Accept: text/turtle);
VoID: <a href="/.well-known/void">/.well-known/void</a>.</p>
<form method="get" action="{html.escape(endpoint)}">
<textarea id="q" name="query">{html.escape(first)}</textarea>
<p><label>Format <select name="format"><option>json</option><option>xml</option>
<option>csv</option><option>tsv</option><option>ttl</option><option>nt</option>
<option>jsonld</option></select></label> <button type="submit">Run</button></p></form>
<h2>Example queries (from <code>queries/</code>)</h2><ul>{"".join(items)}</ul>
</body></html>"""


def service_description(endpoint: str) -> list[ox.Triple]:
    svc = ox.BlankNode("service")
    ds = ox.BlankNode("dataset")
    dg = ox.BlankNode("defaultGraph")
    t = [
        ox.Triple(svc, vocab.TYPE, SD.Service),
        ox.Triple(svc, SD.endpoint, ox.NamedNode(endpoint)),
        ox.Triple(svc, SD.supportedLanguage, SD.SPARQL11Query),
        ox.Triple(svc, SD.supportedLanguage, SD.SPARQL11Update),
        ox.Triple(svc, SD.feature, SD.UnionDefaultGraph),
        ox.Triple(svc, SD.feature, SD.BasicFederatedQuery),
        ox.Triple(svc, SD.defaultDataset, ds),
        ox.Triple(ds, vocab.TYPE, SD.Dataset),
        ox.Triple(ds, SD.defaultGraph, dg),
        ox.Triple(dg, vocab.TYPE, SD.Graph),
        ox.Triple(
            svc,
            vocab.DESCRIPTION,
            ox.Literal(
                "ikg industry knowledge graph; the default graph is the union of the source "
                "graphs; SPARQL Update needs a bearer token",
                language="en",
            ),
        ),
    ]
    for fmt in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
    ):
        t.append(ox.Triple(svc, SD.resultFormat, FORMATS[fmt]))
    return t


def void_description(store: Store, endpoint: str, base: str) -> list[ox.Triple]:
    ds = ox.NamedNode(base + "/.well-known/void#dataset")
    t = [
        ox.Triple(ds, vocab.TYPE, vocab.VOID.Dataset),
        ox.Triple(
            ds, vocab.DCTERMS.title, ox.Literal("ikg industry knowledge graph", language="en")
        ),
        ox.Triple(ds, vocab.VOID.sparqlEndpoint, ox.NamedNode(endpoint)),
        ox.Triple(ds, vocab.VOID.uriSpace, ox.Literal(vocab.ID_BASE)),
    ]
    total = 0
    for i, (name, src) in enumerate(store.sources().items()):
        sub = ox.NamedNode(f"{base}/.well-known/void#source-{i}")
        total += src.triples
        t += [
            ox.Triple(ds, vocab.VOID.subset, sub),
            ox.Triple(sub, vocab.TYPE, vocab.VOID.Dataset),
            ox.Triple(sub, vocab.DCTERMS.title, ox.Literal(name)),
            ox.Triple(sub, SD.name, ox.NamedNode(src.graph)),
            ox.Triple(
                sub, vocab.VOID.triples, ox.Literal(str(src.triples), datatype=vocab.XSD.integer)
            ),
            ox.Triple(
                sub, vocab.DCTERMS.modified, ox.Literal(src.ingested, datatype=vocab.XSD.dateTime)
            ),
        ]
    t.append(ox.Triple(ds, vocab.VOID.triples, ox.Literal(str(total), datatype=vocab.XSD.integer)))
    return t
