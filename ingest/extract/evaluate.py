"""Precision, recall and F1 of entity extraction on the gold sets (``ikg eval extract``).

Gold files are JSONL, one sentence a line: ``{"text", "entities": [{"start", "end", "type"}]}``;
``extract_<lang>.jsonl`` in the gold folder (language from the file name). A prediction counts
only when its start, end and type all equal a gold entity's (strict span match).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ingest.extract.nlp import TYPES
from ingest.extract.stage import ReportExtractor
from kg.errors import InputError
from kg.settings import PROJECT_ROOT
from kg.store.base import Store

DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold"


def read_gold(path: Path) -> list[dict[str, Any]]:
    rows = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the gold file ({e})") from None
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            for e in row["entities"]:
                if e["type"] not in TYPES or not 0 <= e["start"] < e["end"] <= len(text):
                    raise ValueError(f"bad entity {e}")
        except (ValueError, KeyError, TypeError) as e:
            raise InputError(f"{path}: line {n}: not a gold row ({e})") from None
        rows.append(row)
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4)}  # fmt: skip


def evaluate(gold_dir: Path | None = None, store: Store = None) -> dict[str, Any]:
    gold_dir = gold_dir or DEFAULT_GOLD
    files = sorted(gold_dir.glob("extract_*.jsonl"))
    if not files:
        raise InputError(f"{gold_dir}: no extract_<lang>.jsonl gold files")
    extractor = ReportExtractor(store)
    result: dict[str, Any] = {"gold": str(gold_dir), "languages": {}}
    all_c: Counter[tuple[str, str]] = Counter()
    for path in files:
        lang = path.stem.split("_", 1)[1]
        if lang not in ("en", "zh"):
            continue
        rows = read_gold(path)
        c: Counter[tuple[str, str]] = Counter()
        for row in rows:
            ents, _ = extractor.analyse(row["text"], lang)
            pred = {(e.start, e.end, e.type) for e in ents}
            gold = {(e["start"], e["end"], e["type"]) for e in row["entities"]}
            for _, _, t in pred & gold:
                c[(t, "tp")] += 1
            for _, _, t in pred - gold:
                c[(t, "fp")] += 1
            for _, _, t in gold - pred:
                c[(t, "fn")] += 1
        all_c.update(c)
        result["languages"][lang] = _summary(c, len(rows))
    result["micro"] = _summary(all_c, 0)["micro"]
    return result


def _summary(c: Counter[tuple[str, str]], n: int) -> dict[str, Any]:
    types = {
        t: _prf(c[(t, "tp")], c[(t, "fp")], c[(t, "fn")])
        for t in TYPES
        if c[(t, "tp")] + c[(t, "fp")] + c[(t, "fn")]
    }
    tot = [sum(c[(t, k)] for t in TYPES) for k in ("tp", "fp", "fn")]
    return {"sentences": n, "types": types, "micro": _prf(*tot)}
