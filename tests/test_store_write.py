"""StoreWriter.replace_source: triples go in as N-Triples text (bulk loads in parallel parts)
and land exactly as given; blank nodes keep their labels; quads go to graphs nested under the
source's graph."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg import vocab
from kg.settings import Settings
from kg.store import oxigraph as oxstore
from kg.store.base import nested_graph
from kg.store.oxigraph import OxigraphStore

EX = "https://example.org/"


def n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def items() -> list[ox.Triple | ox.Quad]:
    b = ox.BlankNode("keepme1")
    return [
        ox.Triple(
            n("s1"), n("p"), ox.Literal('quote " backslash \\ newline \n tab \t', language="en")
        ),
        ox.Triple(n("s1"), n("p"), ox.Literal("中文 名称 😀", language="zh")),
        ox.Triple(n("s2"), n("year"), ox.Literal("2021", datatype=vocab.XSD.integer)),
        ox.Triple(n("s2"), n("q"), n("s1")),
        ox.Triple(n("s3"), n("p"), ox.Literal("looks like a blank node: _:x1")),
        ox.Triple(n("s4"), n("p"), ox.Literal("plain")),
        ox.Triple(b, n("p"), ox.Literal("blank subject")),
        ox.Triple(n("s5"), n("q"), b),
        ox.Quad(n("s6"), n("p"), ox.Literal("in a nested graph"), n("g1")),
        ox.Quad(n("s7"), n("p"), ox.Literal("default graph quad"), ox.DefaultGraph()),
    ]


def expected(source: str) -> set[ox.Quad]:
    graph = vocab.source_graph(source)
    out = set()
    for t in items():
        g = graph
        if isinstance(t, ox.Quad) and not isinstance(t.graph_name, ox.DefaultGraph):
            g = nested_graph(graph, t.graph_name)
        out.add(ox.Quad(t.subject, t.predicate, t.object, g))
    return out


def landed(store: OxigraphStore) -> set[ox.Quad]:
    return {q for q in store.reader() if q.graph_name != vocab.META_GRAPH}


@pytest.mark.parametrize("bulk", [True, False])
def test_store_write_replace_source_lands_every_term_as_given(tmp_path, monkeypatch, bulk):
    # several parts loaded by concurrent threads, some holding _: (those take bulk_extend)
    monkeypatch.setattr(oxstore, "BULK_CHUNK", 3)
    monkeypatch.setattr(oxstore, "MIN_PART", 1)
    store = OxigraphStore(tmp_path / "s", Settings())
    with store.writer() as w:
        info = w.replace_source("src", items(), records=4, bulk=bulk)
    assert landed(store) == expected("src")
    assert info.triples == len(items())
    labels = {q.subject.value for q in store.reader() if isinstance(q.subject, ox.BlankNode)}
    assert labels == {"keepme1"}


def test_store_write_replace_source_replaces_the_previous_graph(tmp_path):
    store = OxigraphStore(tmp_path / "s", Settings())
    with store.writer() as w:
        w.replace_source("src", [ox.Triple(n("old"), n("p"), ox.Literal("gone"))], records=1)
        w.replace_source("other", [ox.Triple(n("kept"), n("p"), ox.Literal("kept"))], records=1)
    with store.writer() as w:
        w.replace_source("src", items(), records=4)
    got = landed(store)
    assert not any(q.subject == n("old") for q in got)
    assert ox.Quad(n("kept"), n("p"), ox.Literal("kept"), vocab.source_graph("other")) in got
    assert store.sources()["src"].triples == len(items())
