"""A one-record ingest into a store holding the samples, against `ikg stats` on the same store.

    .venv/bin/python bench/bench_incremental.py [--runs 5] [--base STORE]

Builds the samples store in a temporary folder (or copies ``--base``, e.g. a store made by
``bench/gen_store.py``), then, ``--runs`` times and in the same run, times as a user types them:
- ``ikg stats --store S``;
- ``ikg ingest one.ris --store S --source one-N``: a new one-record RIS source, the lookup cache
  (ingest/cache.py) of the store's version in place, as after any ingest;
- the same with the cache folder removed first (``state/lookups``): the names and known entities
  are read from the store again, as on the first ingest after another kind of write.
Prints the medians, the ratios to `ikg stats` and a README table row.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.pipeline import run_ingest  # noqa: E402
from kg.settings import SAMPLES_DIR, Settings  # noqa: E402
from kg.store.oxigraph import OxigraphStore  # noqa: E402

IKG = str(Path(sys.executable).with_name("ikg"))
RECORD = """TY  - JOUR
AU  - Smith, Alice
AU  - Wang, J.W.
TI  - Enzymatic hydrolysis of corn stover after steam explosion pretreatment
PY  - 2021
JO  - Bioresource Technology
KW  - steam explosion
KW  - enzymatic hydrolysis
AD  - Jilin University, Changchun, China
AB  - Steam explosion pretreatment of corn stover improves enzymatic hydrolysis and ethanol
AB  - fermentation yields in a biorefinery.
DO  - 10.5555/bench.2021.0001
ER  -
"""


def timed(args: list[str]) -> float:
    t0 = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(args)} failed ({done.returncode}): {done.stderr[-2000:]}")
    return took


def make_store(folder: Path, base: str | None) -> OxigraphStore:
    store = OxigraphStore(folder / "store", Settings())
    if base:
        shutil.copytree(base, store.path)
        return store
    t0 = time.perf_counter()
    result = run_ingest(store, [SAMPLES_DIR], source="samples")
    if result.error:
        sys.exit(f"samples ingest failed: {result.error}")
    print(f"samples store: {store.triple_count()} triples ({time.perf_counter() - t0:.0f} s)")
    return store


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--base", help="copy this store instead of ingesting the samples")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="ikg-bench-incr-") as tmp:
        folder = Path(tmp)
        store = make_store(folder, args.base)
        s = str(store.path)
        ris = folder / "one.ris"
        ris.write_text(RECORD, encoding="utf-8")
        timed([IKG, "ingest", str(ris), "--store", s, "--source", "one-warm"])  # warm-up
        stats, warm, cold = [], [], []
        for n in range(args.runs):
            stats.append(timed([IKG, "stats", "--store", s]))
            warm.append(timed([IKG, "ingest", str(ris), "--store", s, "--source", f"one-{n}"]))
            shutil.rmtree(store.state_dir / "lookups", ignore_errors=True)
            cold.append(timed([IKG, "ingest", str(ris), "--store", s, "--source", f"c-{n}"]))
            print(f"run {n + 1}: stats {stats[-1]:.1f} s, ingest {warm[-1]:.1f} s, "
                  f"ingest without cache {cold[-1]:.1f} s", flush=True)  # fmt: skip
        st, w, c = (statistics.median(x) for x in (stats, warm, cold))
        triples = store.triple_count()
    print(f"median of {args.runs}: stats {st:.1f} s, ingest {w:.1f} s ({w / st:.2f}x), "
          f"without cache {c:.1f} s ({c / st:.2f}x)")  # fmt: skip
    print(f"| {triples:,} | {st:.1f} s | {w:.1f} s | {w / st:.2f} | {c:.1f} s | {c / st:.2f} |")


if __name__ == "__main__":
    main()
