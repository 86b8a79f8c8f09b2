"""``ikg serve`` started as a subprocess on a free loopback port, queried with raw HTTP (httpx)
and with a real SPARQL client (SPARQLWrapper)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from kg.server.app import create_app
from kg.store.oxigraph import OxigraphStore

TOKEN = "t0ken-for-tests"
EXPERTS_TTL = """
@prefix ikg: <https://w3id.org/ikg/ontology#> . @prefix schema: <https://schema.org/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/ikg/id/expert/t/1> a ikg:Expert ; foaf:name "Alice Zhang"@en , "张爱丽"@zh ;
  schema:email "alice@example.org" ; schema:telephone "+86 10 1234 5678" .
<https://w3id.org/ikg/id/expert/t/2> a ikg:Expert ; foaf:name "Bob O'Neil" ;
  schema:email "bob@example.org" ; rdfs:comment "bob@example.org" .
<https://w3id.org/ikg/id/expert/t/3> a ikg:Expert ; foaf:name "Carol" .
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_store(path: Path, ttl: str = EXPERTS_TTL) -> OxigraphStore:
    st = OxigraphStore(path)
    with st.writer() as w:
        w.replace_source("t", ox.parse(ttl.encode(), ox.RdfFormat.TURTLE), records=3)
    return st


def start_serve(store: Path, port: int, *extra: str, token: str | None = TOKEN):
    env = {k: v for k, v in os.environ.items() if k != "IKG_UPDATE_TOKEN"}
    if token:
        env["IKG_UPDATE_TOKEN"] = token
    cmd = [
        sys.executable,
        "-c",
        "from kg.cli.main import main; main()",
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
        *extra,
    ]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"ikg serve exited: {proc.stdout.read().decode()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("ikg serve did not become ready within 60 s")


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    store = tmp_path_factory.mktemp("serve") / "store"
    make_store(store)
    port = free_port()
    proc = start_serve(store, port, "--timeout", "2", "--limit", "5", "--workers", "2")
    yield f"http://127.0.0.1:{port}/sparql"
    proc.terminate()
    proc.wait(10)


ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"
NAMES = (
    "SELECT ?n WHERE { ?e a <https://w3id.org/ikg/ontology#Expert> ; "
    "<http://xmlns.com/foaf/0.1/name> ?n } ORDER BY ?n"
)


def _names(resp: httpx.Response) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [b["n"]["value"] for b in resp.json()["results"]["bindings"]]


def test_server_query_get_form_and_direct_post(endpoint):
    want = ["Alice Zhang", "Bob O'Neil", "Carol", "张爱丽"]
    assert _names(httpx.get(endpoint, params={"query": NAMES})) == want
    assert _names(httpx.post(endpoint, data={"query": NAMES})) == want
    r = httpx.post(
        endpoint, content=NAMES.encode(), headers={"Content-Type": "application/sparql-query"}
    )
    assert _names(r) == want


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ],
)
def test_server_select_formats_parse_back(endpoint, accept, fmt):
    r = httpx.get(endpoint, params={"query": NAMES}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    rows = ox.parse_query_results(r.content, fmt)
    assert sorted(sol["n"].value for sol in rows) == [
        "Alice Zhang",
        "Bob O'Neil",
        "Carol",
        "张爱丽",
    ]


def test_server_csv_and_ask(endpoint):
    r = httpx.get(endpoint, params={"query": NAMES}, headers={"Accept": "text/csv"})
    assert r.text.splitlines()[0] == "n" and "Bob O'Neil" in r.text
    ask = httpx.get(endpoint, params={"query": "ASK { ?s a ?c }"})
    assert ask.json() == {"head": {}, "boolean": True}
    xml = httpx.get(
        endpoint,
        params={"query": "ASK { ?s a ?c }"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert bool(ox.parse_query_results(xml.content, ox.QueryResultsFormat.XML))


@pytest.mark.parametrize(
    "accept,fmt",
    [
        ("text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_server_construct_formats_parse_back(endpoint, accept, fmt):
    q = "CONSTRUCT { ?e <http://xmlns.com/foaf/0.1/name> ?n } WHERE { ?e <http://xmlns.com/foaf/0.1/name> ?n }"
    r = httpx.post(endpoint, data={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    triples = list(ox.parse(r.content, fmt))
    assert sorted(t.object.value for t in triples) == [
        "Alice Zhang",
        "Bob O'Neil",
        "Carol",
        "张爱丽",
    ]


def test_server_sparqlwrapper_client(endpoint):
    from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

    sw = SPARQLWrapper(endpoint)
    sw.setQuery(NAMES)
    sw.setReturnFormat(JSON)
    got = sw.query().convert()
    assert [b["n"]["value"] for b in got["results"]["bindings"]][:2] == [
        "Alice Zhang",
        "Bob O'Neil",
    ]
    sw.setMethod("POST")
    sw.setQuery("CONSTRUCT WHERE { ?e a <https://w3id.org/ikg/ontology#Expert> }")
    sw.setReturnFormat(TURTLE)
    data = sw.query().convert()
    assert len(list(ox.parse(data, ox.RdfFormat.TURTLE))) == 3


def test_server_redacts_contacts_for_anonymous(endpoint):
    probes = [
        "SELECT ?o WHERE { ?s <https://schema.org/email> ?o }",
        "SELECT ?o WHERE { ?s ?p ?o FILTER(CONTAINS(STR(?o), '@')) }",
        "SELECT ?x WHERE { GRAPH ?g { ?s ?p ?o } BIND(CONCAT('x', STR(?o)) AS ?x) "
        "FILTER(CONTAINS(?x, '@') || CONTAINS(?x, '+86')) }",
    ]
    for q in probes:
        r = httpx.get(endpoint, params={"query": q})
        assert r.status_code == 200 and r.json()["results"]["bindings"] == [], q
    q = (
        "CONSTRUCT { ?s ?p ?o } WHERE { VALUES ?s { <https://w3id.org/ikg/id/expert/t/1> "
        "<https://w3id.org/ikg/id/expert/t/2> } ?s ?p ?o }"
    )
    c = httpx.get(endpoint, params={"query": q}, headers={"Accept": "application/n-triples"})
    assert "ikg-truncated" not in c.headers and len(c.text.splitlines()) == 5
    assert "@example.org" not in c.text and "+86" not in c.text and "Bob O'Neil" in c.text
    ask = httpx.get(endpoint, params={"query": "ASK { ?s <https://schema.org/telephone> ?t }"})
    assert ask.json()["boolean"] is False
    full = httpx.get(
        endpoint, params={"query": probes[0]}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert sorted(b["o"]["value"] for b in full.json()["results"]["bindings"]) == [
        "alice@example.org",
        "bob@example.org",
    ]
    bad = httpx.get(endpoint, params={"query": probes[0]}, headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 403


def test_server_update_needs_token(endpoint):
    upd = 'INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:b> "upd" } }'
    hdr = {"Content-Type": "application/sparql-update"}
    r = httpx.post(endpoint, content=upd, headers=hdr)
    assert r.status_code == 401 and "Bearer" in r.headers["www-authenticate"]
    r = httpx.post(endpoint, content=upd, headers={**hdr, "Authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = httpx.post(endpoint, data={"update": upd}, headers={"Authorization": "Basic eDp5"})
    assert r.status_code == 403
    ask = "ASK { <urn:test:a> <urn:test:b> 'upd' }"
    assert httpx.get(endpoint, params={"query": ask}).json()["boolean"] is False
    r = httpx.post(endpoint, content=upd, headers={**hdr, "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    assert httpx.get(endpoint, params={"query": ask}).json()["boolean"] is True
    r = httpx.post(
        endpoint,
        data={"update": f"DELETE DATA {upd[12:]}"},
        headers={"Authorization": f"Bearer {TOKEN}"},
    )
    assert r.status_code == 204, r.text
    assert httpx.get(endpoint, params={"query": ask}).json()["boolean"] is False
    r = httpx.get(endpoint, params={"update": upd}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 405


def test_server_runaway_query_is_cut_and_server_stays_up(endpoint):
    cross = (
        "SELECT (COUNT(*) AS ?n) WHERE { "
        + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(9))
        + " }"
    )
    t0 = time.monotonic()
    r = httpx.get(endpoint, params={"query": cross}, timeout=30)
    took = time.monotonic() - t0
    assert r.status_code == 503 and "timeout" in r.text
    assert took < 2 + 5
    t0 = time.monotonic()
    assert _names(httpx.get(endpoint, params={"query": NAMES}))[0] == "Alice Zhang"
    assert time.monotonic() - t0 < 10


def test_server_result_cap_and_errors(endpoint):
    r = httpx.get(endpoint, params={"query": ALL})
    assert len(r.json()["results"]["bindings"]) == 5 and r.headers["ikg-truncated"] == "true"
    r = httpx.get(endpoint, params={"query": "SELEC nonsense"})
    assert r.status_code == 400 and "parse" in r.text
    r = httpx.get(endpoint, params={"query": NAMES}, headers={"Accept": "image/png"})
    assert r.status_code == 406


def test_server_cors_description_void_and_page(endpoint):
    base = endpoint.rsplit("/", 1)[0]
    r = httpx.get(endpoint, params={"query": NAMES}, headers={"Origin": "https://example.net"})
    assert r.headers["access-control-allow-origin"] in ("*", "https://example.net")
    pre = httpx.options(
        endpoint, headers={"Origin": "https://example.net", "Access-Control-Request-Method": "POST"}
    )
    assert pre.status_code == 200
    sd = httpx.get(endpoint, headers={"Accept": "text/turtle"})
    g = list(ox.parse(sd.content, ox.RdfFormat.TURTLE))
    sdns = "http://www.w3.org/ns/sparql-service-description#"
    assert any(t.object.value == sdns + "Service" for t in g)
    assert any(t.predicate.value == sdns + "endpoint" and t.object.value == endpoint for t in g)
    void = httpx.get(base + "/.well-known/void", headers={"Accept": "application/n-triples"})
    vt = list(ox.parse(void.content, ox.RdfFormat.N_TRIPLES))
    counts = [t.object.value for t in vt if t.predicate.value == "http://rdfs.org/ns/void#triples"]
    assert "11" in counts
    page = httpx.get(base + "/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "<form" in page.text and "stats/classes" in page.text


def test_server_update_refused_without_configured_token(tmp_path):
    from starlette.testclient import TestClient

    st = make_store(tmp_path / "store")
    os.environ.pop("IKG_UPDATE_TOKEN_NONE", None)
    app = create_app(st, token_env="IKG_UPDATE_TOKEN_NONE", workers=1, timeout=20)
    with TestClient(app) as client:
        r = client.post(
            "/sparql",
            content="INSERT DATA { <urn:a> <urn:b> <urn:c> }",
            headers={
                "Content-Type": "application/sparql-update",
                "Authorization": "Bearer anything",
            },
        )
        assert r.status_code == 403
        r = client.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"})
        assert r.status_code == 403
        r = client.get("/sparql", params={"query": NAMES, "format": "json"})
        assert json.loads(r.text)["results"]["bindings"][0]["n"]["value"] == "Alice Zhang"
