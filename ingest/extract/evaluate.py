"""Scoring entity extraction on tagged gold files (``ikg eval extract``).

Formats (``--format``):

* ``jsonl``: the project's own gold sets, one sentence a line ``{"text", "entities": [{"start",
  "end", "type"}]}`` (``extract_<lang>.jsonl`` in a folder; scored sentence by sentence).
* ``bio`` / ``bmes``: one token a line, ``TOKEN<TAB or space>TAG``, a blank line between
  sentences. Tags B-/I-/O (``bio``) or B-/M-/E-/S-/O (``bmes``; BIOES and BILOU read as well).
  A language prefix on every token (``en:Paris``) is dropped; so is a trailing digit on every
  token (the Weibo segmentation mark ``李0``).
* ``cluener``: JSON lines ``{"text", "label": {type: {name: [[start, end_inclusive], ...]}}}``.
* ``affiliations``: TSV with a header holding ``affiliation_string`` and ``labels_name`` (a
  Python list literal of ``"ID - Name"``; ID ``-1`` means no institution).

How a file is scored (the public protocol in the dev sets' README): the records of the chosen
half (``even``: records 0, 2, 4, … in file order; ``odd``: 1, 3, 5, …) are joined with ``\\n``
into one text, one record a line; tokens of a word-level file are joined with one space (none
between two CJK tokens), tokens of a character-level file with nothing. Extraction runs once on
that text, through the same path as ``ikg extract FILE.txt``. NER: a prediction counts when its
``(start, end, type)`` equals a gold span exactly; per type precision, recall, F1. Only the ikg
types the gold file annotates are scored (a Technology is no error on a set without them).
Affiliations: an ``Organization`` span counts when its normalised text (NFKC, case-folded,
punctuation to spaces, spaces collapsed) equals a gold institution name of its line, or one
contains the other with a length ratio of at least 0.6; recall counts gold names matched so.
"""

from __future__ import annotations

import ast
import bisect
import csv
import io
import json
import re
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ingest.extract.ents import detect_lang
from ingest.extract.nlp import TYPES
from ingest.extract.stage import ReportExtractor, extract_report_text
from ingest.loaders.report_text import read_text_report
from kg.errors import InputError
from kg.settings import PROJECT_ROOT
from kg.store.base import Store

DEFAULT_GOLD = PROJECT_ROOT / "tests" / "gold"

FORMATS = ("jsonl", "bio", "bmes", "cluener", "affiliations")
HALVES = ("all", "even", "odd")

# gold type (upper case, after dropping a ".NAM" suffix) -> ikg type; anything else is not scored
TYPE_MAP: dict[str, str] = {
    **dict.fromkeys(("PER", "PERSON", "NAME", "NR"), "Person"),
    **dict.fromkeys(
        (
            "ORG",
            "ORGANIZATION",
            "ORGANISATION",
            "NT",
            "CORP",
            "CORPORATION",
            "GROUP",
            "COMPANY",
            "GOVERNMENT",
        ),
        "Organization",
    ),  # fmt: skip
    **dict.fromkeys(("LOC", "LOCATION", "GPE", "NS"), "Place"),
}
_PREFIX = re.compile(r"^[a-z]{2,3}:")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
Span = tuple[int, int, str]
Extractor = Callable[[str, str], list[Any]]


@dataclass
class GoldText:
    """The joined text of one half of a gold file and what it should yield."""

    text: str
    lang: str
    records: int
    spans: set[Span] = field(default_factory=set)
    types: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)
    institutions: list[list[str]] | None = None  # affiliations: gold names per line


def map_type(raw: str) -> str | None:
    t = raw.strip().upper()
    if t.endswith(".NOM"):
        return None  # nominal mentions ("the company") are not names
    t = t.removesuffix(".NAM")
    return TYPE_MAP.get(t)


def _read_lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"{path}: cannot read the gold file as UTF-8 ({e})") from None
    # only \n (and \r\n) end a line: U+2028 inside a record is part of the record
    return [ln.removesuffix("\r") for ln in text.split("\n")]


def read_tagged(path: Path) -> list[tuple[list[str], list[str]]]:
    """Sentences of a token-per-line file as (tokens, tags)."""
    sents: list[tuple[list[str], list[str]]] = []
    toks: list[str] = []
    tags: list[str] = []
    for n, line in enumerate(_read_lines(path), start=1):
        if not line.replace("\ufeff", "").strip():
            if toks:
                sents.append((toks, tags))
            toks, tags = [], []
            continue
        sep = "\t" if "\t" in line else " "
        tok, _, tag = line.rpartition(sep)
        tag = tag.strip()
        if not tok or not (tag == "O" or re.match(r"^[BIMESLU]-\S+$", tag)):
            raise InputError(
                f"{path}: line {n}: not 'TOKEN<TAB>TAG' with a B-/I-/M-/E-/S-/O tag: {line[:80]!r}"
            )
        toks.append(tok)
        tags.append(tag)
    if toks:
        sents.append((toks, tags))
    if not sents:
        raise InputError(f"{path}: no tagged sentences")
    return sents


def tag_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """Token spans ``(first, last + 1, raw type)`` of BIO, BMES, BIOES or BILOU tags."""
    out: list[tuple[int, int, str]] = []
    cur: list[Any] | None = None
    for i, tag in enumerate(tags):
        pre, _, typ = tag.partition("-")
        if pre in ("I", "M") and cur is not None and cur[2] == typ:
            cur[1] = i + 1
            continue
        if pre in ("E", "L") and cur is not None and cur[2] == typ:
            out.append((cur[0], i + 1, typ))
            cur = None
            continue
        if cur is not None:
            out.append((cur[0], cur[1], cur[2]))
            cur = None
        if pre in ("S", "U", "E", "L"):
            out.append((i, i + 1, typ))
        elif pre in ("B", "I", "M"):
            cur = [i, i + 1, typ]
    if cur is not None:
        out.append((cur[0], cur[1], cur[2]))
    return out


def clean_tokens(sents: list[tuple[list[str], list[str]]]) -> None:
    """Drop a prefix every token carries (``en:``) and a digit every token ends in (Weibo)."""
    toks = [t for s, _ in sents for t in s]
    m = _PREFIX.match(toks[0])
    if m and all(t.startswith(m.group()) for t in toks):
        k = len(m.group())
        for s, _ in sents:
            s[:] = [t[k:] for t in s]
    if all(len(t) >= 2 and t[-1].isdigit() for t in toks):
        for s, _ in sents:
            s[:] = [t[:-1] for t in s]


def _joiner(sents: list[tuple[list[str], list[str]]]) -> Callable[[str, str], str]:
    toks = [t for s, _ in sents for t in s]
    if sum(len(t) == 1 for t in toks) >= 0.95 * len(toks):
        return lambda a, b: ""
    return lambda a, b: "" if _CJK.match(a[-1]) and _CJK.match(b[0]) else " "


def pick(items: list[Any], half: str) -> list[Any]:
    if half not in HALVES:
        raise InputError(f"--half {half!r}: use all, even or odd")
    return items if half == "all" else items[(0 if half == "even" else 1) :: 2]


def _collect(records: Iterable[tuple[str, list[Span]]], lang: str) -> GoldText:
    parts: list[str] = []
    gold = GoldText("", lang, 0)
    pos = 0
    for text, spans in records:
        text = _LINE_BREAK.sub(" ", text)
        gold.line_starts.append(pos)
        gold.spans |= {(pos + a, pos + b, t) for a, b, t in spans}
        parts.append(text)
        pos += len(text) + 1
        gold.records += 1
    gold.text = "\n".join(parts)
    return gold


def gold_tagged(path: Path, half: str, lang: str) -> GoldText:
    sents = read_tagged(path)
    clean_tokens(sents)
    join = _joiner(sents)
    types = {map_type(t) for _, tags in sents for _, _, t in tag_spans(tags)} - {None}

    def record(toks: list[str], tags: list[str]) -> tuple[str, list[Span]]:
        starts, text = [], ""
        for i, t in enumerate(toks):
            if i:
                text += join(toks[i - 1], t)
            starts.append(len(text))
            text += t
        spans = []
        for a, b, raw in tag_spans(tags):
            typ = map_type(raw)
            if typ is not None:
                spans.append((starts[a], starts[b - 1] + len(toks[b - 1]), typ))
        return text, spans

    gold = _collect((record(*s) for s in pick(sents, half)), lang)
    gold.types = sorted(types)
    return gold


def gold_cluener(path: Path, half: str, lang: str) -> GoldText:
    records: list[tuple[str, list[Span]]] = []
    types: set[str] = set()
    for n, line in enumerate(_read_lines(path), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text = row["text"]
            spans = []
            for raw, names in (row.get("label") or {}).items():
                typ = map_type(raw)
                for name, places in names.items():
                    for a, b in places:
                        if text[a : b + 1] != name:
                            raise ValueError(f"{name!r} is not at [{a}, {b}]")
                        if typ:
                            spans.append((a, b + 1, typ))
                if typ:
                    types.add(typ)
        except (ValueError, KeyError, TypeError, AttributeError) as e:
            raise InputError(f"{path}: line {n}: not a CLUENER row ({e})") from None
        records.append((text, spans))
    gold = _collect(pick(records, half), lang)
    gold.types = sorted(types)
    return gold


def read_affiliations(path: Path) -> list[tuple[str, list[str]]]:
    text = "\n".join(_read_lines(path))
    reader = csv.DictReader(io.StringIO(text), delimiter="\t")
    need = {"affiliation_string", "labels_name"}
    if not need <= set(reader.fieldnames or ()):
        raise InputError(f"{path}: line 1: the header needs the columns {sorted(need)}")
    out = []
    for row in reader:
        try:
            labels = ast.literal_eval(row["labels_name"])
            names = []
            for x in labels:
                ident, _, name = str(x).partition(" - ")
                if ident.strip() != "-1" and name.strip():
                    names.append(name.strip())
        except (ValueError, SyntaxError, TypeError) as e:
            raise InputError(
                f"{path}: line {reader.line_num}: labels_name is not a list literal ({e})"
            ) from None
        out.append((" ".join((row["affiliation_string"] or "").split()), names))
    return out


def gold_affiliations(path: Path, half: str, lang: str) -> GoldText:
    rows = pick(read_affiliations(path), half)
    gold = _collect(((s, []) for s, _ in rows), lang)
    gold.institutions = [names for _, names in rows]
    gold.types = ["Organization"]
    return gold


def load_gold(path: Path, fmt: str, half: str = "all", lang: str = "auto") -> GoldText:
    """The joined text and gold of one half of a gold file."""
    if not path.is_file():
        raise InputError(f"{path}: no such gold file")
    readers = {"bio": gold_tagged, "bmes": gold_tagged, "cluener": gold_cluener,
               "affiliations": gold_affiliations}  # fmt: skip
    if fmt not in readers:
        raise InputError(f"--format {fmt!r}: use one of {', '.join(FORMATS)}")
    return readers[fmt](path, half, lang)


def norm_name(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).casefold()
    return " ".join(re.sub(r"[^\w\s]|_", " ", s).split())


def same_institution(pred: str, gold: str) -> bool:
    p, g = norm_name(pred), norm_name(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    if p in g or g in p:
        return min(len(p), len(g)) / max(len(p), len(g)) >= 0.6
    return False


def prf(tp: int, fp: int, fn: int) -> dict[str, Any]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
            "f1": round(f, 4)}  # fmt: skip


def score_spans(pred: Iterable[Span], gold: GoldText) -> dict[str, Any]:
    pset = {p for p in pred if p[2] in gold.types}
    types = {}
    for t in gold.types:
        p = {x for x in pset if x[2] == t}
        g = {x for x in gold.spans if x[2] == t}
        tp = len(p & g)
        types[t] = prf(tp, len(p) - tp, len(g) - tp)
    tot = [sum(types[t][k] for t in types) for k in ("tp", "fp", "fn")]
    return {"types": types, "micro": prf(*tot)}


def score_affiliations(pred: Iterable[Span], text: str, gold: GoldText) -> dict[str, Any]:
    assert gold.institutions is not None
    by_line: list[list[str]] = [[] for _ in gold.institutions]
    for a, b, t in pred:
        if t == "Organization":
            by_line[bisect.bisect_right(gold.line_starts, a) - 1].append(text[a:b])
    tp_p = n_p = tp_r = n_g = 0
    for preds, names in zip(by_line, gold.institutions, strict=True):
        n_p += len(preds)
        n_g += len(names)
        tp_p += sum(any(same_institution(p, g) for g in names) for p in preds)
        tp_r += sum(any(same_institution(p, g) for p in preds) for g in names)
    p = tp_p / n_p if n_p else 0.0
    r = tp_r / n_g if n_g else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    inst = {"predicted": n_p, "gold": n_g, "precision_tp": tp_p, "recall_tp": tp_r,
            "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}  # fmt: skip
    return {"types": {"Organization": inst}}


def run_gold(gold: GoldText, extract: Extractor) -> dict[str, Any]:
    """Extract once from the joined text and score it; offsets are checked against the text."""
    extract(gold.text[:200], gold.lang)  # load the models before the clock starts
    t0 = time.perf_counter()
    ents = extract(gold.text, gold.lang)
    secs = time.perf_counter() - t0
    bad = sum(gold.text[e.start : e.end] != e.text for e in ents)
    pred = [(e.start, e.end, e.type) for e in ents]
    if gold.institutions is not None:
        res = score_affiliations(pred, gold.text, gold)
    else:
        res = score_spans(pred, gold)
    res.update(
        offset_mismatches=bad,
        records=gold.records,
        chars=len(gold.text),
        seconds=round(secs, 3),
        chars_per_s=round(len(gold.text) / secs) if secs else None,  # models loaded before
    )
    return res


def evaluate_file(path: Path, fmt: str, lang: str = "auto", half: str = "all",
                  store: Store | None = None) -> dict[str, Any]:  # fmt: skip
    """Score one gold file the public way: its joined text goes through the same path as
    ``ikg extract FILE.txt`` (re-flow, recognisers, offsets mapped back to the text)."""
    gold = load_gold(path, fmt, half, lang)
    if gold.lang not in ("en", "zh"):
        gold.lang = detect_lang(gold.text)

    def extract(text: str, lang: str) -> list[Any]:
        return extract_report_text(read_text_report(text, "txt"), lang, store)

    res = run_gold(gold, extract)
    return {"gold": str(path), "format": fmt, "half": half, "lang": gold.lang, **res}


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


def evaluate(gold_dir: Path | None = None, store: Store | None = None) -> dict[str, Any]:
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
        t: prf(c[(t, "tp")], c[(t, "fp")], c[(t, "fn")])
        for t in TYPES
        if c[(t, "tp")] + c[(t, "fp")] + c[(t, "fn")]
    }
    tot = [sum(c[(t, k)] for t in TYPES) for k in ("tp", "fp", "fn")]
    return {"sentences": n, "types": types, "micro": prf(*tot)}
