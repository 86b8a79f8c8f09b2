"""Pairwise scores for the resolver: persons and institutions, with readable reasons.

Scores are in [0, 1]. String similarity comes from rapidfuzz; the rules on top of it are
name-structure rules (surname, given name, initials, acronym) and context (affiliation,
co-authors, country, city, ids).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from ingest.resolve.names import GENERIC, STOP, InstName, PersonName, institution, person

TYPE_WORDS = frozenset(
    {
        "university",
        "institute",
        "academy",
        "college",
        "company",
        "limited",
        "corporation",
        "group",
        "inc",
        "co",
        "ltd",
        "laboratory",
        "center",
    }
)


MARKED_WORDS = GENERIC - TYPE_WORDS - STOP


@dataclass
class Node:
    """A unique mention signature: identical mentions collapse into one node."""

    kind: str
    name: str
    mention_ids: list[str] = field(default_factory=list)
    country: str = ""
    city: str = ""
    affiliation: str = ""
    # co-author keys (``coauthor_keys``); the clusterer keeps them as a sorted tuple and makes
    # them a set while the node's pairs are scored
    coauthors: frozenset[tuple[str, str]] | tuple[tuple[str, str], ...] = frozenset()
    orcid: str = ""
    ror: str = ""
    entity: str = ""  # an existing entity in the graph (pseudo-mention from its labels)
    group: str = ""  # nodes sharing a group are the same entity already
    canonical: str = ""
    person: PersonName | None = None
    inst: InstName | None = None
    aff: InstName | None = None
    aff_entity: str = ""  # the affiliations' graph nodes (space-separated IRIs)

    @property
    def has_context(self) -> bool:
        return bool(
            self.country or self.city or self.affiliation or self.coauthors or self.orcid
            or self.ror or self.entity
        )  # fmt: skip


# --------------------------------------------------------------------------------------
# institutions


def _distinct_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a and not b:
        return True
    if not a or not b:
        return False

    def covered(xs: frozenset[str], ys: frozenset[str]) -> bool:
        return all(x in ys or any(fuzz.ratio(x, y) >= 85 for y in ys) for x in xs)

    return covered(a, b) and covered(b, a)


def inst_similarity(a: InstName, b: InstName) -> float:
    """Name-only similarity of two institution names in [0, 1]."""
    if a.key == b.key:
        return 1.0
    if a.han != b.han:
        return 0.0
    if a.is_acronym or b.is_acronym:
        if a.is_acronym and b.is_acronym:
            return 0.0
        acr, full = (a, b) if a.is_acronym else (b, a)
        return 0.88 if len(acr.key) >= 3 and full.acronym == acr.key else 0.0
    if a.key.replace(" ", "") == b.key.replace(" ", ""):
        return 0.95  # "Jiao Tong" ~ "Jiaotong", "Xi'an" ~ "Xian"
    if a.han:
        r = fuzz.ratio(a.key, b.key) / 100
        if a.key in b.key or b.key in a.key:
            r = max(r, 0.8)
        return r if a.distinct & b.distinct else min(r, 0.4)
    ts = fuzz.token_sort_ratio(a.key, b.key) / 100
    if not _distinct_compatible(a.distinct, b.distinct):
        return min(ts, 0.55 if a.distinct & b.distinct else 0.4)
    ta, tb = set(a.key.split()), set(b.key.split())
    if (ta <= tb or tb <= ta) and (ta ^ tb) <= TYPE_WORDS:
        return max(ts, 0.9)  # "Tsinghua" ~ "Tsinghua University"
    if (ta ^ tb) & MARKED_WORDS:
        return min(ts, 0.75)  # "Zhejiang University" vs "Zhejiang University of Technology"
    return ts


def aff_relation(a: InstName, b: InstName) -> int:
    """+1 same institution, -1 different, 0 cannot tell (other script, unmatched acronym)."""
    if a.han != b.han:
        return 0
    sim = inst_similarity(a, b)
    if sim >= 0.85:
        return 1
    if a.is_acronym or b.is_acronym or a.distinct & b.distinct:
        return 0
    return -1 if sim < 0.6 else 0


def score_institutions(a: Node, b: Node) -> tuple[float, list[str]]:
    if a.ror and b.ror:
        return (1.0, ["same ROR"]) if a.ror == b.ror else (0.0, ["different ROR"])
    if a.entity and b.entity and a.entity != b.entity:
        return 0.0, ["different graph entities"]
    assert a.inst is not None and b.inst is not None
    s = inst_similarity(a.inst, b.inst)
    reasons = [f"name similarity {s:.2f}"]
    if s <= 0:
        return 0.0, reasons
    if a.country and b.country and a.country != b.country:
        s -= 0.3
        reasons.append("different country")
    if a.city and b.city and a.city != b.city:
        s -= 0.15
        reasons.append("different city")
    return max(0.0, min(1.0, s)), reasons


# --------------------------------------------------------------------------------------
# persons


def person_name_score(a: PersonName, b: PersonName) -> tuple[float, str]:
    """Best name-structure score over the readings of two person names (0: incompatible)."""
    if a.han and b.han:
        return (0.92, "same Chinese name") if a.han == b.han else (0.0, "different Chinese names")
    best, why = 0.0, "different names"
    for ra in a.readings:
        for rb in b.readings:
            if ra.surname != rb.surname:
                continue
            if ra.given and rb.given:
                if ra.given == rb.given:
                    s, w = 0.9, "same full name"
                elif fuzz.ratio(ra.given, rb.given) >= 88 and ra.given[0] == rb.given[0]:
                    s, w = 0.72, "given names nearly equal"
                else:
                    s, w = 0.0, "different given names"
            elif ra.first and rb.first:
                if ra.first != rb.first:
                    s, w = 0.0, "different first names"
                elif ra.initials == rb.initials:
                    s, w = 0.9, "same name"  # "Brent J. Bos" ~ "Brent J Bos"
                elif _initials_ok(ra.initials, rb.initials):
                    s, w = 0.8, "same first name"
                else:
                    s, w = 0.0, "different middle initials"
            elif not ra.initials or not rb.initials:
                s, w = (
                    (0.5, "surname only") if ra.initials == rb.initials else (0.4, "surname only")
                )
            elif ra.initials[0] != rb.initials[0] or not _initials_ok(ra.initials, rb.initials):
                s, w = 0.0, "initials differ"
            elif (ra.given or ra.first) or (rb.given or rb.first):
                s, w = 0.7, "initial matches given name"
            else:
                s, w = 0.62, "same initials"
            if s > best:
                best, why = s, w
    return best, why


def _initials_ok(x: str, y: str) -> bool:
    """Initials agree where both are known: "x" ~ "xm", "xm" ~ "xm", not "xm" ~ "xl"."""
    if len(x) < 2 or len(y) < 2:
        return True
    return x[:2] == y[:2]


def score_persons(a: Node, b: Node) -> tuple[float, list[str]]:
    if a.orcid and b.orcid:
        return (1.0, ["same ORCID"]) if a.orcid == b.orcid else (0.0, ["different ORCID"])
    if a.entity and b.entity and a.entity != b.entity:
        return 0.0, ["different graph entities"]
    assert a.person is not None and b.person is not None
    s, why = person_name_score(a.person, b.person)
    reasons = [why]
    if s <= 0:
        return 0.0, reasons
    if a.aff_entity and b.aff_entity:
        rel = 1 if set(a.aff_entity.split()) & set(b.aff_entity.split()) else -1
    elif a.aff is not None and b.aff is not None:
        rel = aff_relation(a.aff, b.aff)
    else:
        rel = 0
    if rel > 0:
        s += 0.15
        reasons.append("same affiliation")
    elif rel < 0:
        s -= 0.25
        reasons.append("different affiliation")
    shared = len(a.coauthors & b.coauthors)  # type: ignore[operator]
    if shared:
        s += min(0.2, 0.1 * shared)
        reasons.append(f"{shared} shared co-author(s)")
    if a.country and b.country:
        if a.country == b.country:
            s += 0.03
        else:
            s -= 0.3
            reasons.append("different country")
    if a.city and b.city and a.city != b.city:
        s -= 0.1
        reasons.append("different city")
    return max(0.0, min(1.0, s)), reasons


def score(a: Node, b: Node) -> tuple[float, list[str]]:
    return score_persons(a, b) if a.kind == "person" else score_institutions(a, b)


def prepare(node: Node) -> Node:
    if node.kind == "person":
        node.person = person(node.name)
        node.aff = institution(node.affiliation) if node.affiliation else None
    else:
        node.inst = institution(node.name)
    return node


def coauthor_keys(names: list[str]) -> frozenset[tuple[str, str]]:
    """(surname, first initial) keys of co-author names, for overlap counting."""
    return frozenset(k for n in names for k in _name_keys(n))


@functools.lru_cache(maxsize=100_000)
def _name_keys(name: str) -> tuple[tuple[str, str], ...]:
    """A name's co-author keys, the same tuples each time it is asked (50,000 people with
    ~35 co-authors each held a tuple per co-author and person otherwise)."""
    return tuple(dict.fromkeys((r.surname, r.initials[:1]) for r in person(name).readings))
