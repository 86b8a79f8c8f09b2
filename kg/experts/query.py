"""An expert-finding request: its terms, technologies and vectors (``parse_query``), the
keyword or whole-text use of the README's "Queries of any length" (``kg.experts.rank`` ranks)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kg.errors import InputError
from kg.experts import blas, hybrid
from kg.experts.index import ExpertIndex
from kg.experts.weights import RankSettings
from kg.textindex import is_cjk, raw_words, tokenize


@dataclass
class Query:
    text: str
    terms: dict[str, float]  # token -> weight (1 for the query's own, expand_weight for labels)
    display: dict[str, str]  # token -> surface word or label
    techs: dict[str, str]  # technology IRI -> label matched
    scope: set[str]  # named technologies and their narrower closure
    lang: str
    main: list[str] = field(default_factory=list)  # the query's own tokens
    tech_tokens: dict[str, set[str]] = field(default_factory=dict)  # tech -> its label's tokens
    tech_expansion: dict[str, set[str]] = field(default_factory=dict)  # tech -> narrower tokens
    mode: str = "keywords"  # or "text" (kg.experts.hybrid)
    vector: np.ndarray | None = None  # the query's sentence vector
    vector_en: np.ndarray | None = None  # text mode, English: its all-MiniLM-L6-v2 vector
    lex_weights: dict[str, float] = field(default_factory=dict)  # TF-IDF weights of its terms
    used: dict[str, Any] = field(default_factory=dict)  # the JSON's query_used
    work_cos: np.ndarray | None = None  # per work: sentence-vector cosine (set by relevance)
    work_lex: np.ndarray | None = None  # per work: TF-IDF cosine (set by relevance)


@functools.lru_cache(maxsize=4)
def tokens(text: str) -> tuple[str, ...]:
    """``tokenize(text)``, kept for the last few texts: ``check_query`` and ``parse_query`` read
    the same request's tokens three times (jieba cut a 270-character Chinese request in ~15 ms
    each time, load ~2)."""
    return tuple(tokenize(text))


def check_query(text: str, s: RankSettings) -> str:
    """Refuse empty and stop-word-only queries with a message naming the problem. A query of
    any length is accepted (``parse_query`` reduces a long one; past max_query_chars it is cut)."""
    q = (text or "").strip()
    if not q:
        raise InputError("the query is empty: give words that describe the expertise sought")
    if not tokens(q[: s.max_query_chars]):
        words = ", ".join(dict.fromkeys(w for w in raw_words(q) if w.strip()))
        raise InputError(
            f"the query has only stop-words ({words or q}): add a content word such as a "
            "technology or topic"
        )
    return q


def parse_query(
    ix: ExpertIndex,
    text: str,
    s: RankSettings,
    extra_techs: set[str] = frozenset(),
    mode: str = "auto",
) -> Query:
    """The query's terms, technologies and vector; ``mode`` auto picks keywords or text by the
    number of distinct terms (module doc), ``text`` forces the whole-text use."""
    blas.request_threads()  # once per process: see kg.experts.blas
    original = len(text)
    text = text[: s.max_query_chars]
    lang = "zh" if is_cjk(text) else "en"
    if mode == "text" or len(set(tokens(text))) > s.keyword_max_terms:
        weights, display = hybrid.reduce_text(ix, text, s.key_terms)
        terms = dict.fromkeys(weights, 1.0)
        vector_en = hybrid.english_vector(text) if ix.dense_en is not None else None
        e5 = hybrid.needs_e5(ix, vector_en is not None, s.english_share)
        english = vector_en is not None
        used = hybrid.usage(text, original, "text", list(display.values()), english, e5)
        techs = {t: ix.taxonomy.label(t) for t in extra_techs}
        vector = hybrid.query_vector(text) if e5 else None
        return Query(
            text,
            terms,
            display,
            techs,
            ix.taxonomy.closure(techs),
            lang,
            list(terms),
            mode="text",
            vector=vector,
            vector_en=vector_en,
            lex_weights=ix.text.query_weights(list(tokens(text))) if ix.text is not None else {},
            used=used,
        )
    q = _keyword_query(ix, text, s, extra_techs)
    q.vector = hybrid.query_vector(text)
    q.lex_weights = ix.text.query_weights(q.main) if ix.text is not None else {}
    q.used = hybrid.usage(text, original, "keywords", [q.display[t] for t in q.main])
    return q


def narrower_tokens(ix: ExpertIndex, tech: str) -> list[tuple[str, str]]:
    """(token, surface word) of the labels of ``tech``'s narrower concepts, in label order
    (tokenised once per index: a top concept has hundreds)."""
    cache = ix.narrower_tokens
    if tech not in cache:
        tx = ix.taxonomy
        cache[tech] = [
            (tok, word)
            for n in sorted(tx.narrower_closure.get(tech, ()))  # a set: its order varies
            for label in sorted(tx.labels.get(n, ()))
            for word in raw_words(label)
            for tok in tokenize(word)
        ]
    return cache[tech]


def _keyword_query(ix: ExpertIndex, text: str, s: RankSettings, extra_techs: set[str]) -> Query:
    tx = ix.taxonomy
    terms: dict[str, float] = {}
    display: dict[str, str] = {}
    for word in raw_words(text):
        for tok in tokenize(word):
            terms[tok] = 1.0
            display.setdefault(tok, word)
    main = list(terms)
    techs = tx.match(text)
    for t in extra_techs:
        techs.setdefault(t, tx.label(t))
    tech_tokens = {t: set(tokenize(label)) & set(main) for t, label in techs.items()}
    expansion: dict[str, set[str]] = {}
    for t in techs:
        exp = expansion.setdefault(t, set())
        for tok, word in narrower_tokens(ix, t):
            if tok not in terms:
                terms[tok] = s.expand_weight
            display.setdefault(tok, word)
            if tok not in main:
                exp.add(tok)
    lang = "zh" if is_cjk(text) else "en"
    return Query(text, terms, display, techs, tx.closure(techs), lang, main, tech_tokens, expansion)
