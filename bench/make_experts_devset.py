"""Build an expert-finding dev set in the reviewer-expertise protocol's shape from OpenAlex works.

Nothing here was written by the project: the works, their authors (OpenAlex author IDs), and the
concepts/topics/keywords are OpenAlex's (CC0), assigned by OpenAlex's own classifiers. The ranker
never sees those labels; they only grade relevance.

Shape written (JSON), the one ``ikg eval experts --gold PATH`` reads:

    {"source": ..., "people":  [{"id", "name", "works": [{"id", "title", "text", "year",
                                                          "position"}]}],
     "queries": [{"id", "title", "text", "year"}],
     "ratings": [{"person", "query", "rating"}]}

How it is made (deterministic, file order):
- people: OpenAlex authors with at least ``--min-works`` works in the input;
- queries: for each person in order of first appearance, their last work (file order) that is
  not yet a query; every query work is removed from every profile (a person keeps the rest);
  people left with fewer than 2 profile works are dropped;
- ratings per person: each query they wrote is rated 3; other queries are rated by how close
  OpenAlex's labels of the query work are to the labels of the person's profile works (max over
  the profile of the cosine of IDF-weighted concept/topic/keyword vectors): >= 0.5 → 2,
  >= 0.2 → 1, else 0; the ``--near`` closest and ``--far`` other (hash-picked) queries are rated.

Works with neither a title nor an abstract are skipped. Input: OpenAlex works as the API returns them (a JSON list, ``{"results": [...]}``, a JSON
lines file, or an entity-samples file with a ``works`` key), or the flattened CSV written by
openalexR / biblium (``authorships.author.id`` etc. joined with ``|``), or a Web of Science
plain-text export (``FN``/``PT``/``ER`` tagged records): there the people are the full author
names (``AF``) and the grading labels are Clarivate's Keywords Plus (``ID``, made from the titles
of the works a paper cites, not from its own text) and Web of Science categories (``WC``, of
the journal); the authors' own keywords (``DE``) are not used.

    python bench/make_experts_devset.py WORKS --out /tmp/experts-dev.json
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

DEFAULT_SOURCE = Path("/work/shared/data/sample-openalex/openalex_entity_samples.json")


def _abstract(inv: dict[str, list[int]] | None) -> str:
    if not inv:
        return ""
    pos = sorted((p, w) for w, ps in inv.items() for p in ps)
    return " ".join(w for _, w in pos)


def _from_api(w: dict[str, Any]) -> dict[str, Any]:
    labels: dict[str, float] = {}
    for c in w.get("concepts") or []:
        if int(c.get("level") or 0) >= 1:
            labels["C:" + c["display_name"]] = float(c.get("score") or 0)
    for kind, key in (("T:", "topics"), ("K:", "keywords")):
        for c in w.get(key) or []:
            labels[kind + c["display_name"]] = float(c.get("score") or 0)
    authors = [
        (a["author"]["id"], a["author"].get("display_name") or "", a.get("author_position") or "")
        for a in w.get("authorships") or []
        if a.get("author") and a["author"].get("id")
    ]
    abstract = w.get("abstract") or _abstract(w.get("abstract_inverted_index"))
    return {
        "id": w["id"],
        "title": w.get("display_name") or w.get("title") or "",
        "text": abstract,
        "year": w.get("publication_year"),
        "authors": authors,
        "labels": labels,
    }


def _split(v: str) -> list[str]:
    return v.split("|") if v else []


def _from_csv(row: dict[str, str]) -> dict[str, Any]:
    labels: dict[str, float] = {}
    names = _split(row.get("concepts.display_name", ""))
    scores = _split(row.get("concepts.score", ""))
    levels = _split(row.get("concepts.level", ""))
    for n, s, lv in zip(names, scores, levels, strict=False):
        if lv and int(float(lv)) >= 1:
            labels["C:" + n] = float(s or 0)
    for kind, key in (("T:", "topics"), ("K:", "keywords")):
        ns = _split(row.get(f"{key}.display_name", ""))
        ss = _split(row.get(f"{key}.score", ""))
        for n, s in zip(ns, ss, strict=False):
            labels[kind + n] = float(s or 0)
    ids = _split(row.get("authorships.author.id", ""))
    dn = _split(row.get("authorships.author.display_name", ""))
    pos = _split(row.get("authorships.author_position", ""))
    authors = [
        (a, dn[i] if i < len(dn) else "", pos[i] if i < len(pos) else "")
        for i, a in enumerate(ids)
        if a
    ]
    year = row.get("publication_year") or ""
    return {
        "id": row["id"],
        "title": row.get("display_name") or row.get("title") or "",
        "text": row.get("abstract") or "",
        "year": int(float(year)) if year else None,
        "authors": authors,
        "labels": labels,
    }


def _wos_records(path: Path) -> list[dict[str, list[str]]]:
    recs: list[dict[str, list[str]]] = []
    cur: dict[str, list[str]] = {}
    tag = ""
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("ER"):
            recs.append(cur)
            cur, tag = {}, ""
        elif line[:2].strip() and line[2:3] == " ":
            tag = line[:2]
            cur.setdefault(tag, []).append(line[3:].strip())
        elif line.startswith("   ") and tag:
            cur[tag].append(line[3:].strip())
    return recs


def _from_wos(r: dict[str, list[str]]) -> dict[str, Any]:
    labels: dict[str, float] = {}
    for kind, key in (("ID:", "ID"), ("WC:", "WC")):
        for term in "; ".join(r.get(key, [])).split(";"):
            if term.strip():
                labels[kind + term.strip().lower()] = 1.0
    names = r.get("AF") or r.get("AU") or []
    pos = (
        ["first"] + ["middle"] * max(len(names) - 2, 0) + ["last"] if len(names) > 1 else ["first"]
    )
    year = (r.get("PY") or [""])[0]
    return {
        "id": (r.get("UT") or [""])[0],
        "title": " ".join(r.get("TI", [])),
        "text": " ".join(r.get("AB", [])),
        "year": int(year) if year.isdigit() else None,
        "authors": [(n, n, p) for n, p in zip(names, pos, strict=False)],
        "labels": labels,
    }


def load_works(path: Path) -> list[dict[str, Any]]:
    """Read OpenAlex works (API JSON, JSON lines, entity samples or flattened CSV) or a Web of
    Science plain-text export."""
    if path.suffix.lower() == ".txt":
        return [_from_wos(r) for r in _wos_records(path) if r.get("UT")]
    if path.suffix.lower() == ".csv":
        csv.field_size_limit(10**9)
        with path.open(encoding="utf-8-sig", newline="") as f:
            return [_from_csv(r) for r in csv.DictReader(f) if r.get("id")]
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".jsonl":
        items = [json.loads(line) for line in text.splitlines() if line.strip()]
    else:
        data = json.loads(text)
        items = data.get("results") or data.get("works") if isinstance(data, dict) else data
    return [_from_api(w) for w in items or []]


def _vectors(works: list[dict[str, Any]]) -> list[dict[str, float]]:
    df = Counter(k for w in works for k in w["labels"])
    n = len(works)
    out = []
    for w in works:
        v = {k: s * math.log((1 + n) / (1 + df[k])) for k, s in w["labels"].items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        out.append({k: x / norm for k, x in v.items()})
    return out


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(x * b.get(k, 0.0) for k, x in a.items())


def _h(*parts: str) -> str:
    return hashlib.sha1("|".join(parts).encode()).hexdigest()


def build(works: list[dict[str, Any]], min_works: int, near: int, far: int) -> dict[str, Any]:
    by_author: dict[str, list[int]] = defaultdict(list)
    names: dict[str, str] = {}
    for i, w in enumerate(works):
        for a, name, _ in w["authors"]:
            if i not in by_author[a]:
                by_author[a].append(i)
            names.setdefault(a, name)
    people = [a for a in by_author if len(by_author[a]) >= min_works]
    queries: list[int] = []
    for a in people:
        for i in reversed(by_author[a]):
            if i not in queries:
                queries.append(i)
                break
    qset = set(queries)
    profiles = {a: [i for i in by_author[a] if i not in qset] for a in people}
    people = [a for a in people if len(profiles[a]) >= 2]
    vec = _vectors(works)
    ratings = []
    for a in people:
        own = [q for q in queries if a in {x[0] for x in works[q]["authors"]}]
        sims = {q: max(_cos(vec[q], vec[i]) for i in profiles[a]) for q in queries if q not in own}
        closest = sorted(sims, key=lambda q: (-sims[q], q))[:near]
        rest = sorted((q for q in sims if q not in closest), key=lambda q: _h(a, works[q]["id"]))
        for q in own:
            ratings.append({"person": a, "query": works[q]["id"], "rating": 3})
        for q in closest + rest[:far]:
            s = sims[q]
            r = 2 if s >= 0.5 else 1 if s >= 0.2 else 0
            ratings.append({"person": a, "query": works[q]["id"], "rating": r})

    def work(i: int, author: str | None = None) -> dict[str, Any]:
        w = works[i]
        d = {"id": w["id"], "title": w["title"], "text": w["text"], "year": w["year"]}
        if author is not None:
            d["position"] = next((p for x, _, p in w["authors"] if x == author), "")
        return d

    return {
        "people": [
            {"id": a, "name": names[a], "works": [work(i, a) for i in profiles[a]]} for a in people
        ],
        "queries": [work(q) for q in sorted(queries)],
        "ratings": ratings,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("works", nargs="?", type=Path, default=DEFAULT_SOURCE)
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--min-works", type=int, default=3)
    ap.add_argument("--near", type=int, default=4)
    ap.add_argument("--far", type=int, default=4)
    a = ap.parse_args(argv)
    works = [w for w in load_works(a.works) if (w["title"] or w["text"]).strip()]
    gold = build(works, a.min_works, a.near, a.far)
    if len(gold["people"]) < 5:
        print(
            f"{a.works}: only {len(gold['people'])} authors have {a.min_works}+ works "
            f"({len(works)} works read); give a larger OpenAlex export",
            file=sys.stderr,
        )
        return 2
    kind = "Web of Science" if a.works.suffix.lower() == ".txt" else "OpenAlex"
    gold["source"] = f"{a.works.name} ({len(works)} {kind} works)"
    a.out.write_text(json.dumps(gold, ensure_ascii=False, indent=1), encoding="utf-8")
    c = Counter(r["rating"] for r in gold["ratings"])
    print(
        f"{len(gold['people'])} people, {len(gold['queries'])} query works, "
        f"{len(gold['ratings'])} ratings {dict(sorted(c.items()))} -> {a.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
