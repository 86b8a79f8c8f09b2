"""Queries of any length and the dense side of a work's relevance.

A query is used in one of two ways, and the JSON says which (``query_used``):
- ``keywords`` (up to ``RankSettings.keyword_max_terms`` distinct terms): the words are matched
  with BM25 and the technology taxonomy as before, and the query's sentence vector adds the
  works that say the same in other words or another language;
- ``text`` (longer: an abstract, a demand, a project call): the text is reduced to its
  ``key_terms`` strongest terms (TF-IDF weights) for lexical matching and evidence, and its
  first ``semantic.EMBED_CHARS`` characters are embedded whole. A work's relevance is then
  ``dense_weight × dense + (1 − dense_weight) × TF-IDF cosine``, an absolute similarity that
  can be compared across queries. Nothing is refused for length; past ``max_query_chars`` the
  text is cut and the JSON says so.

``dense`` is the cosine of the query's and the work's vectors above a floor, rescaled to [0, 1].
The floor is a quantile of the cosines of random pairs of the index's works (what unrelated
works score): in text mode a low one (``text_floor_quantile``), so nearly every work of a
person keeps a score and a person's scores for two queries can be compared; in keyword mode a
high one (``keyword_floor_quantile``), so the vector alone makes a work evidence only when it is
closer to the query than nearly all random pairs are to each other.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from kg.experts import semantic
from kg.experts.index import ExpertIndex
from kg.textindex import raw_words, tokenize

FLOOR_SAMPLE = 4000
DEFAULT_FLOOR = 0.7


def dense_floor(ix: ExpertIndex, quantile: float) -> float:
    """``quantile`` of the cosines of random pairs of the index's works (cached per index)."""
    cache = ix.dense_floors
    if quantile in cache:
        return cache[quantile]
    v = ix.dense.vectors if ix.dense is not None else np.zeros((0, 0))
    floor = DEFAULT_FLOOR
    if len(v) >= 3:
        rng = np.random.default_rng(0)
        i = rng.integers(0, len(v), FLOOR_SAMPLE)
        j = rng.integers(0, len(v), FLOOR_SAMPLE)
        keep = i != j
        cos = np.sum(v[i[keep]].astype(np.float32) * v[j[keep]].astype(np.float32), axis=1)
        floor = float(np.quantile(cos, quantile))
    cache[quantile] = floor
    return floor


def query_vector(text: str) -> np.ndarray:
    return semantic.encoder().encode([text], query=True)[0]


def dense_scores(
    ix: ExpertIndex, qvec: np.ndarray | None, quantile: float
) -> tuple[np.ndarray, np.ndarray]:
    """(raw cosine, dense relevance in [0, 1] above the ``quantile`` floor) for every work."""
    n = len(ix.work_iris)
    if qvec is None or ix.dense is None or len(ix.dense.keys) != n:
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    cos = ix.dense.similarities(qvec)
    floor = dense_floor(ix, quantile)
    rel = np.clip((cos - floor) / max(1.0 - floor, 1e-6), 0.0, 1.0)
    return cos, rel


def reduce_text(
    ix: ExpertIndex, text: str, key_terms: int
) -> tuple[dict[str, float], dict[str, str]]:
    """The text's strongest ``key_terms`` terms (TF-IDF weights, renormalised) and a surface
    word for each."""
    display: dict[str, str] = {}
    toks: list[str] = []
    for word in raw_words(text):
        for tok in tokenize(word):
            toks.append(tok)
            display.setdefault(tok, word)
    weights = ix.text.query_weights(toks) if ix.text is not None else {}
    top = dict(list(weights.items())[:key_terms])
    norm = float(np.sqrt(sum(w * w for w in top.values()))) or 1.0
    return {t: w / norm for t, w in top.items()}, {t: display[t] for t in top}


def usage(text: str, original_chars: int, mode: str, terms: list[str]) -> dict[str, Any]:
    """The ``query_used`` object of the JSON."""
    return {
        "mode": mode,
        "chars": original_chars,
        "cut_to_chars": len(text) if len(text) < original_chars else None,
        "terms": terms[:30],
        "embedded_chars": min(len(text), semantic.EMBED_CHARS),
        "model": semantic.MODEL,
    }
