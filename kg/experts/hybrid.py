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
In text mode, when the request and the work are both English (Latin script), it is the mean of
that of multilingual-e5-small and that of all-MiniLM-L6-v2 (each above its own floor), and the
reported cosine is the mean of the two; otherwise e5's alone.
The floor is a quantile of the cosines of random pairs of the index's works (what unrelated
works score): in text mode a low one (``text_floor_quantile``), so nearly every work of a
person keeps a score and a person's scores for two queries can be compared; in keyword mode a
high one (``keyword_floor_quantile``), so the vector alone makes a work evidence only when it is
closer to the query than nearly all random pairs are to each other.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from kg.experts import semantic
from kg.experts.index import ExpertIndex
from kg.textindex import raw_words, tokenize

QUERY_CACHE = 256  # request vectors kept per process (``_encoded``)
DEFAULT_FLOOR = 0.7


def dense_floor(ix: ExpertIndex, quantile: float, vecs: semantic.DenseVectors | None) -> float:
    """``quantile`` of the cosines of random pairs of ``vecs``' non-zero rows (cached per
    index and model)."""
    key = (vecs.model if vecs is not None else "", quantile)
    cache = ix.dense_floors
    if key in cache:
        return cache[key]
    pairs = vecs.pair_cosines if vecs is not None else np.zeros(0)
    floor = float(np.quantile(pairs, quantile)) if len(pairs) >= 3 else DEFAULT_FLOOR
    cache[key] = floor
    return floor


@functools.lru_cache(maxsize=QUERY_CACHE)
def _encoded(enc: semantic.Encoder, text: str, query: bool) -> np.ndarray:
    """One request's vector, kept for the QUERY_CACHE most recent (encoder, text) pairs: the
    app, the server and watch digests ask the same requests again (read-only: shared)."""
    v = enc.encode([text], query=query)[0]
    v.setflags(write=False)
    return v


def query_vector(text: str) -> np.ndarray:
    return _encoded(semantic.encoder(), text, True)


def english_vector(text: str) -> np.ndarray | None:
    """The request's all-MiniLM-L6-v2 vector, or None when it is not in the Latin script."""
    if not semantic.is_latin(text):
        return None
    return _encoded(semantic.english_encoder(), text[: semantic.EMBED_CHARS], False)


def _one(
    ix: ExpertIndex, vecs: semantic.DenseVectors, qvec: np.ndarray, quantile: float
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, relevance above the floor) of every work for one model."""
    cos = vecs.similarities(qvec)
    floor = dense_floor(ix, quantile, vecs)
    rel = np.clip((cos - floor) / max(1.0 - floor, 1e-6), 0.0, 1.0)
    return cos, rel


def dense_scores(
    ix: ExpertIndex,
    qvec: np.ndarray | None,
    quantile: float,
    qvec_en: np.ndarray | None = None,
    en_share: float = 0.5,
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, dense relevance in [0, 1] above the ``quantile`` floor) for every work: e5's,
    mixed with MiniLM's (share ``en_share``) where ``qvec_en`` is given and the work has an
    English vector."""
    n = len(ix.work_iris)
    en = ix.dense_en
    if qvec is None or ix.dense is None or ix.dense.size != n:
        if qvec_en is not None and en is not None and en.size == n:  # e5 not needed
            cos_en, rel_en = _one(ix, en, qvec_en, quantile)
            return cos_en, rel_en
        return np.zeros(n, dtype=np.float32), np.zeros(n, dtype=np.float32)
    cos, rel = _one(ix, ix.dense, qvec, quantile)
    if qvec_en is None or en is None or en.size != n:
        return cos, rel
    cos_en, rel_en = _one(ix, en, qvec_en, quantile)
    has = en.has_vector
    a = en_share
    return (
        np.where(has, (1 - a) * cos + a * cos_en, cos),
        np.where(has, (1 - a) * rel + a * rel_en, rel),
    )


def standardize(x: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
    """``x`` in standard deviations from its mean over the works in ``mask`` (default all):
    how much more a work is related to this request than the store's works typically are."""
    ref = x[mask] if mask is not None else x
    if ref.size < 2:
        return np.zeros_like(x, dtype=np.float64)
    sd = float(ref.std())
    return (x - float(ref.mean())) / (sd if sd > 1e-9 else 1.0)


def _model_z(vecs: semantic.DenseVectors, qvec: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, cosine standardized over the works with a vector; the others get the least)."""
    has = vecs.has_vector
    cos = vecs.similarities(qvec)
    z = standardize(cos, has)
    return cos, np.where(has, z, z[has].min() if has.any() else 0.0)


def needs_e5(ix: ExpertIndex, english: bool, en_share: float) -> bool:
    """Whether a whole-text request needs e5's vector: not when it is English, MiniLM takes the
    whole dense side (``en_share`` 1) and every work with text has a MiniLM vector."""
    en = ix.dense_en
    if not english or en_share < 1 or en is None or ix.dense is None:
        return True
    return bool(np.any(ix.dense.has_vector & ~en.has_vector))


def dense_z(
    ix: ExpertIndex, qvec: np.ndarray | None, qvec_en: np.ndarray | None, en_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, standardized dense relevance) of every work for a whole-text request: each
    model's cosines in standard deviations over the works it has vectors for; where the request
    and the work are English, ``en_share`` × MiniLM's + the rest × e5's, else e5's."""
    n = len(ix.work_iris)
    e5 = qvec is not None and ix.dense is not None and ix.dense.size == n
    en = ix.dense_en
    use_en = qvec_en is not None and en is not None and en.size == n and en_share > 0
    if not e5 and not use_en:
        zeros = np.zeros(n, dtype=np.float64)
        return zeros.astype(np.float32), zeros
    if not use_en:
        return _model_z(ix.dense, qvec)
    cos_en, z_en = _model_z(en, qvec_en)
    if not e5:
        return cos_en, z_en
    cos, z = _model_z(ix.dense, qvec)
    a, has_en = en_share, en.has_vector
    return np.where(has_en, (1 - a) * cos + a * cos_en, cos), np.where(
        has_en, (1 - a) * z + a * z_en, z
    )


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


def usage(
    text: str,
    original_chars: int,
    mode: str,
    terms: list[str],
    english: bool = False,
    e5: bool = True,
) -> dict[str, Any]:
    """The ``query_used`` object of the JSON (``english``: the MiniLM vector was used;
    ``e5``: e5's was, which an English request on English works does not need)."""
    models = [semantic.MODEL] * e5 + [semantic.english_model()] * english
    return {
        "mode": mode,
        "chars": original_chars,
        "cut_to_chars": len(text) if len(text) < original_chars else None,
        "terms": terms[:30],
        "embedded_chars": min(len(text), semantic.EMBED_CHARS),
        "model": "+".join(models) or semantic.MODEL,
    }
