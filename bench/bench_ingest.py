"""Ingest throughput on generated OpenAlex-style works, against peers in the same run.

    .venv/bin/python bench/bench_ingest.py [--sizes 10000 100000] [--out bench/out]

For each size it generates N works (JSON Lines, the real OpenAlex API shape) and times:
- ikg: ``run_ingest`` end to end (load, tag, SHACL gate with pySHACL, write to disk);
- ikg without the gate's cost split out (the stage timings are printed too);
- peer: rdflib parse-and-add of the same graph as N-Triples into an in-memory Graph;
- ceiling: pyoxigraph's raw N-Triples ``bulk_load`` into an on-disk store.
The N-Triples file is ikg's own export of what it ingested, so every peer loads the same triples.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402
import rdflib  # noqa: E402

from ingest import pipeline, write  # noqa: E402
from kg.export.rdf import export_rdf  # noqa: E402
from kg.settings import Settings  # noqa: E402
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


def timed(fn):
    gc.collect()
    t0 = time.perf_counter()
    out = fn()
    return time.perf_counter() - t0, out


def run(size: int, out: Path) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix=f"ikg-bench-{size}-"))
    try:
        works = tmp / "works.jsonl"
        make_works(size, works)
        store = OxigraphStore(tmp / "store", Settings())
        stages: dict[str, float] = {}
        last = [time.perf_counter()]

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            stages[stage] = stages.get(stage, 0.0) + now - last[0]
            last[0] = now

        # the built-in vocabularies are loaded once, before timing
        with store.writer() as w:
            write.ensure_builtins(w, store)
        last[0] = time.perf_counter()
        t_ikg, result = timed(
            lambda: pipeline.run_ingest(store, [works], source="bench", progress=progress)
        )
        assert result.error is None and not result.quarantined, str(result.as_json())[:2000]
        triples = result.triples
        nt = tmp / "bench.nt"
        export_rdf(store, "nt", nt, graph="bench")
        t_rdflib, _ = timed(lambda: rdflib.Graph().parse(nt, format="nt"))
        t_ox, _ = timed(
            lambda: ox.Store(str(tmp / "ceiling")).bulk_load(
                path=str(nt), format=ox.RdfFormat.N_TRIPLES
            )
        )
        row = {
            "works": size,
            "triples": triples,
            "ikg_s": round(t_ikg, 2),
            "ikg_works_per_s": round(size / t_ikg),
            "ikg_stages_s": {k: round(v, 2) for k, v in stages.items()},
            "rdflib_parse_add_s": round(t_rdflib, 2),
            "oxigraph_bulk_load_s": round(t_ox, 2),
            "ikg_vs_rdflib": round(t_rdflib / t_ikg, 2),
            "ikg_vs_ceiling": round(t_ox / t_ikg, 3),
        }
        print(json.dumps(row), flush=True)
        return row
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--out", type=Path, default=Path("bench/out"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [run(n, args.out) for n in args.sizes]
    (args.out / "ingest.json").write_text(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
