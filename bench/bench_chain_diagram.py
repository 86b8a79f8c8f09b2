"""Render time of the industry-chain diagram (issue 18) on the samples' biomass chain (30 items)
and the generated 126-item, 396-provider chain (tests/data/chains/semi126, bench/gen_chain.py).

1. kg.chains.diagram alone: build + Plotly figure (+ its JSON), and the briefing PNG.
2. The Industry chains page through Streamlit's AppTest: the first run of a chain (its SPARQL
   views, then the diagram) and the next runs (cached views: what a click or a filter costs).
3. With --browser: Debian's chromium, from choosing the chain in the selectbox to the diagram's
   markers drawn (the script run, the websocket and Plotly's drawing included).

    .venv/bin/python bench/bench_chain_diagram.py --out bench/out/chain_diagram.json --browser

Each figure is the median of --repeat runs; the 126-item chain is also given as a ratio to the
30-item biomass chain measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.pipeline import run_ingest  # noqa: E402
from kg.briefing.charts import chain_diagram_chart  # noqa: E402
from kg.chains import diagram as D  # noqa: E402
from kg.chains.industry import industry_chain, weak_links  # noqa: E402
from kg.settings import SAMPLES_DIR  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

SEMI = ROOT / "tests" / "data" / "chains" / "semi126"
CHAINS = {
    "biomass (30 items)": "https://w3id.org/ikg/id/chain/samples/biomass",
    "semiconductor (126 items)": "https://w3id.org/ikg/id/chain/semi/semiconductor",
}
LABELS = {"biomass (30 items)": "Biomass industry chain", "semiconductor (126 items)":
          "Semiconductor industry chain"}  # fmt: skip
ITEM = {"biomass (30 items)": "https://w3id.org/ikg/id/item/samples/bm-steam-reactor",
        "semiconductor (126 items)": "https://w3id.org/ikg/id/item/semi/sc-design-15"}  # fmt: skip


def _ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return round(statistics.median(times), 1)


def bench_module(store: OxigraphStore, repeat: int) -> dict:
    out = {}
    for name, iri in CHAINS.items():
        view, weak = industry_chain(store, iri), weak_links(store, iri, limit=0)
        d = D.build(view, weak)
        out[name] = {
            "items": len(d.items),
            "edges": len(d.edges),
            "build_ms": _ms(lambda v=view, w=weak: D.build(v, w), repeat),
            "figure_json_ms": _ms(lambda d=d: D.figure(d, "zh").to_json(), repeat),
            "briefing_png_ms": _ms(lambda d=d: chain_diagram_chart(d, "zh", str, "t"), repeat),
        }
    return out


def bench_page(store: OxigraphStore, repeat: int) -> dict:
    from streamlit.testing.v1 import AppTest

    os.environ["IKG_STORE"] = str(store.path)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
    at.run()
    # the page opens on the first chain (biomass): that run is biomass's first run
    opened = _ms(lambda: at.switch_page("kg/app/pages/industrychain.py").run(), 1)
    out = {}
    for name, iri in CHAINS.items():
        box = at.selectbox(key="chain_pick")
        first = _ms(lambda b=box, i=iri: b.set_value(i).run(), 1)
        first = opened if iri == CHAINS["biomass (30 items)"] else first
        next_ = _ms(lambda: at.run(), repeat)
        pick = _ms(
            lambda n=name: at.selectbox(key=f"chain_item_{CHAINS[n]}").set_value(ITEM[n]).run(), 1
        )
        if at.exception:
            raise RuntimeError([e.value for e in at.exception])
        out[name] = {"first_run_ms": first, "next_run_ms": next_, "pick_item_ms": pick}
    return out


def bench_browser(store: OxigraphStore, repeat: int) -> dict:
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests"))
    from e2e.conftest import CHROMIUM, CHROMIUM_ARGS, AppRuns, _free_port, _stop, _wait_healthy
    from e2e.test_chain_diagram import POINT_JS

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = Path(tempfile.mkstemp(suffix=".log")[1])
    cmd = [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.port",
           str(port), "--server.address", "127.0.0.1", "--server.headless", "true",
           "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]  # fmt: skip
    env = dict(os.environ, IKG_STORE=str(store.path))
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    out: dict = {}
    try:
        _wait_healthy(proc, url, log)
        urllib.request.urlopen(url).read()
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = b.new_page(viewport={"width": 1400, "height": 1000})
            runs = AppRuns(page)
            runs.open(f"{url}/industrychain")
            page.wait_for_function(POINT_JS, arg=ITEM["biomass (30 items)"])
            times: dict[str, list[float]] = {n: [] for n in CHAINS}
            for _ in range(repeat):
                for name in ("semiconductor (126 items)", "biomass (30 items)"):
                    box = page.locator('[data-testid="stSelectbox"]').first
                    box.click()
                    option = page.get_by_role("option", name=LABELS[name])
                    t0 = time.perf_counter()
                    runs.act(option.click, name)
                    page.wait_for_function(POINT_JS, arg=ITEM[name])
                    times[name].append((time.perf_counter() - t0) * 1000)
            b.close()
        out = {n: {"chain_switch_to_drawn_ms": round(statistics.median(v), 1),
                   "max_ms": round(max(v), 1)} for n, v in times.items()}  # fmt: skip
    finally:
        _stop(proc, port)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--browser", action="store_true", help="also time the drawing in chromium")
    a = ap.parse_args()
    base = Path(tempfile.mkdtemp(prefix="ikg-bench-chain-"))
    try:
        store = OxigraphStore(base / "store")
        for path, source in ((SAMPLES_DIR, "samples"), (SEMI, "semi")):
            result = run_ingest(store, [path], source=source)
            if result.error:
                raise SystemExit(f"ingest of {path} failed: {result.error}")
        res: dict = {"module": bench_module(store, a.repeat), "page": bench_page(store, a.repeat)}
        if a.browser:
            res["browser"] = bench_browser(store, a.repeat)
        big, small = "semiconductor (126 items)", "biomass (30 items)"
        res["ratio_126_to_30"] = {
            part: {k: round(v / res[part][small][k], 2) for k, v in res[part][big].items()
                   if isinstance(v, float) and res[part][small][k]}
            for part in ("module", "page", "browser") if part in res
        }  # fmt: skip
        text = json.dumps(res, indent=2, ensure_ascii=False)
        print(text)
        if a.out:
            a.out.parent.mkdir(parents=True, exist_ok=True)
            a.out.write_text(text + "\n", encoding="utf-8")
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
