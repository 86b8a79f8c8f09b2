"""The app's read-only SPARQL console: a query runs in a worker process killed at the timeout.

pyoxigraph cannot cancel a running query from Python, so the console reuses the endpoint's
worker (``kg.server.pool.worker_main``: read-only store, result cap) in one spawned process;
a query that overruns the timeout kills the worker and the next query starts a fresh one.
Updates and SERVICE calls (``kg.server.remote_access``) are refused before anything runs, and
the worker only ever calls ``Store.query``.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing as mp
import re
import threading
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from kg.errors import QueryError
from kg.queries import strip_comments_and_strings
from kg.server.pool import worker_main
from kg.server.remote_access import check_remote_access
from kg.settings import Settings

ACCEPT = "application/sparql-results+json, application/n-triples"
QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_WORDS = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
)
_PROLOGUE = re.compile(r"^\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*(?:<[^>]*>)?\s*)*", re.I)


@dataclass
class ConsoleResult:
    kind: str  # "select" | "ask" | "graph"
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str]] = field(default_factory=list)
    boolean: bool | None = None
    triples: str = ""  # N-Triples of a CONSTRUCT/DESCRIBE answer
    truncated: bool = False
    csv: bytes = b""
    json: bytes = b""


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; QueryError for updates and anything else."""
    blank = strip_comments_and_strings(text)
    body = _PROLOGUE.sub("", blank, count=1)
    word = (re.match(r"\s*([A-Za-z]+)", body) or [None, ""])[1].upper()
    if word in QUERY_FORMS:
        return word
    if word in UPDATE_WORDS or re.search(r"\b(INSERT|DELETE)\s+(DATA\s*)?\{", blank, re.I):
        raise QueryError(
            f"{word or 'this'} is a SPARQL Update: the console is read-only; use `ikg ingest` "
            "to change the store"
        )
    raise QueryError(
        "the text is not a SPARQL query: start it with SELECT, ASK, CONSTRUCT or DESCRIBE "
        "(after any PREFIX lines)"
    )


class QueryRunner:
    """One worker process on one store; ``run`` is thread-safe (one query at a time)."""

    def __init__(self, store_path: str, timeout: float = 30.0, limit: int = 10_000) -> None:
        self.store_path = store_path
        self.timeout = timeout
        self.limit = limit
        self._ctx = mp.get_context("spawn")
        self._proc: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()

    def _start(self) -> None:

        self._conn, child = self._ctx.Pipe()
        self._proc = self._ctx.Process(
            target=worker_main, args=(child, self.store_path), daemon=True
        )
        self._proc.start()
        child.close()

    def ensure_started(self) -> None:
        """Start the worker ahead of the first query (the spawn costs about a second)."""
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self._proc is not None:
                self._proc.kill()
                self._proc.join(5)
        with contextlib.suppress(Exception):
            if self._conn is not None:
                self._conn.close()
        self._proc = self._conn = None

    def run(
        self, text: str, timeout: float | None = None, limit: int | None = None
    ) -> ConsoleResult:
        form = query_form(text)
        check_remote_access(text, Settings.from_env().allowed_services.split())  # no SSRF
        limit = self.limit if limit is None else limit
        timeout = self.timeout if timeout is None else timeout
        job = {"kind": "query", "text": text, "full": True, "accept": ACCEPT, "limit": limit}
        with self._lock:
            if self._proc is None or not self._proc.is_alive():
                self._start()
            try:
                self._conn.send(job)
                if not self._conn.poll(timeout):
                    self.close()
                    raise QueryError(
                        f"the query was cut at the {timeout:g} s timeout; ask for less or add "
                        "a LIMIT"
                    )
                reply = self._conn.recv()
            except (EOFError, OSError) as e:
                self.close()
                raise QueryError(f"the query worker failed: {e}") from None
        if reply.status != 200:
            raise QueryError(reply.body.decode("utf-8", "replace").strip())
        truncated = reply.headers.get("IKG-Truncated") == "true"
        if form in ("CONSTRUCT", "DESCRIBE"):
            return ConsoleResult("graph", triples=reply.body.decode("utf-8"), truncated=truncated)
        return _solutions(reply.body, truncated)


def _solutions(body: bytes, truncated: bool) -> ConsoleResult:
    doc = json.loads(body)
    parsed = ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
    csv = parsed.serialize(format=ox.QueryResultsFormat.CSV)
    if "boolean" in doc:
        return ConsoleResult("ask", boolean=bool(doc["boolean"]), csv=csv, json=body)
    cols = doc["head"]["vars"]
    rows = [{c: b[c]["value"] if c in b else "" for c in cols} for b in doc["results"]["bindings"]]
    return ConsoleResult("select", cols, rows, truncated=truncated, csv=csv, json=body)
