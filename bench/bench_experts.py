"""Latency of `ikg experts` on synthetic graphs, against rdflib in memory.

Generates experts, institutions (with types and regions), papers/patents/projects with titles
from a vocabulary, qualified contributions and a 4-level skos:broader technology tree as
N-Triples, bulk-loads them into an on-disk OxigraphStore (``bulk_load_source``), builds the
expert index once (timed), then measures warm p50/p95 of ``kg.experts.rank.search`` for a
query set (short keyword queries, and abstract-length texts), and the same queries through the
``ikg experts`` CLI (a new process each: start-up, index load, query; ``--cli N``). The index
build includes encoding every work with the two sentence models (``kg.experts.semantic``):
~9 s per 1k of the bench's short titles on 2 cores (``encode_s_per_work`` 0.009 at load 1.2-3,
3 Dec, both models on onnxruntime), ~7 minutes for the 45k works of 1M triples.
The same SPARQL candidate query (queries/experts/candidates.rq: experts on works under a
technology, ``skos:broader*`` + GROUP BY) runs on pyoxigraph and on an rdflib in-memory Graph.

    .venv/bin/python bench/bench_experts.py --triples 1000000 --out bench/out/experts_1m.json
    .venv/bin/python bench/bench_experts.py --triples 1000000 --fake-vectors --encode-sample 100

``--fake-vectors``: the works' sentence vectors are deterministic pseudo-random unit vectors
(from each text's hash) instead of encodings, so a 1M-triple index builds in ~20 s rather
than ~7 minutes; requests are still encoded by the real models and compared with every work's
vector, so query latency is what it would be (rankings are not). The real encoding cost is
timed on ``--encode-sample`` works and extrapolated (``encode_s_per_work``). The user's vector
cache is not touched (``IKG_CACHE_DIR`` points into the bench directory).
    .venv/bin/python bench/bench_experts.py --triples 10000000 --rdflib-max 2000000
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyoxigraph as ox
import rdflib

from kg import queries, vocab
from kg.experts import index as experts_index
from kg.experts import semantic
from kg.experts.index import get_index
from kg.experts.rank import search
from kg.store.oxigraph import OxigraphStore

WORDS = [
    "catalyst",
    "reactor",
    "membrane",
    "enzyme",
    "fermentation",
    "pretreatment",
    "hydrolysis",
    "pyrolysis",
    "gasification",
    "lignin",
    "cellulose",
    "hemicellulose",
    "xylose",
    "glucose",
    "ethanol",
    "butanol",
    "methane",
    "biogas",
    "biodiesel",
    "polymer",
    "polyester",
    "nanofiber",
    "composite",
    "sensor",
    "monitoring",
    "drilling",
    "mining",
    "coal",
    "seam",
    "gas",
    "drainage",
    "backfill",
    "safety",
    "microseismic",
    "longwall",
    "automation",
    "robot",
    "battery",
    "electrode",
    "electrolyte",
    "anode",
    "cathode",
    "hydrogen",
    "ammonia",
    "methanol",
    "olefin",
    "syngas",
    "carbon",
    "capture",
    "storage",
    "solvent",
    "adsorption",
    "distillation",
    "extraction",
    "crystallization",
    "kinetics",
    "modelling",
    "optimisation",
    "simulation",
    "pilot",
    "industrial",
    "scale",
    "yield",
    "selectivity",
    "efficiency",
    "cost",
    "lifecycle",
    "assessment",
    "straw",
    "stover",
    "bagasse",
    "poplar",
    "wheat",
    "rice",
    "corn",
    "sorghum",
    "algae",
    "yeast",
    "bacteria",
    "fungi",
]
# Chinese request words (abstract-length Chinese requests are encoded by e5 alone: the slow case)
WORDS_ZH = [
    "煤层",
    "瓦斯",
    "抽采",
    "催化剂",
    "反应器",
    "膜",
    "传感器",
    "监测",
    "生物质",
    "秸秆",
    "纤维素",
    "木质素",
    "乙醇",
    "预处理",
    "水解",
    "热解",
    "气化",
    "合成气",
    "甲醇",
    "氢气",
    "电池",
    "电极",
    "碳",
    "捕集",
    "封存",
    "充填",
    "开采",
    "安全",
    "微震",
    "自动化",
    "机器人",
    "工艺",
    "优化",
    "模拟",
    "中试",
    "工业化",
    "规模",
    "产率",
    "选择性",
    "效率",
    "成本",
    "生命周期",
    "评价",
]
ROLES = ("author", "inventor", "pi")
TYPES = (vocab.PAPER, vocab.PATENT, vocab.PROJECT)
INST_TYPES = (vocab.UNIVERSITY, vocab.RESEARCH_INSTITUTE, vocab.ENTERPRISE)


def lit(s: str, lang: str | None = "en") -> str:
    return str(ox.Literal(s, language=lang) if lang else ox.Literal(s))


def intl(n: int) -> str:
    return str(ox.Literal(str(n), datatype=vocab.XSD.integer))


def generate(path: Path, target: int, seed: int = 7) -> dict[str, int]:
    """Write ~target triples of N-Triples; return counts."""
    rnd = random.Random(seed)
    T = lambda s, p, o: f"{s} {p} {o} .\n"  # noqa: E731
    n_works = max(100, target // 22)
    n_experts = max(50, n_works // 6)
    n_inst = max(10, n_experts // 40)
    techs: list[tuple[str, str]] = []
    lines = 0
    with path.open("w", encoding="utf-8") as f:
        # 4-level technology tree: 6 × 6 × 6 × 6
        def tech(parent: str | None, level: int, label: str) -> None:
            nonlocal lines
            iri = f"<{vocab.mint('technology', 'bench', label.replace(' ', '-')).value}>"
            f.write(T(iri, f"<{vocab.TYPE.value}>", f"<{vocab.TECHNOLOGY.value}>"))
            f.write(T(iri, f"<{vocab.PREF_LABEL.value}>", lit(label)))
            lines += 2
            if parent:
                f.write(T(iri, f"<{vocab.BROADER.value}>", parent))
                lines += 1
            techs.append((iri, label))
            if level < 4:
                for k in range(6):
                    tech(iri, level + 1, f"{label} {WORDS[(hash(label) + k) % len(WORDS)]}{k}")

        for top in range(6):
            tech(None, 1, f"{WORDS[top * 7]} systems")
        regions = [f"<{vocab.mint('region', 'bench', f'R{i}').value}>" for i in range(30)]
        for i, r in enumerate(regions):
            f.write(T(r, f"<{vocab.TYPE.value}>", f"<{vocab.REGION.value}>"))
            f.write(T(r, f"<{vocab.PREF_LABEL.value}>", lit(f"Region {i}")))
        insts = []
        for i in range(n_inst):
            iri = f"<{vocab.mint('institution', 'bench', f'I{i}').value}>"
            insts.append(iri)
            f.write(T(iri, f"<{vocab.TYPE.value}>", f"<{INST_TYPES[i % 3].value}>"))
            f.write(T(iri, f"<{vocab.PREF_LABEL.value}>", lit(f"Institute {i}")))
            f.write(T(iri, f"<{vocab.REGION_P.value}>", regions[i % len(regions)]))
            lines += 3
        experts = []
        for i in range(n_experts):
            iri = f"<{vocab.mint('expert', 'bench', f'E{i}').value}>"
            experts.append(iri)
            f.write(T(iri, f"<{vocab.TYPE.value}>", f"<{vocab.EXPERT.value}>"))
            f.write(T(iri, f"<{vocab.NAME.value}>", lit(f"Expert {i}")))
            f.write(T(iri, f"<{vocab.PREF_LABEL.value}>", lit(f"Expert {i}")))
            f.write(T(iri, f"<{vocab.MEMBER_OF.value}>", insts[rnd.randrange(n_inst)]))
            f.write(T(iri, f"<{vocab.HAS_EXPERTISE.value}>", techs[rnd.randrange(len(techs))][0]))
            lines += 5
        leaves = [t for t in techs if t[1].count(" ") >= 4]
        for i in range(n_works):
            w = f"<{vocab.mint('work', 'bench', f'W{i}').value}>"
            typ = TYPES[0] if i % 10 < 7 else TYPES[1] if i % 10 < 9 else TYPES[2]
            subj, label = leaves[rnd.randrange(len(leaves))]
            words = rnd.sample(WORDS, 6) + label.split()[-2:]
            f.write(T(w, f"<{vocab.TYPE.value}>", f"<{typ.value}>"))
            f.write(T(w, f"<{vocab.TITLE.value}>", lit(" ".join(words))))
            f.write(T(w, f"<{vocab.YEAR.value}>", intl(1995 + rnd.randrange(30))))
            f.write(T(w, f"<{vocab.SUBJECT.value}>", subj))
            f.write(T(w, f"<{vocab.AFFILIATED_INSTITUTION.value}>", insts[rnd.randrange(n_inst)]))
            lines += 5
            k = rnd.randint(1, 4)
            role = "author" if typ == vocab.PAPER else "inventor" if typ == vocab.PATENT else "pi"
            for pos in range(1, k + 1):
                e = experts[rnd.randrange(n_experts)]
                c = f"<{vocab.mint('work', 'bench', f'W{i}', 'c', str(pos)).value}>"
                f.write(T(w, f"<{vocab.CREATOR.value}>", e))
                f.write(T(w, f"<{vocab.CONTRIBUTION_P.value}>", c))
                f.write(T(c, f"<{vocab.AGENT.value}>", e))
                f.write(
                    T(
                        c,
                        f"<{vocab.ROLE.value}>",
                        lit(role if pos == 1 else "member" if role == "pi" else role, None),
                    )
                )
                f.write(T(c, f"<{vocab.AUTHOR_POSITION.value}>", intl(pos)))
                f.write(T(c, f"<{vocab.AUTHOR_COUNT.value}>", intl(k)))
                lines += 6
    return {
        "triples": lines,
        "works": n_works,
        "experts": n_experts,
        "institutions": n_inst,
        "technologies": len(techs),
    }


def pct(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def _ms(lat: list[float]) -> dict[str, float]:
    return {"p50": round(pct(lat, 50), 1), "p95": round(pct(lat, 95), 1), "queries": len(lat)}


def _timed(fn, items) -> list[float]:  # noqa: ANN001 (a bench helper)
    out = []
    for x in items:
        t0 = time.perf_counter()
        fn(x)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def build_store(a: argparse.Namespace, base: Path, res: dict) -> tuple[OxigraphStore, dict, Path]:
    nt = base / "data.nt"
    t0 = time.perf_counter()
    counts = generate(nt, a.triples)
    res.update(generated=counts, generate_s=round(time.perf_counter() - t0, 1))
    print(f"generated {counts} in {res['generate_s']} s", flush=True)
    st = OxigraphStore(base / "store")
    t0 = time.perf_counter()
    with st.writer() as w:
        w.bulk_load_source("bench", nt, ox.RdfFormat.N_TRIPLES, records=counts["works"])
    res["oxigraph_load_s"] = round(time.perf_counter() - t0, 1)
    print(f"oxigraph bulk load {res['oxigraph_load_s']} s", flush=True)
    return st, counts, nt


class FakeEncoder:
    """Unit vectors from each text's hash: an index of the real shape without encoding."""

    def __init__(self, real: Any) -> None:
        self.name, self.dim = real.name, real.dim

    def encode(self, texts: list[str], *, query: bool = False) -> Any:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            seed = int(semantic.text_hash(t), 16) % (2**32)
            v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out


def time_encoding(ix: Any, sample: int, res: dict) -> None:
    """Seconds per work of the real encoders (e5 + MiniLM) on ``sample`` of the index's works."""
    texts = ix.work_text[:sample]
    t0 = time.perf_counter()
    semantic.encoder().encode(texts)
    semantic.english_encoder().encode(semantic.english_texts(texts))
    per = (time.perf_counter() - t0) / max(len(texts), 1)
    res["encode_s_per_work"] = round(per, 4)
    res["encode_all_works_h_estimate"] = round(per * len(ix.work_iris) / 3600, 2)
    print(
        f"encoding {per:.3f} s/work: all {len(ix.work_iris)} works ~{per * len(ix.work_iris) / 3600:.1f} h"
    )


def time_index(st: OxigraphStore, res: dict, fake: bool = False) -> Any:
    t0 = time.perf_counter()
    if fake:
        real_e5, real_en = semantic.encoder, semantic.english_encoder
        fake_e5, fake_en = FakeEncoder(real_e5()), FakeEncoder(real_en())
        semantic.encoder, semantic.english_encoder = lambda: fake_e5, lambda: fake_en
        try:
            ix = get_index(st)
        finally:
            semantic.encoder, semantic.english_encoder = real_e5, real_en
        res["vectors"] = "fake (hash-seeded random unit vectors; queries encoded for real)"
    else:
        ix = get_index(st)
    res["index_build_s"] = round(time.perf_counter() - t0, 1)
    idx_dir = Path(st.state_dir) / "index" / st.current_version()
    res["index_mb"] = round(sum(f.stat().st_size for f in idx_dir.iterdir()) / 1e6, 1)
    print(f"index build {res['index_build_s']} s ({res['index_mb']} MB)", flush=True)
    experts_index._MEMORY.clear()
    t0 = time.perf_counter()
    get_index(st)
    res["index_load_s"] = round(time.perf_counter() - t0, 2)
    return ix


def time_search(a: argparse.Namespace, st: OxigraphStore, ix: Any, res: dict) -> list[str]:
    """Warm in-process search (keywords, then abstract-length texts) and the CLI as a user runs
    it (a new process per query: start-up, index load, one query)."""
    rnd = random.Random(11)
    techs = list(ix.taxonomy.iris)
    qs = [
        " ".join(rnd.sample(WORDS, 2))
        if i % 2
        else ix.taxonomy.label(techs[rnd.randrange(len(techs))])
        for i in range(a.queries)
    ]
    search(st, "warm-up query", index=ix)  # not a timed one: each timed request is encoded
    warm = random.Random(13)  # two untimed texts: the second builds MiniLM's ORT session
    for _ in range(2):
        search(st, " ".join(warm.choices(WORDS, k=180)), index=ix)
    # and a Chinese one: jieba's dictionary (kg.jiebadict; built once per user and version)
    search(st, "，".join("".join(warm.choices(WORDS_ZH, k=6)) for _ in range(20)), index=ix)
    res["ikg_experts_ms"] = _ms(_timed(lambda q: search(st, q, limit=10, index=ix), qs))
    texts = [" ".join(rnd.choices(WORDS, k=180)) for _ in range(max(a.queries // 4, 3))]
    res["ikg_experts_text_ms"] = _ms(_timed(lambda t: search(st, t, limit=10, index=ix), texts))
    # Chinese abstract-length requests (~270 characters, ~230 tokens): e5 encodes them whole
    # (as many as the English texts: three made the p95 the slowest of three)
    n_zh = max(a.queries // 4, 3)
    zh = ["，".join("".join(rnd.choices(WORDS_ZH, k=6)) for _ in range(20)) for _ in range(n_zh)]
    res["ikg_experts_text_zh_ms"] = _ms(_timed(lambda t: search(st, t, limit=10, index=ix), zh))
    print(
        f"ikg experts warm: {res['ikg_experts_ms']}, text: {res['ikg_experts_text_ms']}, "
        f"Chinese text: {res['ikg_experts_text_zh_ms']}"
    )
    ikg = str(Path(sys.executable).with_name("ikg"))

    def cli(q: str) -> None:
        cmd = [ikg, "experts", q, "--store", str(st.path), "--limit", "10", "--json"]
        subprocess.run(cmd, check=True, capture_output=True, timeout=600)

    if a.cli <= 0:  # --cli 0: no CLI requests
        return techs
    res["ikg_experts_cli_ms"] = _ms(_timed(cli, qs[: a.cli]))
    res["ikg_experts_cli_text_ms"] = _ms(_timed(cli, texts[: max(a.cli // 2, 1)]))
    res["ikg_experts_cli_text_zh_ms"] = _ms(_timed(cli, zh[: max(a.cli // 2, 1)]))
    print(
        f"ikg experts CLI: {res['ikg_experts_cli_ms']}, text: {res['ikg_experts_cli_text_ms']}, "
        f"Chinese text: {res['ikg_experts_cli_text_zh_ms']}"
    )
    return techs


def time_sparql(a, st, ix, techs, nt, counts, res) -> None:  # noqa: ANN001 (a bench helper)
    """The peer: the same candidate lookup as SPARQL on pyoxigraph and on rdflib in memory."""
    rnd = random.Random(12)
    cand = queries.load("experts/candidates")
    tops = [t for t in techs if t not in ix.taxonomy.broader][:3]
    mids = [t for t in techs if ix.taxonomy.narrower_closure.get(t) and t in ix.taxonomy.broader]
    sample = tops + rnd.sample(mids, min(7, len(mids)))
    res["oxigraph_candidates_ms"] = _ms(
        _timed(lambda t: st.select(cand, {"tech": ox.NamedNode(t)}), sample)
    )
    print(f"oxigraph candidates.rq: {res['oxigraph_candidates_ms']}", flush=True)
    if counts["triples"] > a.rdflib_max:
        res["rdflib"] = (
            f"skipped: {counts['triples']} triples > --rdflib-max {a.rdflib_max} "
            "(rdflib in-memory loads ~27 s and several GB per 1M triples here)"
        )
        print(res["rdflib"], flush=True)
        return
    g = rdflib.Graph()
    t0 = time.perf_counter()
    g.parse(str(nt), format="nt")
    res["rdflib_load_s"] = round(time.perf_counter() - t0, 1)
    res["rdflib_candidates_ms"] = _ms(
        _timed(lambda t: list(g.query(cand, initBindings={"tech": rdflib.URIRef(t)})), sample)
    )
    print(f"rdflib load {res['rdflib_load_s']} s, candidates.rq: {res['rdflib_candidates_ms']}")
    res["median_ikg_over_rdflib"] = round(
        res["ikg_experts_ms"]["p50"] / max(res["rdflib_candidates_ms"]["p50"], 1e-9), 4
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--dir", default="/tmp/ikg-bench-experts")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--cli", type=int, default=10, help="queries timed through the ikg CLI")
    ap.add_argument(
        "--rdflib-max",
        type=int,
        default=2_000_000,
        help="skip rdflib above this many triples (its load is ~27 s per 1M here)",
    )
    ap.add_argument("--out", default=None)
    ap.add_argument("--fake-vectors", action="store_true", help="works' vectors not encoded")
    ap.add_argument("--encode-sample", type=int, default=0, help="works encoded for real, timed")
    a = ap.parse_args()
    base = Path(a.dir) / str(a.triples)
    shutil.rmtree(base, ignore_errors=True)
    base.mkdir(parents=True)
    if a.fake_vectors:  # keep fake vectors out of the user's cache (the CLI runs inherit it)
        os.environ["IKG_CACHE_DIR"] = str(base / "cache")
    res: dict = {"load_1m_start": round(os.getloadavg()[0], 2)}
    st, counts, nt = build_store(a, base, res)
    ix = time_index(st, res, a.fake_vectors)
    if a.encode_sample:
        time_encoding(ix, a.encode_sample, res)
    res["load_1m_before_queries"] = round(os.getloadavg()[0], 2)
    techs = time_search(a, st, ix, res)
    res["load_1m_after_queries"] = round(os.getloadavg()[0], 2)
    time_sparql(a, st, ix, techs, nt, counts, res)
    print(json.dumps(res, indent=2))
    if a.out:
        Path(a.out).parent.mkdir(parents=True, exist_ok=True)
        Path(a.out).write_text(json.dumps(res, indent=2) + "\n")
    shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
