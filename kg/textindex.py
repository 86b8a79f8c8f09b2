"""A bilingual text index over the graph's documents, with technology-taxonomy expansion.

Shared by expert finding (``kg/experts/rank.py``), demand matching (``kg/experts/match.py``) and, later,
the watch list. Pieces:

- ``tokenize``: English runs become lower-case word tokens with a light suffix stemmer
  (``pretreated``/``pretreatment`` → ``pretreat``), Chinese runs go through jieba's
  search mode (``纤维素乙醇`` → ``纤维``, ``纤维素``, ``乙醇``); stop-words of both languages
  are dropped.
- ``TextIndex``: BM25 (``bm25s``) over a list of documents, scores for a weighted query.
- ``Taxonomy``: technology labels (en/zh, pref/alt), ``skos:broader`` and its closure, and
  ``expand`` which finds the technologies a query names and the narrower concepts' labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kg.jiebadict import import_jieba, use_saved_dictionary

EN_STOP = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "now",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "via",
        "using",
        "use",
        "used",
        "based",
        "new",
        "study",
        "towards",
        "toward",
        "method",
        "methods",
    ]
)
ZH_STOP = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "以及",
        "或",
        "在",
        "是",
        "对",
        "于",
        "中",
        "等",
        "其",
        "之",
        "为",
        "把",
        "被",
        "从",
        "向",
        "将",
        "就",
        "也",
        "都",
        "而",
        "并",
        "并且",
        "或者",
        "一个",
        "一种",
        "这",
        "那",
        "这个",
        "那个",
        "有",
        "我们",
        "你们",
        "他们",
        "它",
        "研究",
        "基于",
        "关于",
        "需要",
        "我",
    ]
)
STOP = EN_STOP | ZH_STOP

_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")
_CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_jieba = None


def _jieba_mod():
    global _jieba
    if _jieba is None:
        import logging

        jieba = import_jieba()  # without pkg_resources (kg.jiebadict)
        jieba.setLogLevel(logging.WARNING)
        use_saved_dictionary(jieba.dt, jieba)  # not jieba's marshal cache (kg.jiebadict)
        _jieba = jieba
    return _jieba


def stem(word: str) -> str:
    """A light English suffix stemmer, applied alike to documents and queries."""
    w = word
    if len(w) <= 3 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 4:
        w = w[:-3] + "y"
    elif w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    for suf in ("ations", "ation", "ments", "ment", "ings", "ing", "ed", "ly"):
        if w.endswith(suf) and len(w) - len(suf) >= 4:
            w = w[: -len(suf)]
            break
    if w.endswith("e") and len(w) > 4:
        w = w[:-1]
    return w


def is_cjk(text: str) -> bool:
    return bool(_CJK_RE.search(text))


def tokenize(text: str, *, keep_stop: bool = False) -> list[str]:
    """Tokens of mixed English/Chinese text (stemmed English, jieba search-mode Chinese)."""
    out: list[str] = []
    for m in _RUN_RE.finditer(text or ""):
        run = m.group(0)
        if is_cjk(run[0]):
            for tok in _jieba_mod().lcut_for_search(run):
                tok = tok.strip()
                if tok and (keep_stop or tok not in ZH_STOP):
                    out.append(tok)
        else:
            low = run.lower()
            if not keep_stop and (low in EN_STOP or len(low) < 2):
                continue
            out.append(stem(low))
    return out


def raw_words(text: str) -> list[str]:
    """Surface words (lower-case English words, jieba Chinese words) for messages."""
    out: list[str] = []
    for m in _RUN_RE.finditer(text or ""):
        run = m.group(0)
        out.extend(_jieba_mod().lcut(run) if is_cjk(run[0]) else [run.lower()])
    return out


class TextIndex:
    """BM25 over documents given as token lists; ``scores`` takes weighted query terms."""

    def __init__(self, docs: Sequence[Sequence[str]], k1: float = 1.2, b: float = 0.75) -> None:
        import bm25s

        self.n_docs = len(docs)
        self.bm25 = bm25s.BM25(k1=k1, b=b)
        if self.n_docs:
            self.bm25.index([list(d) if d else [""] for d in docs], show_progress=False)
        self.vocab = set(getattr(self.bm25, "vocab_dict", {}) or {}) - {""}

    def term_scores(self, term: str) -> np.ndarray | None:
        """BM25 of one term for every document (None when no document has it)."""
        if term not in self.vocab or not self.n_docs:
            return None
        return self.bm25.get_scores([term])

    def scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        """Σ weight(term) × BM25(term, doc) for every document (dense array)."""
        total = np.zeros(self.n_docs, dtype=np.float32)
        if not self.n_docs:
            return total
        by_weight: dict[float, list[str]] = {}
        for term, w in weighted_terms.items():
            if term in self.vocab and w > 0:
                by_weight.setdefault(round(w, 6), []).append(term)
        for w, terms in by_weight.items():
            total += w * self.bm25.get_scores(terms)
        return total


@dataclass
class Taxonomy:
    """Technology concepts with labels, ``skos:broader`` links and the narrower closure."""

    iris: list[str] = field(default_factory=list)
    pref: dict[str, dict[str, str]] = field(default_factory=dict)  # iri -> lang -> label
    labels: dict[str, set[str]] = field(default_factory=dict)  # iri -> every label (pref+alt)
    broader: dict[str, set[str]] = field(default_factory=dict)
    narrower_closure: dict[str, set[str]] = field(default_factory=dict)  # excludes itself
    # (label tokens, squeezed CJK label, iri, label) per label: ``match`` reads it
    label_index: list[tuple[tuple[str, ...], str, str, str]] = field(default_factory=list)
    # label_index positions by first token (``match`` looks up the text's tokens), CJK ones
    _by_first: dict[str, list[int]] | None = None
    _cjk: list[int] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        label_rows: Iterable[tuple[str, str, str, bool]],
        broader_rows: Iterable[tuple[str, str]],
        label_index: Iterable[Sequence[Any]] | None = None,
    ) -> Taxonomy:
        """From (iri, label, lang, is_pref) rows and (narrower, broader) rows; ``label_index``:
        a saved ``Taxonomy.label_index`` of the same rows (tokenising ~1.5k labels cost each
        ``ikg experts`` process ~0.1-0.15 s)."""
        tx = cls()
        for iri, label, lang, is_pref in label_rows:
            if iri not in tx.labels:
                tx.iris.append(iri)
                tx.labels[iri] = set()
                tx.pref[iri] = {}
            tx.labels[iri].add(label)
            if is_pref and (lang or "en") not in tx.pref[iri]:
                tx.pref[iri][lang or "en"] = label
        children: dict[str, set[str]] = {}
        for nar, bro in broader_rows:
            if nar == bro:
                continue
            tx.broader.setdefault(nar, set()).add(bro)
            children.setdefault(bro, set()).add(nar)
        for iri in set(tx.labels) | set(children):
            seen: set[str] = set()
            stack = list(children.get(iri, ()))
            while stack:  # cycles are cut by `seen`
                c = stack.pop()
                if c in seen or c == iri:
                    continue
                seen.add(c)
                stack.extend(children.get(c, ()))
            tx.narrower_closure[iri] = seen
        if label_index is None:
            tx._index_labels()
        else:
            tx.label_index = [(tuple(t), zh, iri, label) for t, zh, iri, label in label_index]
        return tx

    def _index_labels(self) -> None:
        self.label_index = []
        for iri, labels in self.labels.items():
            for label in sorted(labels):  # a set: sorted, so a saved index is reproducible
                if is_cjk(label):
                    self.label_index.append(((), label.replace(" ", ""), iri, label))
                else:
                    toks = tuple(tokenize(label, keep_stop=True))
                    if toks:
                        self.label_index.append((toks, "", iri, label))

    def label(self, iri: str, lang: str = "en") -> str:
        p = self.pref.get(iri, {})
        return p.get(lang) or p.get("en") or next(iter(p.values()), iri.rsplit("/", 1)[-1])

    def match(self, text: str) -> dict[str, str]:
        """Technologies whose label or altLabel occurs in ``text`` → the label matched (the
        first in ``label_index`` order per technology)."""
        if self._by_first is None:
            by_first: dict[str, list[int]] = {}
            for pos, (label_toks, zh, _, _) in enumerate(self.label_index):
                if zh:
                    self._cjk.append(pos)
                else:
                    by_first.setdefault(label_toks[0], []).append(pos)
            self._by_first = by_first
        toks = tokenize(text, keep_stop=True)
        squeezed = re.sub(r"\s+", "", text or "")
        hits = {p for p in self._cjk if len(zh := self.label_index[p][1]) >= 2 and zh in squeezed}
        for i, tok in enumerate(toks):
            for pos in self._by_first.get(tok, ()):
                label_toks = self.label_index[pos][0]
                if tuple(toks[i : i + len(label_toks)]) == label_toks:
                    hits.add(pos)
        found: dict[str, str] = {}
        for pos in sorted(hits):
            found.setdefault(self.label_index[pos][2], self.label_index[pos][3])
        return found

    def closure(self, iris: Iterable[str]) -> set[str]:
        out: set[str] = set()
        for i in iris:
            out.add(i)
            out |= self.narrower_closure.get(i, set())
        return out

    def expansion_terms(self, iris: Iterable[str]) -> set[str]:
        """Tokens of the labels of every narrower concept of ``iris``."""
        terms: set[str] = set()
        for i in iris:
            for n in self.narrower_closure.get(i, ()):
                for label in self.labels.get(n, ()):
                    terms.update(tokenize(label))
        return terms
