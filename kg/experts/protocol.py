"""The reviewer-expertise protocol: people with their own works as profiles, rated works as queries.

Gold file (JSON)::

    {"source": "...",
     "people":  [{"id": "p1", "name": "...", "works": [{"id": "w1", "title": "...",
                  "text": "abstract", "year": 2019, "position": "first|middle|last"}]}],
     "queries": [{"id": "q1", "title": "...", "text": "abstract"}],
     "ratings": [{"person": "p1", "query": "q1", "rating": 3}]}

Each query work is given whole (title + abstract, always in text mode, as a document) to the
same ranking ``ikg experts`` uses,
over an index built from the gold's people and works; the person's score for that query is
read off the ranking (0 when unlisted). The loss is the protocol's: for every person and every
pair of works they rated differently, the pair is wrongly ordered when the lower-rated work
scores higher (a tie counts half); loss = Σ |rating difference| of wrong pairs / Σ over all
pairs. TF-IDF (sublinear tf, smoothed idf, cosine; a person's best work and the mean of their
best 3) runs in the same call on the same texts.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from kg.errors import InputError
from kg.experts.contrib import Contrib
from kg.experts.index import ExpertIndex, assemble
from kg.experts.rank import RankSettings, check_query, parse_query, rank
from kg.textindex import tokenize

POSITIONS = {"first": 1, "middle": 2, "last": 3}


def is_protocol(data: Any) -> bool:
    return isinstance(data, dict) and "people" in data and "ratings" in data


def check(data: dict[str, Any], path: Path) -> None:
    """Refuse a gold file that does not have the protocol's shape, naming the record."""
    for key in ("people", "queries", "ratings"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise InputError(f'{path}: "{key}" must be a non-empty list (format in the README)')
    people = set()
    for i, p in enumerate(data["people"]):
        if not isinstance(p, dict) or not p.get("id") or not isinstance(p.get("works"), list):
            raise InputError(f'{path}: people[{i}] needs "id" and a "works" list')
        people.add(p["id"])
    queries = set()
    for i, q in enumerate(data["queries"]):
        if not isinstance(q, dict) or not q.get("id") or not (q.get("title") or q.get("text")):
            raise InputError(f'{path}: queries[{i}] needs "id" and a "title" or "text"')
        queries.add(q["id"])
    for i, r in enumerate(data["ratings"]):
        ok = isinstance(r, dict) and r.get("person") in people and r.get("query") in queries
        if not ok or not isinstance(r.get("rating"), int | float):
            raise InputError(
                f'{path}: ratings[{i}] needs a known "person", a known "query" and a number '
                f'"rating" (got {json.dumps(r, ensure_ascii=False)[:120]})'
            )


def work_text(w: dict[str, Any]) -> str:
    title = (w.get("title") or "").strip()
    text = (w.get("text") or "").strip()
    return f"{title}. {text}" if title and text else title or text


def build_index(data: dict[str, Any]) -> tuple[ExpertIndex, dict[str, int]]:
    """An expert index over the gold's people and their works (no store involved)."""
    ix = ExpertIndex(version=None)
    work_pos: dict[str, int] = {}
    people = data["people"]
    ix.expert_iris = [str(p["id"]) for p in people]
    ix.expert_names = [{"en": str(p.get("name") or p["id"])} for p in people]
    ix.expert_all_names = [set(n.values()) for n in ix.expert_names]
    ix.expert_insts = [() for _ in people]
    ix.expert_regions = [set() for _ in people]
    ix.expert_expertise = [() for _ in people]
    contribs: list[list[Contrib]] = []
    years: list[int] = []
    for e, p in enumerate(people):
        for w in p["works"]:
            key = str(w.get("id") or f"{p['id']}#{len(work_pos)}")
            pos = POSITIONS.get(str(w.get("position") or ""), 0)
            if key not in work_pos:
                work_pos[key] = len(ix.work_iris)
                ix.work_iris.append(key)
                ix.work_type.append("paper")
                ix.work_title.append({"en": (w.get("title") or key)})
                ix.work_text.append(work_text(w))
                ix.work_subjects.append(())
                ix.work_insts.append(())
                contribs.append([])
                years.append(int(w.get("year") or 0))
            i = work_pos[key]
            # the protocol gives a position, not the author count: last is position 3 of 3
            contribs[i].append(Contrib(e, "author", pos, 3 if pos else 0))
    ix.work_year = np.array(years, dtype=np.int32)
    ix.work_contribs = contribs
    assemble(ix, None)
    return ix, {k: i for i, k in enumerate(ix.expert_iris)}


def pair_loss(scores: dict[tuple[str, str], float], ratings: list[dict[str, Any]]) -> float:
    by_person: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for r in ratings:
        by_person[r["person"]].append((r["query"], float(r["rating"])))
    wrong = total = 0.0
    for p, rs in by_person.items():
        for q1, e1 in rs:
            for q2, e2 in rs:
                if e1 <= e2:
                    continue
                w = e1 - e2
                s1, s2 = scores.get((p, q1), 0.0), scores.get((p, q2), 0.0)
                total += w
                wrong += w if s1 < s2 else w / 2 if s1 == s2 else 0.0
    return wrong / total if total else float("nan")


def evaluate(data: dict[str, Any], half: str = "all", settings: RankSettings | None = None) -> dict:
    """Loss of ikg and of TF-IDF on the gold's ratings (``half``: all, even or odd queries)."""
    s = settings or RankSettings()
    qidx = {q["id"]: i for i, q in enumerate(data["queries"])}
    if half not in ("all", "even", "odd"):
        raise InputError(f"--half {half}: give all, even or odd")
    ratings = [
        r
        for r in data["ratings"]
        if half == "all" or qidx[r["query"]] % 2 == (0 if half == "even" else 1)
    ]
    ix, epos = build_index(data)
    owner = defaultdict(list)
    for w, cs in enumerate(ix.work_contribs):
        for c in cs:
            owner[c.expert].append(w)
    needed: dict[str, set[str]] = defaultdict(set)
    for r in ratings:
        needed[r["query"]].add(r["person"])
    ikg: dict[tuple[str, str], float] = {}
    tf_max: dict[tuple[str, str], float] = {}
    tf_mean3: dict[tuple[str, str], float] = {}
    qs = {q["id"]: q for q in data["queries"]}
    for qid, persons in needed.items():
        text = work_text(qs[qid])
        q = parse_query(ix, check_query(text, s), s, mode="text")  # a query is a work
        by_expert = {r.expert: r.score for r in rank(ix, q, s, None, 0)}
        assert ix.text is not None
        cos = ix.text.cosine(ix.text.query_weights(tokenize(text)))
        for p in persons:
            e = epos[p]
            ikg[(p, qid)] = by_expert.get(e, 0.0)
            sims = np.sort(cos[owner[e]])[::-1] if owner[e] else np.zeros(1)
            tf_max[(p, qid)] = float(sims[0])
            tf_mean3[(p, qid)] = float(sims[:3].mean())
    out = {
        "source": data.get("source", ""),
        "half": half,
        "people": len(data["people"]),
        "queries": len(needed),
        "ratings": len(ratings),
        "loss": {
            "ikg": round(pair_loss(ikg, ratings), 4),
            "tfidf_max": round(pair_loss(tf_max, ratings), 4),
            "tfidf_mean3": round(pair_loss(tf_mean3, ratings), 4),
        },
        "model": "+".join(d.model for d in (ix.dense, ix.dense_en) if d is not None) or None,
    }
    out["ratio_to_tfidf"] = round(out["loss"]["ikg"] / max(out["loss"]["tfidf_max"], 1e-9), 3)
    return out


def _read(path: Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as e:
        raise InputError(f"cannot read gold file {path}: {e}") from None


def is_protocol_file(path: Path) -> bool:
    """True when the gold file has the protocol's shape (else it is a query gold)."""
    return is_protocol(_read(path))


def load(path: Path) -> dict[str, Any]:
    data = _read(path)
    if not is_protocol(data):
        raise InputError(f'{path}: expected {{"people", "queries", "ratings"}} (format in README)')
    check(data, path)
    return data
