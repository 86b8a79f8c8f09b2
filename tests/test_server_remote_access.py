"""The endpoint never fetches a URL for a client: SERVICE and LOAD are refused with a 400 that
says why, unless the operator named the endpoint in IKG_ALLOWED_SERVICES. A loopback listener
counts the connections the server makes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from test_server_protocol import free_port, make_store

from kg.app.console import QueryRunner
from kg.errors import KGError
from kg.server.remote_access import RemoteTarget, check_remote_access, remote_targets

TOKEN = "t0ken-for-remote-tests"
SECRET = "SECRET-REPLY-FROM-AN-INTERNAL-SERVICE"


class Listener:
    """A loopback HTTP listener that counts connections and answers 500 with SECRET."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.hits: list[bytes] = []
        self.arrived = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    self.hits.append(conn.recv(65536))
                    body = SECRET.encode()
                    conn.sendall(
                        b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\n"
                        b"Content-Length: %d\r\nConnection: close\r\n\r\n%s" % (len(body), body)
                    )
                except OSError:
                    pass
            self.arrived.set()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    lst = Listener()
    yield lst
    lst.close()


def _serve(store: Path, allowed: str = "") -> tuple[subprocess.Popen, str]:
    env = dict(os.environ, IKG_UPDATE_TOKEN=TOKEN, IKG_ALLOWED_SERVICES=allowed)
    port = free_port()
    cmd = [sys.executable, "-c", "from kg.cli.main import main; main()", "serve"]
    cmd += ["--store", str(store), "--port", str(port), "--timeout", "20", "--workers", "1"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"ikg serve exited: {proc.stdout.read().decode()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return proc, f"http://127.0.0.1:{port}/sparql"
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("ikg serve did not answer /health within 60 s")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("remote") / "store"
    make_store(path)
    return path


def _queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a ?b ?c . sErViCe<{url}>{{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/> SELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
    ]


def _send_all_ways(endpoint: str, query: str) -> list[httpx.Response]:
    return [
        httpx.get(endpoint, params={"query": query}, timeout=30),
        httpx.post(endpoint, data={"query": query}, timeout=30),
        httpx.post(
            endpoint,
            content=query.encode(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=30,
        ),
    ]


def test_server_remote_access_service_refused_listener_sees_nothing(store_dir, listener):
    proc, endpoint = _serve(store_dir)
    try:
        for query in _queries(listener.url):
            for r in _send_all_ways(endpoint, query):
                assert r.status_code == 400, (query, r.status_code, r.text)
                assert "SERVICE" in r.text and "IKG_ALLOWED_SERVICES" in r.text
                assert SECRET not in r.text
        # a normal query still answers (the refusal is no blanket 400)
        ok = httpx.get(endpoint, params={"query": "ASK { ?s ?p ?o }"}, timeout=30)
        assert ok.status_code == 200 and ok.json()["boolean"] is True
    finally:
        proc.terminate()
        proc.wait(20)
    assert listener.hits == []


def test_server_remote_access_update_load_and_service_refused(store_dir, listener):
    proc, endpoint = _serve(store_dir)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    updates = [
        f"LOAD <{listener.url}>",
        f"LOAD SILENT <{listener.url}> INTO GRAPH <urn:g>",
        f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}",
    ]
    try:
        for update in updates:
            form = httpx.post(endpoint, data={"update": update}, headers=auth, timeout=30)
            direct = httpx.post(
                endpoint,
                content=update.encode(),
                headers={**auth, "Content-Type": "application/sparql-update"},
                timeout=30,
            )
            for r in (form, direct):
                assert r.status_code == 400, (update, r.text)
                assert "IKG_ALLOWED_SERVICES" in r.text and SECRET not in r.text
    finally:
        proc.terminate()
        proc.wait(20)
    assert listener.hits == []


def test_server_remote_access_allowed_endpoint_is_asked_but_not_echoed(store_dir, listener):
    """The positive control: the listener does see a request when the operator allows it,
    and the remote server's reply never reaches the client."""
    proc, endpoint = _serve(store_dir, allowed=listener.url)
    try:
        r = httpx.get(
            endpoint,
            params={"query": f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"},
            timeout=30,
        )
        assert r.status_code == 502, r.text
        assert SECRET not in r.text and "remote endpoint" in r.text
        other = f"{listener.url}-not-allowed"
        refused = httpx.get(
            endpoint,
            params={"query": f"SELECT * WHERE {{ SERVICE <{other}> {{ ?s ?p ?o }} }}"},
            timeout=30,
        )
        assert refused.status_code == 400
    finally:
        proc.terminate()
        proc.wait(20)
    assert len(listener.hits) == 1 and listener.hits[0].startswith(b"POST ")


@pytest.mark.parametrize(
    "text,targets",
    [
        ("SELECT * WHERE { SERVICE <http://a/s> { ?s ?p ?o } }", [("SERVICE", "http://a/s")]),
        ("select * { service silent <http://a/s> {} }", [("SERVICE", "http://a/s")]),
        ("SELECT * {SERVICE<http://t>{}}", [("SERVICE", "http://t")]),
        ("PREFIX e: <http://e/> SELECT * { SERVICE e:q {} }", [("SERVICE", "http://e/q")]),
        ("SELECT * { SERVICE ?x {} }", [("SERVICE", None)]),
        ("SELECT * { SERVICE <rel> {} }", [("SERVICE", None)]),
        ("LOAD <http://l/d.ttl> INTO GRAPH <urn:g>", [("LOAD", "http://l/d.ttl")]),
        ("SELECT * { \\u0053ERVICE <http://e2> {} }", [("SERVICE", "http://e2")]),
        # a \u escape that closes a string in one reading and not in the other
        (
            'SELECT * { FILTER(?x = "\\u0022") SERVICE <http://ev> {} } # """',
            [("SERVICE", "http://ev")],
        ),
        # no keyword: inside a string, a comment, an IRI, a variable, a prefixed name
        ('SELECT * { ?s <http://x/service> "SERVICE <http://b>" } # SERVICE <http://c>', []),
        ('SELECT ?service { ?service e:SERVICE ?o ; ?p """x\nSERVICE <http://n> "y" """ }', []),
        ("SELECT * { ?a ?b ?c FILTER(?a<?b) }", []),
    ],
)
def test_remote_access_targets_read_like_a_parser(text, targets):
    assert remote_targets(text) == [RemoteTarget(k, i) for k, i in targets]


def test_remote_access_allow_list_is_exact():
    check_remote_access("SELECT * { SERVICE <http://a/s> {} }", ["http://a/s"])
    with pytest.raises(KGError, match="SERVICE <http://a/s2> refused"):
        check_remote_access("SELECT * { SERVICE <http://a/s2> {} }", ["http://a/s"])
    with pytest.raises(KGError, match="a variable"):
        check_remote_access("SELECT * { SERVICE ?x {} }", ["http://a/s"])


def test_remote_access_app_console_refuses_service(tmp_path, listener):
    runner = QueryRunner(str(tmp_path / "store"))
    with pytest.raises(KGError, match="IKG_ALLOWED_SERVICES"):
        runner.run(f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}")
    assert runner._proc is None and listener.hits == []
