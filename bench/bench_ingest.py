"""Ingest, export and validation throughput on generated OpenAlex-style works, against peers in
the same run, each measurement in its own process (so each peak RSS is its own).

    .venv/bin/python bench/bench_ingest.py [--sizes 20000 200000] [--out bench/out] [--pyshacl]
        [--no-index] [--workers N] [--stream | --no-stream] [--only ikg ...]

For each size it generates N works (JSON Lines, the real OpenAlex API shape) and measures:
- ikg: ``run_ingest`` end to end (load and map, gazetteer tagging, resolver, the SHACL gate,
  write to disk and publish), stage by stage, records mapped and tagged in ``--workers``
  processes forked from the ingest's (IKG_INGEST_WORKERS; default 1: in the ingest's own process;
  either way the store bulk-loads in a thread beside the resolver and the SHACL gate); the expert index
  built after the source landed (sentence vectors, cold cache) is timed as its own stage and
  reported apart (``--no-index`` leaves it out: it is the experts' index, not the ingest);
- peer: rdflib parsing the same graph as N-Triples into an in-memory Graph;
- ceiling: pyoxigraph's raw N-Triples ``bulk_load`` into an on-disk store;
- export: ``ikg export --format nt`` of the whole store against the store's own N-Quads dump;
- validate: ``ikg validate`` (the compiled SHACL engine, the default ``IKG_SHACL_ENGINE``) on
  the store, and pySHACL on it with ``--pyshacl``.
The N-Triples file is ikg's own export of the source it ingested, so every peer loads the same
triples. Peak memory is each process's maximum resident set (``ru_maxrss``); the ingest also
reports its CPU seconds and the highest resident set sampled in each stage (``ikg_stages_peak_mb``),
and ``ikg_vs_rdflib_cpu`` is the ratio in CPU seconds (less moved by other jobs on the machine),
the ingest's counting its forked workers' (``ikg_children_cpu_s``).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from ingest import pipeline, write  # noqa: E402
from ingest.stream import workers as ingest_workers  # noqa: E402
from kg.export.rdf import export_rdf  # noqa: E402
from kg.settings import Settings  # noqa: E402
from kg.shacl import run_shacl, validate_store  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

WORDS = [
    "steam",
    "explosion",
    "pretreatment",
    "corn",
    "straw",
    "cellulosic",
    "ethanol",
    "enzymatic",
    "hydrolysis",
    "lignin",
    "biogas",
    "anaerobic",
    "digestion",
    "lactic",
    "acid",
    "polylactic",
    "acid",
    "succinic",
    "acid",
    "furfural",
    "biodiesel",
    "gasification",
    "pyrolysis",
    "bio-oil",
    "coal",
    "mining",
    "longwall",
    "methane",
    "drainage",
    "coal",
    "gasification",
    "liquefaction",
    "olefins",
    "carbon",
    "capture",
    "storage",
    "catalyst",
    "yield",
    "kinetics",
    "reactor",
    "process",
    "model",
]
SURNAMES = [
    "Li",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Zhao",
    "Huang",
    "Zhou",
    "Wu",
    "Xu",
    "Sun",
    "Hu",
    "Zhu",
    "Gao",
    "Lin",
    "He",
    "Guo",
    "Ma",
]
GIVEN = [
    "Wei",
    "Fang",
    "Min",
    "Jing",
    "Lei",
    "Jun",
    "Yan",
    "Hong",
    "Tao",
    "Ping",
    "Qiang",
    "Hui",
    "Xin",
    "Yu",
    "Bo",
    "Ning",
]


def make_works(n: int, path: Path, seed: int = 7) -> None:
    rnd = random.Random(seed)
    n_authors, n_inst = max(50, n // 4), max(20, n // 100)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            title = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 12))).capitalize()
            abstract = [rnd.choice(WORDS) for _ in range(rnd.randint(40, 80))]
            index: dict[str, list[int]] = {}
            for pos, w in enumerate(abstract):
                index.setdefault(w, []).append(pos)
            auths = []
            for pos in range(rnd.randint(1, 6)):
                a = rnd.randrange(n_authors)
                inst = rnd.randrange(n_inst)
                auths.append(
                    {
                        "author_position": "first" if pos == 0 else "middle",
                        "author": {
                            "id": f"https://openalex.org/A{a}",
                            "display_name": f"{GIVEN[a % len(GIVEN)]} {SURNAMES[a % len(SURNAMES)]}",
                        },
                        "institutions": [
                            {
                                "id": f"https://openalex.org/I{inst}",
                                "display_name": f"Institute {inst}",
                                "country_code": ["CN", "US", "DE", "DK"][inst % 4],
                                "type": ["education", "company", "facility"][inst % 3],
                            }
                        ],
                        "raw_affiliation_strings": [f"Institute {inst}, City"],
                    }
                )
            work = {
                "id": f"https://openalex.org/W{i}",
                "title": title,
                "publication_year": rnd.randint(2005, 2025),
                "type": "article",
                "authorships": auths,
                "keywords": [{"display_name": rnd.choice(WORDS)} for _ in range(3)],
                "abstract_inverted_index": index,
            }
            fh.write(json.dumps(work) + "\n")


class RssSampler:
    """The process's resident set every 0.1 s in a thread; ``take`` gives the highest since
    the last ``take`` (what a stage peaked at)."""

    def __init__(self) -> None:
        self.high = 0
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    @staticmethod
    def rss_mb() -> int:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 2**20

    def _run(self) -> None:
        while not self.done.wait(0.1):
            self.high = max(self.high, self.rss_mb())

    def start(self) -> None:
        self.thread.start()

    def stop(self) -> None:
        self.done.set()
        self.thread.join()

    def take(self) -> int:
        high, self.high = max(self.high, self.rss_mb()), 0
        return high


def peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def measure_ikg(tmp: Path, with_index: bool, stream: bool | None = None) -> dict:
    if not with_index:  # --no-index: the expert index (not ingest's own work) is not built
        pipeline.refresh_indexes = lambda store, result, progress: None
    settings = Settings.from_env()  # IKG_INGEST_WORKERS (--workers) applies
    store = OxigraphStore(tmp / "store", settings)
    stages: dict[str, float] = {}
    cpu: dict[str, float] = {}
    peaks: dict[str, int] = {}
    last = [time.perf_counter(), time.process_time()]
    sampler = RssSampler()

    def progress(stage: str, done: int, total: int) -> None:
        now, now_cpu = time.perf_counter(), time.process_time()
        stages[stage] = stages.get(stage, 0.0) + now - last[0]
        cpu[stage] = cpu.get(stage, 0.0) + now_cpu - last[1]
        peaks[stage] = max(peaks.get(stage, 0), sampler.take())
        last[0], last[1] = now, now_cpu

    with store.writer() as w:  # the built-in vocabularies are loaded once, before timing
        write.ensure_builtins(w, store)
    gc.collect()
    workers = ingest_workers(settings)
    sampler.start()
    t0, c0 = last[0], last[1] = time.perf_counter(), time.process_time()
    result = pipeline.run_ingest(
        store, [tmp / "works.jsonl"], source="bench", progress=progress, stream_input=stream
    )
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)  # forked workers, reaped by now
    sampler.stop()
    assert result.error is None and not result.quarantined, str(result.as_json())[:2000]
    peak = peak_mb()  # the ingest's own, before the export made for the peers raises it
    export_rdf(store, "nt", tmp / "bench.nt", graph="bench")
    index = stages.pop("index", 0.0)
    return {
        "triples": result.triples,
        "records": result.records,
        "ikg_s": round(total - index, 2),
        "ikg_stages_s": {k: round(v, 2) for k, v in stages.items()},
        # CPU time of the ingest's own process (less moved by other jobs on the machine than
        # the wall clock) and the highest resident set sampled during each stage
        "ikg_cpu_s": round(total_cpu - cpu.get("index", 0.0), 2),
        "ikg_stages_cpu_s": {k: round(v, 2) for k, v in cpu.items()},
        "ikg_stages_peak_mb": peaks,
        "index_s": round(index, 2) if with_index else None,
        "ikg_peak_mb": peak,  # the ingest's own process, the ingest alone
        # the forked workers' (map and tag) CPU seconds and the largest one's
        # peak resident set (much of it pages shared with the ingest's process)
        "ikg_children_cpu_s": round(kids.ru_utime + kids.ru_stime, 2),
        "ikg_children_peak_mb": round(kids.ru_maxrss / 1024),
        "ikg_workers": workers,  # 1: no worker processes
        "ikg_stream": stream,  # --stream/--no-stream (None: by input size)
    }


def measure_rdflib(tmp: Path) -> dict:
    c0 = time.process_time()
    t, _ = timed(lambda: rdflib.Graph().parse(tmp / "bench.nt", format="nt"))
    cpu = time.process_time() - c0
    return {
        "rdflib_parse_s": round(t, 2),
        "rdflib_cpu_s": round(cpu, 2),
        "rdflib_peak_mb": peak_mb(),
    }


def measure_oxigraph(tmp: Path) -> dict:
    store = ox.Store(str(tmp / "ceiling"))
    t, _ = timed(lambda: store.bulk_load(path=str(tmp / "bench.nt"), format=ox.RdfFormat.N_TRIPLES))
    return {"oxigraph_bulk_load_s": round(t, 2), "oxigraph_peak_mb": peak_mb()}


def measure_export(tmp: Path) -> dict:
    store = OxigraphStore(tmp / "store", Settings())
    t_ikg, n = timed(lambda: export_rdf(store, "nt", tmp / "all.nt"))
    t_dump, _ = timed(lambda: store.reader().dump(str(tmp / "all.nq"), ox.RdfFormat.N_QUADS))
    return {
        "export_nt_triples": n,
        "export_nt_s": round(t_ikg, 2),
        "store_dump_nq_s": round(t_dump, 2),
    }


def measure_validate(tmp: Path, with_pyshacl: bool) -> dict:
    store = OxigraphStore(tmp / "store", Settings())
    t_ikg, report = timed(lambda: validate_store(store))
    out = {"validate_s": round(t_ikg, 2), "validate_results": len(report.results)}
    if with_pyshacl:
        triples = [ox.Triple(q.subject, q.predicate, q.object) for q in store.quads()]
        t_ref, ref = timed(lambda: run_shacl(triples, "pyshacl"))
        out |= {"pyshacl_s": round(t_ref, 2), "pyshacl_results": len(ref.results)}
        out["same_report"] = [r.as_json() for r in ref.results] == [
            r.as_json() for r in report.results
        ]
    return out


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def child(what: str, tmp: Path, args: argparse.Namespace) -> dict:
    """One measurement in a fresh process: its time and its own peak memory."""
    cmd = [sys.executable, __file__, "--child", what, "--tmp", str(tmp)]
    cmd += ["--pyshacl"] if args.pyshacl else []
    cmd += ["--no-index"] if args.no_index else []
    cmd += [] if args.stream is None else ["--stream" if args.stream else "--no-stream"]
    env = dict(os.environ, IKG_CACHE_DIR=str(tmp / "cache"))  # cold sentence-vector cache
    if args.workers is not None:
        env["IKG_INGEST_WORKERS"] = str(args.workers)
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{what} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(size: int, args: argparse.Namespace) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"ikg-bench-{size}-"))
    try:
        make_works(size, tmp / "works.jsonl")
        row: dict = {"works": size, "load_avg": round(os.getloadavg()[0], 1)}  # at the start
        for what in args.only or ("ikg", "rdflib", "oxigraph", "export", "validate"):
            row |= child(what, tmp, args)
        row["load_avg_end"] = round(os.getloadavg()[0], 1)  # the machine is shared: say how busy
        if args.only:  # some measurements only: no ratios
            print(json.dumps(row), flush=True)
            return row
        row["ikg_works_per_s"] = round(size / row["ikg_s"])
        row["ikg_vs_rdflib"] = round(row["rdflib_parse_s"] / row["ikg_s"], 2)
        # the same ratio in CPU seconds: on a shared machine it moves less with the load
        # (the ingest's CPU counts its worker processes')
        ikg_cpu = row["ikg_cpu_s"] + row["ikg_children_cpu_s"]
        row["ikg_vs_rdflib_cpu"] = round(row["rdflib_cpu_s"] / ikg_cpu, 2)
        row["ikg_vs_ceiling"] = round(row["oxigraph_bulk_load_s"] / row["ikg_s"], 3)
        if row.get("pyshacl_s"):
            row["validate_vs_pyshacl"] = round(row["validate_s"] / row["pyshacl_s"], 2)
        row["export_vs_dump"] = round(row["export_nt_s"] / row["store_dump_nq_s"], 2)
        index = "not built (--no-index)" if row["index_s"] is None else f"{row['index_s']} s"
        sys.stderr.write(
            f"{size} works: ingest {row['ikg_s']} s ({row['ikg_works_per_s']} works/s, peak RSS "
            f"{row['ikg_peak_mb']} MB, {row['ikg_workers']} workers), expert index {index}; "
            f"rdflib parse {row['rdflib_parse_s']} s -> ikg/rdflib {row['ikg_vs_rdflib']} wall, "
            f"{row['ikg_vs_rdflib_cpu']} CPU ({row['rdflib_cpu_s']} / {ikg_cpu:.2f} s); "
            f"load average {row['load_avg']} -> {row['load_avg_end']}\n"
        )
        print(json.dumps(row), flush=True)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


MEASURES = {
    "ikg": lambda tmp, a: measure_ikg(tmp, not a.no_index, a.stream),
    "rdflib": lambda tmp, a: measure_rdflib(tmp),
    "oxigraph": lambda tmp, a: measure_oxigraph(tmp),
    "export": lambda tmp, a: measure_export(tmp),
    "validate": lambda tmp, a: measure_validate(tmp, a.pyshacl),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000, 200_000])
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    ap.add_argument("--pyshacl", action="store_true", help="also time pySHACL on the store")
    ap.add_argument("--no-index", action="store_true", help="skip the expert index build")
    ap.add_argument(
        "--workers", type=int, help="IKG_INGEST_WORKERS for the ingest (0: one per core)"
    )
    ap.add_argument(
        "--stream",
        action=argparse.BooleanOptionalAction,
        help="ingest with --stream / --no-stream (default: by input size)",
    )
    ap.add_argument(
        "--only", nargs="+", choices=sorted(MEASURES), help="run only these measurements"
    )
    ap.add_argument("--child", choices=sorted(MEASURES), help=argparse.SUPPRESS)
    ap.add_argument("--tmp", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(MEASURES[args.child](args.tmp, args)), flush=True)
        return
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [run(n, args) for n in args.sizes]
    (args.out / "ingest.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
