"""``find_topics``: candidate technology topics of a store, and their public JSON shape.

Read-only: accepting a candidate (writing it as a technology) is ``ingest.topics``.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kg.errors import ConfigError
from kg.experts import semantic
from kg.store.base import Store
from kg.topics import candidates as cand
from kg.topics.cache import cached_embed, cached_terms
from kg.topics.candidates import Candidate, Embed, Term
from kg.topics.corpus import Corpus, read_corpus
from kg.topics.phrases import PhraseFinder

LANGS = ("en", "zh")
MAX_LISTED_WORKS = 20  # works listed per candidate in JSON (``work_count`` has them all)


@dataclass
class TopicsResult:
    lang: str | None
    min_works: int
    works: int  # works with text in the store
    candidates: list[Candidate]
    corpus: Corpus
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_json(self, max_works: int = MAX_LISTED_WORKS) -> dict[str, Any]:
        return {
            "lang": self.lang,
            "min_works": self.min_works,
            "works": self.works,
            "candidates": [candidate_json(c, self.corpus, max_works) for c in self.candidates],
        }


def e5_embed(texts: Sequence[str]) -> np.ndarray:
    """Phrase vectors from the process-wide multilingual-e5-small encoder (``query:`` mode,
    which separates short phrases better than ``passage:``)."""
    return semantic.encoder().encode(list(texts), query=True)


def find_topics(
    store: Store,
    *,
    lang: str | None = None,
    limit: int = 50,
    min_works: int = cand.MIN_WORKS,
    embed: Embed | None = None,
    finder: PhraseFinder | None = None,
) -> TopicsResult:
    """Candidate topics of ``store``, best first (module doc of kg.topics.candidates)."""
    if lang not in (None, *LANGS):
        raise ConfigError(f"--lang {lang!r}: use en or zh (or leave it out for both)")
    if min_works < 1 or limit < 0:
        raise ConfigError("--min-works must be at least 1 and --limit at least 0")
    t0 = time.perf_counter()
    embed = cached_embed(store, embed or e5_embed, semantic.MODEL)
    finder = finder or PhraseFinder()
    corpus = read_corpus(store)
    n = len(corpus.works)
    phrases = cached_terms(
        store, lang, n, lambda: cand.collect_terms(corpus, finder, lang), min_works
    )
    terms = cand.apply_focus(cand.score_terms(phrases, n, min_works), corpus.works)
    known = cand.tech_keys(corpus, finder)
    pool = _pool(terms, known, limit * cand.POOL)
    found: list[Candidate] = []
    if pool:
        vecs = embed([t.text for t in pool])
        labels = cand.label_index(corpus)
        notations = {t.label.upper(): t.iri for t in corpus.tech_labels if not t.pref}
        for group in cand.cluster(pool, vecs):
            members = [pool[i] for i in group]
            if any(m.key in known for m in members):
                continue  # a cluster holding a technology's label is that technology
            found.append(_candidate(members, corpus, labels, notations))
    found.sort(key=lambda c: (-c.score, c.id))
    if limit:
        found = found[:limit]
    return TopicsResult(lang, min_works, len(corpus.works), found, corpus, time.perf_counter() - t0)


def _pool(terms: list[Term], known: dict[str, str], fresh: int) -> list[Term]:
    """The best terms up to ``fresh`` new ones (all when 0), with the technology labels among
    them (they take their variants along into clusters that are then not proposed)."""
    if not fresh:
        return terms
    out: list[Term] = []
    for t in terms:
        out.append(t)
        fresh -= t.key not in known
        if fresh <= 0:
            break
    return out


def _candidate(
    members: list[Term],
    corpus: Corpus,
    labels: list[tuple[str, str, str]],
    notations: dict[str, str],
) -> Candidate:
    works = sorted(set().union(*(m.works for m in members)))
    score = members[0].score + 0.5 * sum(m.score for m in members[1:])
    ws = [corpus.works[i] for i in works]
    return Candidate(
        id=cand.candidate_id(members[0].key),
        terms=members,
        works=works,
        score=round(score, 3),
        broader=cand.suggest_broader(members, ws, labels, corpus),
        ipc=cand.ipc_class(ws, notations),
    )


def candidate_json(c: Candidate, corpus: Corpus, max_works: int) -> dict[str, Any]:
    """One candidate in the public ``--json`` shape (README "Technology topics")."""
    ws = [corpus.works[i] for i in c.works]
    years = Counter(str(w.year) for w in ws if w.year is not None)
    return {
        "id": c.id,
        "label": c.label("en") or c.label("zh"),
        "label_zh": c.label("zh"),
        "labels": [{"text": t.text, "lang": t.lang, "works": len(t.works)} for t in c.terms],
        "score": c.score,
        "work_count": len(ws),
        "years": dict(sorted(years.items())),
        "works": [
            {"iri": w.iri, "title": w.title, "type": w.type, "year": w.year}
            for w in sorted(ws, key=lambda w: (-(w.year or 0), w.iri))[:max_works]
        ],
        "broader": c.broader,
        "ipc": c.ipc,
    }
