"""Load test of ``ikg serve``: C concurrent clients on loopback, bounded in requests and time,
against the same queries run directly on pyoxigraph.

    .venv/bin/python bench/gen_store.py --triples 1000000 --store /tmp/ikg-bench/store
    .venv/bin/python bench/bench_server.py --store /tmp/ikg-bench/store --clients 50 \
        --requests 2000 --max-seconds 120

Only 127.0.0.1 is ever targeted; the loop stops at --requests or --max-seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from kg.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
QUERIES = {
    "experts_of_institution": (
        "SELECT ?e ?n WHERE { ?e <http://www.w3.org/ns/org#memberOf> "
        "<https://w3id.org/ikg/id/institution/bench/5> ; <http://xmlns.com/foaf/0.1/name> ?n } "
        "LIMIT 100"
    ),
    "works_of_expert": (
        "SELECT ?w ?y WHERE { ?w <http://purl.org/dc/terms/creator> "
        "<https://w3id.org/ikg/id/expert/bench/1234> ; <https://w3id.org/ikg/ontology#year> ?y }"
    ),
    "two_hop_colleagues": (
        "SELECT DISTINCT ?c WHERE { <https://w3id.org/ikg/id/expert/bench/77> "
        "<http://www.w3.org/ns/org#memberOf> ?i . ?c <http://www.w3.org/ns/org#memberOf> ?i } "
        "LIMIT 200"
    ),
    "ask_expert": "ASK { <https://w3id.org/ikg/id/expert/bench/42> a ?t }",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def direct(store_path: str, n: int) -> dict:

    store = OxigraphStore(store_path).reader()
    out = {}
    for name, q in QUERIES.items():
        t0 = time.perf_counter()
        for _ in range(n):
            r = store.query(q, use_default_graph_as_union=True)
            (r.serialize(format=ox.QueryResultsFormat.JSON))
        dt = time.perf_counter() - t0
        out[name] = {"per_query_ms": round(1000 * dt / n, 3), "qps_one_core": round(n / dt, 1)}
    return out


async def load(url: str, clients: int, requests: int, max_seconds: float) -> dict:
    names = list(QUERIES)
    lat: list[float] = []
    errors: dict[str, int] = {}
    issued = 0
    deadline = time.monotonic() + max_seconds
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async def client(cid: int, http: httpx.AsyncClient) -> None:
        nonlocal issued
        while issued < requests and time.monotonic() < deadline:
            q = QUERIES[names[issued % len(names)]]
            issued += 1
            t0 = time.perf_counter()
            try:
                r = await http.get(url, params={"query": q})
                if r.status_code != 200:
                    errors[str(r.status_code)] = errors.get(str(r.status_code), 0) + 1
                else:
                    lat.append(time.perf_counter() - t0)
            except httpx.HTTPError as e:
                errors[type(e).__name__] = errors.get(type(e).__name__, 0) + 1

    t0 = time.perf_counter()
    async with httpx.AsyncClient(limits=limits, timeout=60) as http:
        await asyncio.gather(*(client(i, http) for i in range(clients)))
    wall = time.perf_counter() - t0
    lat.sort()
    return {
        "clients": clients,
        "requests": issued,
        "ok": len(lat),
        "errors": errors,
        "seconds": round(wall, 2),
        "throughput_rps": round(len(lat) / wall, 1),
        "latency_ms_p50": round(1000 * statistics.median(lat), 1) if lat else None,
        "latency_ms_p95": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1) if lat else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--max-seconds", type=float, default=120)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from kg.cli.main import main; main()",
            "serve",
            "--store",
            a.store,
            "--port",
            str(port),
            "--workers",
            str(a.workers),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/sparql"
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.2)
        httpx.get(url, params={"query": QUERIES["ask_expert"]}, timeout=120)  # warm the views
        result = {
            "endpoint": asyncio.run(load(url, a.clients, a.requests, a.max_seconds)),
            "direct_pyoxigraph": direct(a.store, 200),
        }
    finally:
        proc.terminate()
        proc.wait(20)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
