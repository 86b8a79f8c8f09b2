"""The weights of expert finding: every setting of the ranking (``RankSettings``), a person's
contribution to a work, recency and work-type weights (the model is in ``kg.experts.rank``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np

from kg.experts.contrib import ROLE_CLASSES, Contrib, role_class
from kg.experts.index import ExpertIndex


@dataclass
class RankSettings:
    """Every weight and setting of the expert ranking (documented in the README, "Expert finding")."""

    type_weights: dict[str, float] = field(
        default_factory=lambda: {"paper": 1.0, "patent": 1.0, "project": 0.9, "report": 0.6}
    )
    first_author: float = 1.0
    last_author: float = 0.8
    middle_author: float = 0.6
    first_inventor: float = 1.0
    other_inventor: float = 0.8
    pi: float = 1.0  # principal investigator
    member: float = 0.5
    creator: float = 0.7
    mentioned: float = 0.5
    half_life_years: float = 8.0
    reference_year: int | None = None  # None: the current year
    unknown_year_factor: float = 0.6
    expand_weight: float = 0.5
    subject_bonus: float = 0.3
    coord_power: float = 1.0  # relevance × (share of the query's words a work covers) ** this
    narrower_subject_bonus: float = 0.2
    top_k: int = 3
    breadth_weight: float = 0.05
    expertise_weight: float = 0.15
    min_relevance: float = 0.02  # works below this (after normalising) are not evidence
    max_works: int = 50_000  # most relevant works considered per query
    max_evidence: int = 5  # evidence items shown per expert
    max_query_chars: int = 100_000  # longer texts are cut here (never refused); JSON says so
    keyword_max_terms: int = 5  # queries with more distinct terms are matched as whole texts
    key_terms: int = 100  # a whole text is reduced to its strongest terms (TF-IDF)
    dense_weight: float = 0.5  # text mode: share of the (standardized) sentence-vector side
    english_share: float = 1.0  # text mode, English: MiniLM's share of it (the rest e5's)
    text_top_k: int = 5  # text mode: a person's score is the mean of their best few works
    keyword_dense_weight: float = 0.3  # keyword mode: share of the sentence-vector similarity
    text_floor_quantile: float = 0.1  # dense floor in text mode (kg.experts.hybrid)
    text_half_life_years: float = 0.0  # recency half-life in text mode (0: none)
    keyword_floor_quantile: float = 0.9  # dense floor in keyword mode


def contribution_weight(c: Contrib, s: RankSettings) -> tuple[float, str]:
    """The person's share of a work and a readable description of it."""
    cls = ROLE_CLASSES[role_class(c)]
    weight = getattr(s, cls)
    pos = f" ({c.position}/{c.count})" if c.position and c.count else ""
    if cls in ("first_author", "last_author", "first_inventor"):
        return weight, f"{cls.replace('_', ' ')}{pos}"
    if cls == "middle_author":
        return weight, f"author{pos or (f' ({c.position})' if c.position else '')}"
    if cls == "other_inventor":
        return weight, f"inventor{pos}"
    return weight, {
        "pi": "principal investigator",
        "member": "project member",
        "mentioned": "mentioned in report",
        "creator": c.role,
    }[cls]


def recency(ix: ExpertIndex, s: RankSettings, mode: str = "keywords") -> np.ndarray:
    ref = s.reference_year or date.today().year
    years = ix.work_year.astype(np.float64)
    age = np.clip(ref - years, 0, None)
    half_life = s.text_half_life_years if mode == "text" else s.half_life_years
    if half_life <= 0:  # no recency weighting
        return np.ones(len(years))
    rec = np.power(0.5, age / half_life)
    return np.where(years > 0, rec, s.unknown_year_factor)


def type_weight_array(ix: ExpertIndex, s: RankSettings) -> np.ndarray:
    codes = ix.type_codes
    if codes is None or len(codes[1]) != len(ix.work_type):
        names = sorted(set(ix.work_type))
        pos = {n: i for i, n in enumerate(names)}
        codes = (names, np.array([pos[t] for t in ix.work_type], dtype=np.int64))
        ix.type_codes = codes
    names, arr = codes
    return np.array([s.type_weights.get(n, 1.0) for n in names] or [1.0])[arr]
