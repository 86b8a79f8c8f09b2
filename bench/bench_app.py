"""Latency of the app's interactions, measured through Streamlit's AppTest (a full script run
per interaction, as a browser rerun does, minus the network and drawing).

1. The samples: ingest data/samples into a fresh store, then time the first (cold) and the
   next (warm) run of every page, and the main interactions (expert search, a filter, chain
   selection, a SPARQL run). Target: each under 1 s warm.
2. A generated graph of ~1M triples (bench/bench_experts.py's generator: experts, institutions,
   papers/patents/projects with titles, a technology tree): time the expert search on the
   Expert finder page. The expert index is built once per store version (timed separately,
   cached on disk) as `ikg experts` does. Target: under 2 s.

    .venv/bin/python bench/bench_app.py --out bench/out/app.json
    .venv/bin/python bench/bench_app.py --skip-1m        # samples only (~1 min)
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import statistics
import time
from pathlib import Path

import pyoxigraph as ox

from ingest.pipeline import run_ingest
from kg.app import common as c
from kg.app.pages import PAGES
from kg.app.profiles import institutions
from kg.experts.index import get_index
from kg.settings import SAMPLES_DIR
from kg.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE_QUERIES = [
    "cellulosic ethanol",
    "steam explosion pretreatment",
    "纤维素乙醇",
    "coal gasification",
    "polylactic acid",
]


def _timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return round((time.perf_counter() - t0) * 1000, 1)


def _app(store: Path):
    from streamlit.testing.v1 import AppTest

    os.environ["IKG_STORE"] = str(store)
    at = AppTest.from_file(APP, default_timeout=600)
    return at


def _check(at) -> None:
    if at.exception:
        raise RuntimeError([e.value for e in at.exception])


def bench_samples(base: Path) -> dict:

    store = base / "samples"
    shutil.rmtree(store, ignore_errors=True)
    st = OxigraphStore(store)
    t0 = time.perf_counter()
    run_ingest(st, [SAMPLES_DIR], source="samples")
    out: dict = {"ingest_s": round(time.perf_counter() - t0, 1), "pages_ms": {}}
    at = _app(store)
    out["start_ms"] = _timed(at.run)
    _check(at)
    for spec in PAGES:
        cold = _timed(lambda s=spec: at.switch_page(s.path).run())
        _check(at)
        warm = _timed(at.run)
        out["pages_ms"][spec.key] = {"cold": cold, "warm": warm}
    at.switch_page("kg/app/pages/experts.py").run()
    inter: dict = {}
    lat = []
    for q in SAMPLE_QUERIES:
        lat.append(_timed(lambda q=q: at.text_input(key="exp_q").input(q).run()))
        _check(at)
    inter["expert_search_first_ms"] = lat[0]
    inter["expert_search_next_ms_median"] = round(statistics.median(lat[1:]), 1)
    opts = at.multiselect(key="f_exclude")
    first_inst = next(iter(_iris(opts)), None)
    if first_inst:
        inter["exclude_filter_ms"] = _timed(lambda: opts.set_value([first_inst]).run())
    inter["add_to_shortlist_ms"] = _timed(lambda: at.button(key="add_1").click().run())
    at.switch_page("kg/app/pages/industrychain.py").run()
    sb = at.selectbox(key="chain_pick")
    chains = list(_iris(sb))
    inter["chain_switch_ms"] = _timed(lambda: sb.set_value(chains[-1]).run())
    at.switch_page("kg/app/pages/sparql.py").run()
    inter["sparql_first_run_ms"] = _timed(lambda: at.button(key="sq_run").click().run())
    inter["sparql_next_run_ms"] = _timed(lambda: at.button(key="sq_run").click().run())
    inter["language_switch_ms"] = _timed(lambda: at.sidebar.radio(key="lang").set_value("zh").run())
    _check(at)
    out["interactions_ms"] = inter
    return out


def _iris(widget) -> list[str]:
    """The raw option values of a select widget (AppTest shows them formatted)."""
    if widget.type == "multiselect":
        ix = c._index(c.store_path(), c.version())
        return [i["iri"] for i in institutions(ix)]

    return [ch["iri"] for ch in c.chains(c.store_path(), c.version())]


def bench_1m(base: Path, triples: int) -> dict:

    spec = importlib.util.spec_from_file_location(
        "bench_experts", ROOT / "bench" / "bench_experts.py"
    )
    be = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(be)  # type: ignore[union-attr]
    d = base / f"gen{triples}"
    shutil.rmtree(d, ignore_errors=True)
    d.mkdir(parents=True)
    nt = d / "data.nt"
    counts = be.generate(nt, triples)
    st = OxigraphStore(d / "store")
    t0 = time.perf_counter()
    with st.writer() as w:
        w.bulk_load_source("bench", nt, ox.RdfFormat.N_TRIPLES, records=counts["works"])
    out: dict = {"generated": counts, "load_s": round(time.perf_counter() - t0, 1)}

    t0 = time.perf_counter()
    ix = get_index(st)
    out["index_build_s"] = round(time.perf_counter() - t0, 1)
    labels = [ix.taxonomy.label(t) for t in list(ix.taxonomy.iris)[:200:20]]
    queries = labels[:5] + [" ".join(be.WORDS[i : i + 2]) for i in range(0, 10, 2)]
    at = _app(d / "store")
    out["start_ms"] = _timed(at.run)
    out["experts_page_cold_ms"] = _timed(lambda: at.switch_page("kg/app/pages/experts.py").run())
    _check(at)
    lat = []
    for q in queries:
        lat.append(_timed(lambda q=q: at.text_input(key="exp_q").input(q).run()))
        _check(at)
        if not [m for m in at.markdown if m.value.startswith("**1. ")]:
            raise RuntimeError(f"no result for {q!r}")
    out["expert_search_ms"] = {
        "first": lat[0],
        "median": round(statistics.median(lat), 1),
        "max": max(lat),
        "max_after_first": max(lat[1:]),
        "queries": len(lat),
    }
    out["index_rebuild_note"] = "index built once per store version, then loaded from disk"
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", default="/tmp/ikg-bench-app")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--skip-1m", action="store_true")
    ap.add_argument("--out", default=None)
    a = ap.parse_args()
    base = Path(a.dir)
    base.mkdir(parents=True, exist_ok=True)
    res = {"samples": bench_samples(base)}
    print(json.dumps(res, indent=2, ensure_ascii=False), flush=True)
    if not a.skip_1m:
        res["generated"] = bench_1m(base, a.triples)
        print(json.dumps(res["generated"], indent=2, ensure_ascii=False), flush=True)
    if a.out:
        Path(a.out).write_text(json.dumps(res, indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
