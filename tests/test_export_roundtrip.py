"""Each dump format parses back, with pyoxigraph and with rdflib, to what the store holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kg import vocab
from kg.errors import NotFoundError
from kg.export.rdf import export_rdf
from kg.store.oxigraph import OxigraphStore

A = """
@prefix ikg: <https://w3id.org/ikg/ontology#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> . @prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/ikg/id/expert/a/1> a ikg:Expert ; foaf:name "Alice"@en , "爱丽"@zh ;
  ikg:hasExpertise <https://w3id.org/ikg/id/technology/t1> ;
  ikg:expertise [ ikg:weight "0.5"^^xsd:decimal ] .
<https://w3id.org/ikg/id/work/a/w1> dcterms:title "Quotes \\" and\\nnewlines, 'single'" ;
  ikg:year 2021 .
"""
B = """
@prefix ikg: <https://w3id.org/ikg/ontology#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
<https://w3id.org/ikg/id/expert/a/1> a ikg:Expert ; foaf:name "Alice"@en .
<https://w3id.org/ikg/id/technology/t1> a ikg:Technology .
"""
TRIG = """
<urn:inner:g> { <urn:x> <urn:p> "inner" . }
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> OxigraphStore:
    st = OxigraphStore(tmp_path_factory.mktemp("export") / "store")
    with st.writer() as w:
        w.replace_source("a", ox.parse(A.encode(), ox.RdfFormat.TURTLE), records=2)
        w.replace_source("b", ox.parse(B.encode(), ox.RdfFormat.TURTLE), records=2)
        w.replace_source("c", ox.parse(TRIG.encode(), ox.RdfFormat.TRIG), records=1)
    return st


def _store_quads(st: OxigraphStore, graph=None) -> list[ox.Quad]:
    return list(st.quads(graph))


def _canon_quads(quads) -> set[str]:
    ds = ox.Dataset(quads)
    ds.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return {str(q) for q in ds}


def _triples_as_quads(triples) -> list[ox.Quad]:
    return [ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph()) for t in triples]


def _rdflib_graph(triples) -> rdflib.Graph:
    g = rdflib.Graph()
    g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")
    return g


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_export_triple_formats_parse_back_to_union(store, tmp_path, fmt):
    out = tmp_path / f"dump.{fmt}"
    n = export_rdf(store, fmt, out)
    union = {ox.Triple(q.subject, q.predicate, q.object) for q in _store_quads(store)}
    assert n == len(union) == 10  # Alice's type and English name are in graphs a and b once
    parsed = list(ox.parse(path=str(out), format=ox.RdfFormat.from_extension(fmt)))
    assert len(parsed) == len(union)
    assert _canon_quads(_triples_as_quads(parsed)) == _canon_quads(_triples_as_quads(union))
    rl = rdflib.Graph().parse(
        str(out), format={"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}[fmt]
    )
    assert len(rl) == len(union)
    assert isomorphic(rl, _rdflib_graph(list(union)))


@pytest.mark.parametrize("fmt", ["nq", "trig"])
def test_export_quad_formats_keep_graphs(store, tmp_path, fmt):
    out = tmp_path / f"dump.{fmt}"
    n = export_rdf(store, fmt, out)
    quads = _store_quads(store)
    assert n == len(quads) == 12
    parsed = list(ox.parse(path=str(out), format=ox.RdfFormat.from_extension(fmt)))
    assert _canon_quads(parsed) == _canon_quads(quads)
    assert vocab.META_GRAPH not in {q.graph_name for q in parsed}
    ds = rdflib.Dataset()
    ds.parse(str(out), format={"nq": "nquads", "trig": "trig"}[fmt])
    got = {str(c.identifier): len(c) for c in ds.graphs() if len(c)}
    want: dict[str, int] = {}
    for q in quads:
        want[q.graph_name.value] = want.get(q.graph_name.value, 0) + 1
    assert got == want


def test_export_one_graph_and_unknown(store, tmp_path):
    out = tmp_path / "b.nt"
    assert export_rdf(store, "nt", out, graph="b") == 3
    iri = vocab.source_graph("a").value
    assert export_rdf(store, "nq", tmp_path / "a.nq", graph=iri) == 8

    with pytest.raises(NotFoundError, match="sources: a, b, c"):
        export_rdf(store, "ttl", tmp_path / "x.ttl", graph="nope")


def test_export_cli_writes_file(store, tmp_path):
    out = tmp_path / "cli.ttl"
    r = subprocess.run(
        [
            sys.executable,
            "-c",
            "from kg.cli.main import main; main()",
            "export",
            "--format",
            "ttl",
            "-o",
            str(out),
            "--store",
            str(store.path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert "wrote 10 triples" in r.stderr
    assert len(list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))) == 10
    assert Path(str(out) + ".part").exists() is False
