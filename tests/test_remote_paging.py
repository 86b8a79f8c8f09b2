"""Remote answers are never cut silently: a stock Virtuoso (ResultSetMaxRows 10,000, as Debian
ships it) says it cut an answer with X-SPARQL-MaxRows and the remote store reads it whole in
sorted pages; Fuseki answers whole. 12,000 generated triples, more than one page."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from conftest_servers import fuseki_url, virtuoso_url  # noqa: F401  (session fixtures)

from kg import vocab
from kg.export.rdf import export_rdf
from kg.store import open_store
from kg.store.adapters import GenericAdapter
from kg.store.remote import paged_queries, split_prologue

N = 12_000
P = ox.NamedNode("urn:ikg-test:p")
ROWS = "SELECT ?s ?o WHERE { ?s <urn:ikg-test:p> ?o }"


def _triples() -> list[ox.Triple]:
    return [
        ox.Triple(
            ox.NamedNode(f"urn:ikg-test:s{i}"), P, ox.Literal(str(i), datatype=vocab.XSD.integer)
        )
        for i in range(N)
    ]


@pytest.fixture(params=["fuseki", "virtuoso"], scope="module")
def big(request, tmp_path_factory):
    url = request.getfixturevalue(f"{request.param}_url")
    spec = f"virtuoso+{url}" if request.param == "virtuoso" else url
    mp = pytest.MonkeyPatch()
    mp.chdir(tmp_path_factory.mktemp(request.param))  # the remote store's state dir: ./.ikg
    st = open_store(spec)
    with st.writer() as w:
        w.replace_source("paging", _triples(), records=N)
    yield request.param, st
    with st.writer() as w:
        w.drop_source("paging")
    mp.undo()


def test_remote_paging_select_is_whole(big):
    server, st = big
    rows = st.select(ROWS)
    assert len(rows) == N and len({r["s"].value for r in rows}) == N, server


def test_remote_paging_keeps_the_query_order(big):
    _, st = big
    rows = st.select("PREFIX t: <urn:ikg-test:> SELECT ?s ?o WHERE { ?s t:p ?o } ORDER BY DESC(?o)")
    assert [int(r["o"].value) for r in rows] == list(range(N - 1, -1, -1))


def test_remote_paging_dump_and_count_are_whole(big, tmp_path):
    _, st = big
    out = tmp_path / "dump.nq"
    export_rdf(st, "nq", out)
    mine = [q for q in ox.parse(path=str(out), format=ox.RdfFormat.N_QUADS) if q.predicate == P]
    assert len(mine) == N
    assert st.sources()["paging"].triples == N


def test_remote_paging_queries_wrap_the_query_in_sorted_pages():
    q = "# c\nPREFIX t: <urn:t:>\nBASE <urn:b/>\nSELECT ?a WHERE { ?a t:p ?b }"
    prologue, body = split_prologue(q)
    assert prologue.endswith("BASE <urn:b/>") and body.strip().startswith("SELECT ?a")
    pages = paged_queries(q, ["a"], 500)
    first, second = next(pages), next(pages)
    assert first.startswith(prologue) and "ORDER BY ?a" in first
    assert first.endswith("OFFSET 0 LIMIT 500") and second.endswith("OFFSET 500 LIMIT 500")
    own = next(paged_queries("SELECT ?a { ?a ?p ?b } ORDER BY DESC(?a)", ["a"], 10))
    assert own.count("ORDER BY") == 1  # the query's own order is kept, not replaced


def test_remote_paging_row_cap_reads_the_virtuoso_header():
    a = GenericAdapter("http://x/q", "http://x/u", None)
    assert a.row_cap({"x-sparql-maxrows": "10000"}) == 10000
    assert a.row_cap({}) is None and a.row_cap({"x-sparql-maxrows": "junk"}) is None
