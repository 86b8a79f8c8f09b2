"""Candidate technology topics of a corpus: key phrases counted across works, kept by termhood,
grouped into clusters of variants, with works, years, labels and a suggested broader concept.

1. Phrases (``kg.topics.phrases``) of each work's titles and abstracts, and its keyword values
   taken whole; a phrase counts once per work.
2. Termhood (C-value, Frantzi et al. 2000, over work counts): ``log2(1 + tokens) × (works(a) −
   mean works of the longer kept phrases that contain a)``, plus one per work that lists it as a
   keyword. A phrase seen only inside one longer phrase scores about 0; phrases in fewer than
   ``min_works`` works or in more than ``max_share`` of all works are not candidates.
   Each score is then weighted by the focus of the phrase's works on one subject technology
   (``apply_focus``).
3. Phrases that are labels (pref, alt or notation) of an existing ``ikg:Technology`` are not
   proposed, nor is a cluster that holds one.
4. Clusters: the best phrases (by termhood) are embedded with multilingual-e5-small
   (``kg.experts.semantic``: English and Chinese in one space) and joined greedily, best first,
   to the cluster whose head is most similar, if at least ``SAME`` similar, or, for a head in
   the other language, ``NEAR`` similar with a work overlap (Jaccard) of at least ``OVERLAP``;
   so a Chinese and an English name of one thing become one candidate with two labels.
5. Suggested broader concept: the technology most of the candidate's works have as subject
   (``via`` "works"), else the technology whose label is the longest one inside the
   candidate's (``via`` "label"); the IPC subclass most of its works carry, and the concept with that notation when
   the store has one.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kg.textindex import is_cjk
from kg.topics.corpus import Corpus, Work
from kg.topics.phrases import Phrase, PhraseFinder, en_key, lang_of

MIN_WORKS = 2
MAX_SHARE = 0.2  # a phrase in more than this share of the works is a corpus-wide theme
MAX_SHARE_FROM = 30  # ... applied from this many works up (a tiny corpus has no such themes)
POOL = 3  # phrases clustered per candidate asked for
SAME = 0.95  # e5 cosine (query mode): spelling variants and near-synonyms
NEAR = 0.82  # e5 cosine of a Chinese and an English name joined when their works overlap
OVERLAP = 0.5
FOCUS_MIN = 3  # works with subjects needed before a term's focus counts
BROADER_SHARE = 0.3  # a subject of at least this share of the works is the suggested broader


@dataclass
class Term:
    key: str
    lang: str
    tokens: int
    works: set[int] = field(default_factory=set)
    keyword_works: set[int] = field(default_factory=set)
    surfaces: Counter[str] = field(default_factory=Counter)
    score: float = 0.0

    @property
    def text(self) -> str:
        return sorted(self.surfaces.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]


@dataclass
class Candidate:
    id: str
    terms: list[Term]
    works: list[int]
    score: float
    broader: dict[str, Any] | None = None
    ipc: dict[str, Any] | None = None

    def label(self, lang: str) -> str | None:
        return next((t.text for t in self.terms if t.lang == lang), None)


Embed = Callable[[Sequence[str]], np.ndarray]


def candidate_id(key: str) -> str:
    """A candidate's id: stable for its head phrase across runs and store versions."""
    return "t" + hashlib.blake2b(key.encode("utf-8"), digest_size=5).hexdigest()


def collect_terms(corpus: Corpus, finder: PhraseFinder, lang: str | None) -> dict[str, Term]:
    """Every phrase of the corpus with the works it occurs in."""
    terms: dict[str, Term] = {}

    def add(p: Phrase, i: int, keyword: bool) -> None:
        if lang and p.lang != lang:
            return
        t = terms.setdefault(p.key, Term(p.key, p.lang, p.tokens))
        t.works.add(i)
        t.surfaces[p.text] += 1
        if keyword:
            t.keyword_works.add(i)

    en_texts: list[tuple[int, str]] = []
    keywords: list[tuple[int, str]] = []
    for i, w in enumerate(corpus.works):
        for text in w.texts:
            if lang in (None, "zh"):  # Chinese texts, and the Chinese parts of English ones
                for p in finder.chinese(text):
                    add(p, i, False)
            if lang in (None, "en") and lang_of(text) == "en":
                en_texts.append((i, text))
        keywords += [(i, kw) for kw in w.keywords]
    for (i, _), kp in zip(keywords, finder.keywords([k for _, k in keywords]), strict=True):
        if kp is not None:
            add(kp, i, True)
    if en_texts:
        for (i, _), phrases in zip(en_texts, finder.english([t for _, t in en_texts]), strict=True):
            for p in phrases:
                add(p, i, False)
    return terms


def _parts(t: Term) -> list[str]:
    """The keys of t's shorter sub-phrases (tokens in English, characters in Chinese)."""
    if t.lang == "en":
        toks = t.key.split()
        return [" ".join(toks[i:j]) for i in range(len(toks)) for j in range(i + 1, len(toks) + 1)
                if j - i < len(toks)]  # fmt: skip
    k = t.key
    return [k[i:j] for i in range(len(k)) for j in range(i + 2, len(k) + 1) if j - i < len(k)]


def score_terms(terms: dict[str, Term], n_works: int, min_works: int) -> list[Term]:
    """C-value termhood over work counts; returns the kept terms, best first."""
    kept = {k: t for k, t in terms.items() if len(t.works) >= min_works}
    if n_works >= MAX_SHARE_FROM:
        kept = {k: t for k, t in kept.items() if len(t.works) <= MAX_SHARE * n_works}
    parents: dict[str, list[Term]] = {}
    for t in kept.values():
        for part in _parts(t):
            if part in kept:
                parents.setdefault(part, []).append(t)
    for k, t in kept.items():
        size = t.tokens if t.lang == "en" else max(1.0, len(k) / 2)
        nested = parents.get(k, [])
        own = len(t.works) - (sum(len(p.works) for p in nested) / len(nested) if nested else 0)
        t.score = math.log2(1 + size) * own + len(t.keyword_works)
    out = [t for t in kept.values() if t.score > 0]
    return sorted(out, key=lambda t: (-t.score, t.key))


def apply_focus(terms: list[Term], works: list[Work]) -> list[Term]:
    """Weight each term by how focused its works are: ``0.5 + 0.5 × purity``, where purity is
    the largest share of its works (among those with subjects, when at least ``FOCUS_MIN``
    have them) that share one subject technology. A phrase spread evenly over unrelated
    technologies ("graduate students", "pilot plant") is a method or a setting, not a topic."""
    for t in terms:
        subj = [works[i].subjects for i in t.works if works[i].subjects]
        if len(subj) >= FOCUS_MIN:
            counts = Counter(s for ss in subj for s in ss)
            t.score *= 0.5 + 0.5 * max(counts.values()) / len(subj)
    return sorted(terms, key=lambda t: (-t.score, t.key))


def tech_keys(corpus: Corpus, finder: PhraseFinder) -> dict[str, str]:
    """Normalised label -> technology IRI, normalised as keyword values are."""
    out: dict[str, str] = {}
    labels = corpus.tech_labels
    for t, p in zip(labels, finder.keywords([t.label for t in labels]), strict=True):
        out.setdefault(p.key if p else t.label.lower(), t.iri)
        out.setdefault(t.label.lower(), t.iri)
    return out


def cluster(terms: list[Term], vecs: np.ndarray) -> list[list[int]]:
    """Greedy clustering of terms (best first) on e5 similarity and work overlap."""
    groups: list[list[int]] = []
    heads: list[int] = []
    for i, t in enumerate(terms):
        best, best_sim = -1, 0.0
        for g, h in enumerate(heads):
            sim = float(vecs[i] @ vecs[h])
            inter = len(t.works & terms[h].works)
            jac = inter / len(t.works | terms[h].works)
            other_lang = t.lang != terms[h].lang
            if (sim >= SAME or (other_lang and sim >= NEAR and jac >= OVERLAP)) and sim > best_sim:
                best, best_sim = g, sim
        if best < 0:
            heads.append(i)
            groups.append([i])
        else:
            groups[best].append(i)
    return groups


def label_index(corpus: Corpus) -> list[tuple[str, str, str]]:
    """(normalised label, language, technology IRI) of every technology label, longest first."""
    out = []
    for t in corpus.tech_labels:
        key = re.sub(r"\s+", "", t.label.lower()) if is_cjk(t.label) else en_key(t.label)
        if len(key) >= 2:
            out.append((key, "zh" if is_cjk(t.label) else "en", t.iri))
    return sorted(set(out), key=lambda r: (-len(r[0]), r[0], r[2]))


def _contains(key: str, lang: str, label: str) -> bool:
    if lang == "zh":
        return label in key
    return f" {label} " in f" {key} "


def suggest_broader(
    terms: list[Term], works: list[Work], labels: list[tuple[str, str, str]], corpus: Corpus
) -> dict[str, Any] | None:
    """The technology most of the works have as subject (at least ``BROADER_SHARE`` of them),
    else the technology whose label is the longest one inside a label of the candidate
    ("Lithography" in "extreme ultraviolet lithography", "光刻" in "极紫外光刻")."""
    subjects = Counter(s for w in works for s in w.subjects)
    if subjects:
        iri, n = sorted(subjects.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        if n >= BROADER_SHARE * len(works):
            share = round(n / len(works), 3)
            return {"iri": iri, "label": corpus.tech_name(iri), "score": share, "via": "works"}
    for label, lang, iri in labels:
        for t in terms:
            if t.lang == lang and t.key != label and _contains(t.key, lang, label):
                score = round(len(label) / len(t.key), 3)
                return {"iri": iri, "label": corpus.tech_name(iri), "score": score, "via": "label"}
    return None


def ipc_class(works: list[Work], notations: dict[str, str]) -> dict[str, Any] | None:
    """The IPC subclass (e.g. C12P) most of the works carry, and its concept if the store has
    one (a technology with that skos:notation)."""
    flat = Counter(
        code for w in works for code in {c.replace(" ", "")[:4].upper() for c in w.ipc if c.strip()}
    )
    if not flat:
        return None
    code, n = sorted(flat.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return {"code": code, "iri": notations.get(code), "works": n}
