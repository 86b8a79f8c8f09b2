"""`ikg export --format nt` written by the store's own serialiser holds exactly the triples the
term-by-term union gives: each distinct triple once, from whichever graph holds it first."""

from __future__ import annotations

import pyoxigraph as ox

from kg.export.rdf import export_rdf
from kg.store.base import union_triples
from kg.store.oxigraph import OxigraphStore

EX = "https://w3id.org/ikg/id/"


def _t(s: int, o: str) -> ox.Triple:
    return ox.Triple(ox.NamedNode(f"{EX}e/{s}"), ox.NamedNode(f"{EX}p"), ox.Literal(o))


def _read(path) -> list[ox.Triple]:
    return [ox.Triple(*q.triple) for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)]


def test_export_rdf_nt_union_equals_term_by_term_union(tmp_path):
    st = OxigraphStore(tmp_path / "store")
    shared = [_t(i, "shared") for i in range(5)]
    with st.writer() as w:
        w.replace_source("c", [_t(i, "c") for i in range(4)] + shared, records=1)
        w.replace_source("a", [_t(i, "a") for i in range(3)] + shared[:3], records=1)
        w.replace_source("b", [_t(9, 'new\nline "q"')] + shared, records=1)
        inner = ox.Quad(
            ox.NamedNode(f"{EX}x"), ox.NamedNode(f"{EX}p"), ox.Literal("in"), ox.NamedNode("urn:g")
        )
        w.replace_source("d", [inner, ox.Quad(*shared[0], ox.DefaultGraph())], records=1)
    out = tmp_path / "all.nt"
    n = export_rdf(st, "nt", out)
    written = _read(out)
    expected = set(union_triples(st))
    assert len(written) == len(set(written)) == n == len(expected) == 4 + 3 + 1 + 5 + 1
    assert set(written) == expected


def test_export_rdf_nt_one_graph_is_that_graph(tmp_path):
    st = OxigraphStore(tmp_path / "store")
    with st.writer() as w:
        w.replace_source("a", [_t(i, "a") for i in range(3)], records=1)
        w.replace_source("b", [_t(i, "a") for i in range(2)] + [_t(7, "b")], records=1)
    out = tmp_path / "b.nt"
    assert export_rdf(st, "nt", out, graph="b") == 3
    assert set(_read(out)) == {
        _t(0, "a"),
        _t(1, "a"),
        _t(7, "b"),
    }
