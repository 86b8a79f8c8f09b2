"""Name-only persons ("Pennington L" on one paper) linked to the one known person they are.

A person node with no ORCID, affiliation or country (minted from a name on a work) is merged
into a person who has them when that person is the only one with a compatible name (surname,
initials, given name) whose context agrees: a technology of the node's works among the
person's expertise, an institution of its works among the person's affiliations, or a shared
co-author. Several such people make the node ambiguous: it stays and goes to review.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import pyoxigraph as ox

from ingest.resolve.names import person
from ingest.resolve.score import person_name_score
from kg import vocab

MIN_NAME = 0.6
Spo = ox.Triple | tuple[ox.NamedNode | ox.BlankNode | ox.Literal, ox.NamedNode, object]


# the predicates ``link_plain`` reads; a triple with another one is skipped before its subject
# and object are looked at
USED = frozenset(
    (vocab.TYPE, vocab.NAME, vocab.PREF_LABEL, vocab.CREATOR, vocab.ORCID, vocab.MEMBER_OF,
     vocab.COUNTRY_CODE, vocab.SUBJECT, vocab.HAS_EXPERTISE, vocab.AFFILIATED_INSTITUTION,
     vocab.KEYWORD)
)  # fmt: skip


def _graph(triples: Iterable[Spo]) -> tuple[dict, dict, set[ox.NamedNode]]:
    out: dict[ox.NamedNode, dict[ox.NamedNode, set[Any]]] = defaultdict(lambda: defaultdict(set))
    names: dict[ox.NamedNode, list[str]] = defaultdict(list)
    experts: set[ox.NamedNode] = set()
    used = USED
    for s, p, o in triples:
        if p not in used:
            continue
        if not isinstance(s, ox.NamedNode):
            continue
        if p == vocab.TYPE and o == vocab.EXPERT:
            experts.add(s)
        elif p in (vocab.NAME, vocab.PREF_LABEL) and isinstance(o, ox.Literal):
            if o.value not in names[s]:
                names[s].append(o.value)
        else:
            out[s][p].add(o)
    return out, names, experts


CONTEXT = (vocab.ORCID, vocab.MEMBER_OF, vocab.COUNTRY_CODE)  # a person with one is not plain


def _any_plain(triples: Iterable[Spo]) -> bool:
    """Whether some person has no ORCID, affiliation or country (one pass, two sets)."""
    experts: set[ox.NamedNode] = set()
    known: set[ox.NamedNode] = set()
    for s, p, o in triples:
        if p == vocab.TYPE and o == vocab.EXPERT:
            experts.add(s)  # type: ignore[arg-type]
        elif p in CONTEXT:
            known.add(s)  # type: ignore[arg-type]
    return bool(experts - known)


def link_plain(
    triples: Callable[[], Iterable[Spo]],
) -> tuple[dict[ox.NamedNode, ox.NamedNode], list[dict]]:
    """(plain node -> the person it is, review candidates for ambiguous ones), from the
    triples of the records (``triples()``: the resolver's summary of them, as ``Triple``s or
    (subject, predicate, object)). The graph of
    works, topics and co-authors is built only when some person is plain."""
    if not _any_plain(triples()):
        return {}, []
    out, names, experts = _graph(triples())
    works: dict[ox.NamedNode, set[ox.NamedNode]] = defaultdict(set)
    for w, props in out.items():
        for e in props.get(vocab.CREATOR, ()):
            works[e].add(w)
    plain, known = [], []
    for e in experts:
        props = out.get(e, {})
        has = any(props.get(p) for p in CONTEXT)
        (known if has else plain).append(e)
    by_surname: dict[str, list[ox.NamedNode]] = defaultdict(list)
    for k in known:
        for n in names.get(k, ()):
            for r in person(n).readings:
                by_surname[r.surname].append(k)

    def coauthors(e: ox.NamedNode) -> set[ox.NamedNode]:
        return {a for w in works[e] for a in out[w].get(vocab.CREATOR, ())} - {e}

    mapping: dict[ox.NamedNode, ox.NamedNode] = {}
    review: list[dict] = []
    for e in sorted(plain, key=lambda x: x.value):
        topics = {t for w in works[e] for t in out[w].get(vocab.SUBJECT, ())}
        insts = {i for w in works[e] for i in out[w].get(vocab.AFFILIATED_INSTITUTION, ())}
        co = coauthors(e)
        words = {_kw(x) for w in works[e] for x in out[w].get(vocab.KEYWORD, ())}
        fits: list[tuple[ox.NamedNode, float, list[str]]] = []
        for k in _named_like(e, names, by_surname):
            props = out.get(k, {})
            why = []
            if topics & (props.get(vocab.HAS_EXPERTISE, set()) | props.get(vocab.SUBJECT, set())):
                why.append("a technology of the works is the person's expertise")
            if insts & props.get(vocab.MEMBER_OF, set()):
                why.append("an institution of the works is the person's affiliation")
            if co & coauthors(k):
                why.append("shared co-author")
            if words & {_kw(x) for x in props.get(vocab.KEYWORD, ())}:
                why.append("a keyword of the works is the person's keyword")
            if why:
                fits.append((k, _name(e, k, names), why))
        if len(fits) == 1:
            mapping[e] = fits[0][0]
        for k, s, why in fits if len(fits) > 1 else ():
            review.append({"kind": "person", "a": e.value, "b": k.value,
                           "a_name": names[e][0], "b_name": names[k][0], "score": round(0.5 + s / 4, 3),
                           "reasons": [*why, f"against: {len(fits)} people fit the name"],
                           "mentions": []})  # fmt: skip
    return mapping, review


def _kw(x: Any) -> str:
    return x.value.casefold().strip() if isinstance(x, ox.Literal) else ""


def _name(e: ox.NamedNode, k: ox.NamedNode, names: dict) -> float:
    return max(
        (person_name_score(person(a), person(b))[0] for a in names[e] for b in names.get(k, ())),
        default=0.0,
    )


def _named_like(e: ox.NamedNode, names: dict, by_surname: dict) -> list[ox.NamedNode]:
    cands = {k for n in names.get(e, ()) for r in person(n).readings for k in by_surname[r.surname]}
    return sorted(
        (k for k in cands if k != e and _name(e, k, names) >= MIN_NAME), key=lambda x: x.value
    )
