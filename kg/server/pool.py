"""Query workers for ``ikg serve``: each SPARQL request runs in a worker process that the server
kills at the deadline (pyoxigraph cannot cancel a running query from Python).

A worker opens the published store version read-only and serialises the answer itself, so the
server process only moves bytes. Anonymous queries run against a *redacted copy* of the
published version: a RocksDB checkpoint (hard links, milliseconds) from which every quad whose
predicate is a contact predicate (e-mail, telephone) is deleted, together with every other quad
that carries one of those values. A query cannot see what the copy does not hold, so no
expression (``STR``, ``CONCAT``, ``FILTER`` probing, ``GRAPH ?g``) can leak it; post-filtering
result terms would miss derived values.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing as mp
import os
import shutil
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg import vocab
from kg.errors import KGError
from kg.server.negotiate import choose_rdf, choose_results
from kg.store.oxigraph import OxigraphStore

# predicates whose values anonymous clients never see
REDACTED_PREDICATES = [
    vocab.EMAIL,
    vocab.TELEPHONE,
    vocab.SDO.faxNumber,
    vocab.FOAF.mbox,
    vocab.FOAF.mbox_sha1sum,
    vocab.FOAF.phone,
    ox.NamedNode("http://www.w3.org/2006/vcard/ns#hasEmail"),
    ox.NamedNode("http://www.w3.org/2006/vcard/ns#hasTelephone"),
    ox.NamedNode("http://www.w3.org/2006/vcard/ns#email"),
    ox.NamedNode("http://www.w3.org/2006/vcard/ns#tel"),
]
_VALUES = " ".join(str(p) for p in REDACTED_PREDICATES)
# every quad that holds a contact value, as object or subject, in any graph
REDACT_UPDATE = f"""
DELETE {{ GRAPH ?g {{ ?s ?p ?v }} }} WHERE {{
  {{ SELECT DISTINCT ?v WHERE {{ {{ GRAPH ?h {{ ?x ?rp ?v }} }} UNION {{ ?x ?rp ?v }}
    VALUES ?rp {{ {_VALUES} }} }} }}
  GRAPH ?g {{ ?s ?p ?v }} }} ;
DELETE {{ ?s ?p ?v }} WHERE {{
  {{ SELECT DISTINCT ?v WHERE {{ {{ GRAPH ?h {{ ?x ?rp ?v }} }} UNION {{ ?x ?rp ?v }}
    VALUES ?rp {{ {_VALUES} }} }} }}
  ?s ?p ?v }} ;
DELETE {{ GRAPH ?g {{ ?v ?p ?o }} }} WHERE {{
  {{ SELECT DISTINCT ?v WHERE {{ GRAPH ?h {{ ?x ?rp ?v }} VALUES ?rp {{ {_VALUES} }}
    FILTER(isIRI(?v)) }} }}
  GRAPH ?g {{ ?v ?p ?o }} }}
"""


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


def error_reply(status: int, message: str) -> Reply:
    return Reply(status, "text/plain; charset=utf-8", (message + "\n").encode())


# -- views of the store (worker side) ------------------------------------------------------


class Views:
    """Read-only pyoxigraph stores for the published version: full and redacted."""

    def __init__(self, store_path: str) -> None:
        self.path = Path(store_path)
        self._open: dict[tuple[str, bool], ox.Store] = {}

    def version(self) -> str | None:
        try:
            return (self.path / "CURRENT").read_text().strip() or None
        except FileNotFoundError:
            return None

    def get(self, full: bool) -> ox.Store:
        version = self.version()
        if version is None:
            return ox.Store()
        key = (version, full)
        if key not in self._open:
            self._open = {k: v for k, v in self._open.items() if k[0] == version}
            vdir = self.path / "versions" / version
            target = vdir if full else ensure_redacted(self.path, version)
            self._open[key] = ox.Store.read_only(str(target))
        return self._open[key]


def ensure_redacted(store_path: Path, version: str) -> Path:
    """The redacted copy of a published version, built once (under a lock) and kept."""
    from filelock import FileLock

    rdir = store_path / "redacted"
    final = rdir / version
    if final.exists():
        return final
    rdir.mkdir(parents=True, exist_ok=True)
    with FileLock(str(rdir / ".lock")):
        if final.exists():
            return final
        tmp = rdir / f"{version}.tmp"
        shutil.rmtree(tmp, ignore_errors=True)
        ox.Store.read_only(str(store_path / "versions" / version)).backup(str(tmp))
        st = ox.Store(str(tmp))
        st.update(REDACT_UPDATE)
        st.flush()
        del st
        os.replace(tmp, final)
        for old in rdir.iterdir():
            if old.is_dir() and old.name != version:
                shutil.rmtree(old, ignore_errors=True)
    return final


# -- query execution (worker side) ---------------------------------------------------------


def _term_json(t: Any) -> dict[str, Any]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        out: dict[str, Any] = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != vocab.XSD.string.value:
            out["datatype"] = t.datatype.value
        return out
    return {
        "type": "triple",
        "value": {
            "subject": _term_json(t.subject),
            "predicate": _term_json(t.predicate),
            "object": _term_json(t.object),
        },
    }


def run_query(store: ox.Store, job: dict[str, Any]) -> Reply:
    kwargs: dict[str, Any] = {"use_default_graph_as_union": True}
    if job.get("default_graphs"):
        kwargs = {"default_graph": [ox.NamedNode(g) for g in job["default_graphs"]]}
    if job.get("named_graphs"):
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job["named_graphs"]]
    try:
        result = store.query(job["text"], **kwargs)
    except SyntaxError as e:
        return error_reply(400, f"SPARQL query does not parse: {e}")
    except ValueError as e:
        if job.get("remote"):
            return error_reply(502, REMOTE_FAILED)
        return error_reply(400, f"bad query request: {e}")
    limit = int(job["limit"])
    if isinstance(result, ox.QueryBoolean):
        fmt, ctype = choose_results(job["accept"])
        if fmt is None:
            return error_reply(406, f"ASK results are not available as {job['accept']}")
        return Reply(200, ctype, result.serialize(format=fmt))
    if isinstance(result, ox.QuerySolutions):
        fmt, ctype = choose_results(job["accept"])
        if fmt is None:
            return error_reply(406, f"SELECT results are not available as {job['accept']}")
        names = [v.value for v in result.variables]
        rows = []
        truncated = False
        for sol in result:
            if len(rows) >= limit:
                truncated = True
                break
            rows.append({n: _term_json(sol[n]) for n in names if sol[n] is not None})
        # re-read through pyoxigraph so its serialisers write every format
        doc = json.dumps({"head": {"vars": names}, "results": {"bindings": rows}})
        capped = ox.parse_query_results(doc.encode(), ox.QueryResultsFormat.JSON)
        headers = {"IKG-Truncated": "true"} if truncated else {}
        return Reply(200, ctype, capped.serialize(format=fmt), headers)
    fmt, ctype = choose_rdf(job["accept"])
    if fmt is None:
        return error_reply(406, f"CONSTRUCT/DESCRIBE results are not available as {job['accept']}")
    triples = []
    truncated = False
    for t in result:
        if len(triples) >= limit:
            truncated = True
            break
        triples.append(t)
    prefixes = vocab.PREFIXES if fmt == ox.RdfFormat.TURTLE else None
    body = ox.serialize(triples, format=fmt, prefixes=prefixes)
    headers = {"IKG-Truncated": "true"} if truncated else {}
    return Reply(200, ctype, body or b"", headers)


def run_update(store_path: str, text: str) -> Reply:

    try:
        with OxigraphStore(store_path).writer() as w:
            w.update(text)
    except KGError as e:
        status = 503 if type(e).__name__ == "LockError" else 400
        return error_reply(status, str(e))
    return Reply(204, "text/plain", b"")


REMOTE_FAILED = (
    "a remote endpoint (allowed by IKG_ALLOWED_SERVICES) failed; its answer is not passed on"
)


def answer(views: Views, store_path: str, job: dict[str, Any]) -> Reply:
    """The reply to one job; a failure is an error reply, never a dead worker. When the query
    reached a remote endpoint, the remote server's words never reach the client."""
    try:
        if job["kind"] == "update":
            return run_update(store_path, job["text"])
        return run_query(views.get(bool(job["full"])), job)
    except Exception as e:  # noqa: BLE001 - a worker answers, never dies silently
        if job.get("remote"):
            return error_reply(502, REMOTE_FAILED)
        if isinstance(e, OSError):
            return error_reply(500, f"store error: {e}")
        return error_reply(500, f"{type(e).__name__}: {e}")


def worker_main(conn: Any, store_path: str) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    views = Views(store_path)
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        conn.send(answer(views, store_path, job))


# -- the pool (server side) ----------------------------------------------------------------


class _Worker:
    def __init__(self, ctx: Any, store_path: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, store_path), daemon=True)
        self.proc.start()
        child.close()

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.proc.kill()
            self.proc.join(5)
        with contextlib.suppress(Exception):
            self.conn.close()


class WorkerPool:
    """A fixed number of worker processes; a request that overruns its deadline kills its worker."""

    def __init__(self, store_path: str, size: int = 2) -> None:
        self.store_path = store_path
        self.size = max(1, size)
        self._ctx = mp.get_context("spawn")
        self._idle: asyncio.Queue[_Worker] | None = None
        self.killed = 0

    async def start(self) -> None:
        self._idle = asyncio.Queue()
        workers = await asyncio.to_thread(
            lambda: [_Worker(self._ctx, self.store_path) for _ in range(self.size)]
        )
        for w in workers:
            self._idle.put_nowait(w)

    async def stop(self) -> None:
        if self._idle is None:
            return
        while not self._idle.empty():
            self._idle.get_nowait().kill()

    async def run(self, job: dict[str, Any], timeout: float) -> Reply:
        assert self._idle is not None, "WorkerPool.start() was not awaited"
        deadline = time.monotonic() + timeout
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            return error_reply(503, f"server busy: no query worker free within {timeout:g} s")
        loop = asyncio.get_running_loop()
        ready: asyncio.Future[None] = loop.create_future()
        fd = worker.conn.fileno()
        try:
            worker.conn.send(job)
            loop.add_reader(fd, lambda: ready.done() or ready.set_result(None))
            try:
                await asyncio.wait_for(ready, max(0.0, deadline - time.monotonic()))
            finally:
                loop.remove_reader(fd)
            reply: Reply = await asyncio.to_thread(worker.conn.recv)
        except (TimeoutError, asyncio.CancelledError, EOFError, OSError) as e:
            worker.kill()
            self.killed += 1
            worker = await asyncio.to_thread(_Worker, self._ctx, self.store_path)
            self._idle.put_nowait(worker)
            if isinstance(e, asyncio.CancelledError):
                raise
            if isinstance(e, TimeoutError):
                what = "update" if job.get("kind") == "update" else "query"
                return error_reply(
                    503, f"{what} cut at the {timeout:g} s timeout (ask for less, or add LIMIT)"
                )
            return error_reply(500, f"query worker failed: {e}")
        self._idle.put_nowait(worker)
        return reply
