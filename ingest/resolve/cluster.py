"""The resolver: cluster person and institution name mentions, and link them to the graph.

``resolve(mentions, kind, known=...)`` is the whole method:

1. normalise every mention (``ingest.names``) and collapse identical signatures into nodes;
2. add the graph's entities as pre-grouped nodes, one per label (``known_from_store``), so
   Chinese and English labels, altLabels and acronyms of one entity are already together;
3. block: persons by (surname pinyin, given name), (surname, first initial) and (surname,
   initial, affiliation); institutions by exact key, acronym and their rarest tokens;
4. score the pairs inside each block (``ingest.resolve_score``, rapidfuzz underneath);
5. union-find over pairs scoring >= ``high``, best first, with a guard that never joins two
   clusters holding different ORCIDs/RORs, graph entities, countries, Chinese names or
   incompatible given names; pairs between ``low`` and ``high`` (and guarded ones) become
   review candidates, never merges.
"""

from __future__ import annotations

import heapq
import itertools
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import numpy as np

from ingest.resolve.model import (
    ENTITY_KIND,
    KINDS,
    Candidate,
    Mention,
    Resolution,
    find_root,
    known_from_store,
    normalise_country,
    parse_line,
)
from ingest.resolve.names import STOP, find_orcid, find_ror, simple_key
from ingest.resolve.orgs import resolve_institutions
from ingest.resolve.score import Node, aff_relation, coauthor_keys, inst_similarity, prepare, score
from ingest.resolve.score import person_name_score as _name_score
from kg import vocab
from kg.errors import InputError

HIGH = 0.85
LOW = 0.6
BLOCK_CAP = 400
__all__ = [
    "KINDS",
    "Candidate",
    "Mention",
    "Resolution",
    "known_from_store",
    "parse_line",
    "resolve",
]


# --------------------------------------------------------------------------------------
# clustering


class _Clusters:
    """Union-find over nodes with per-cluster facts for the chaining guard."""

    def __init__(self, nodes: list[Node], forbidden: set[tuple[str, str]]) -> None:
        self.forbidden = forbidden
        self.parent = list(range(len(nodes)))
        self.nodes = nodes
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}

    def find(self, i: int) -> int:
        return find_root(self.parent, i)

    def conflict(self, ra: int, rb: int) -> str:
        """Why the clusters rooted at ra and rb must stay apart ("" when they may merge)."""
        A = [self.nodes[i] for i in self.members[ra]]
        B = [self.nodes[i] for i in self.members[rb]]
        if self.forbidden and _rejected(A, B, self.forbidden):
            return "rejected in review"
        ids_a = {n.orcid or n.ror for n in A} - {""}
        if ids_a & ({n.orcid or n.ror for n in B} - {""}):
            return ""  # the same ORCID/ROR: certain
        for attr, why in (("orcid", "different ORCIDs"), ("ror", "different RORs"),
                          ("entity", "different graph entities"), ("country", "different countries")):  # fmt: skip
            sa = {getattr(n, attr) for n in A} - {""}
            sb = {getattr(n, attr) for n in B} - {""}
            if sa and sb and not sa & sb:
                return why
        if A[0].kind == "person":
            ha = {n.person.han for n in A if n.person and n.person.han}
            hb = {n.person.han for n in B if n.person and n.person.han}
            if ha and hb and not ha & hb:
                return "different Chinese names"
            for x in _distinct_names(A):
                for y in _distinct_names(B):
                    if _name_score(x, y)[0] <= 0:
                        return f"incompatible names {x.raw!r} / {y.raw!r}"
            ea = {x for n in A for x in n.aff_entity.split()}
            eb = {x for n in B for x in n.aff_entity.split()}
            if ea and eb:
                return "" if ea & eb else "different affiliations"
            fa = [n.aff for n in A if n.aff is not None][:8]
            fb = [n.aff for n in B if n.aff is not None][:8]
            if fa and fb:
                rels = [aff_relation(x, y) for x in fa for y in fb]
                if max(rels) < 0:
                    return "different affiliations"
        else:
            la = {n.inst.key for n in A if n.inst and n.inst.is_acronym}
            lb = {n.inst.key for n in B if n.inst and n.inst.is_acronym}
            if la and lb and not la & lb:
                return "different acronyms"
            fa = [n.inst for n in A if n.inst and not n.inst.is_acronym and not n.inst.han][:8]
            fb = [n.inst for n in B if n.inst and not n.inst.is_acronym and not n.inst.han][:8]
            if fa and fb and max(inst_similarity(x, y) for x in fa for y in fb) < 0.8:
                return "dissimilar names"
        return ""

    def union(self, ra: int, rb: int) -> int:
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return ra


def _rejected(A: list[Any], B: list[Any], forbidden: set[tuple[str, str]]) -> bool:
    ga = {n.group for n in A} - {""}
    gb = {n.group for n in B} - {""}
    return any(tuple(sorted((x, y))) in forbidden for x in ga for y in gb)


def _distinct_names(nodes: list[Node]) -> list[Any]:
    seen: dict[str, Any] = {}
    for n in nodes:
        if n.person is not None and n.person.key not in seen:
            seen[n.person.key] = n.person
            if len(seen) >= 8:
                break
    return list(seen.values())


def _blocking_keys(node: Node, df: Counter[str] | None) -> list[tuple[str, ...]]:
    keys: list[tuple[str, ...]] = []
    if node.orcid or node.ror:
        keys.append(("id", node.orcid or node.ror))
    if node.kind == "person":
        pn = node.person
        assert pn is not None
        if pn.han:
            keys.append(("h", pn.han))
        affk = ""
        if node.aff is not None:
            affk = (
                node.aff.acronym
                if node.aff.is_acronym
                else (min(node.aff.distinct) if node.aff.distinct else node.aff.key)
            )
        for r in pn.readings:
            ini = r.initials[:1]
            if r.given:
                keys.append(("g", r.surname, r.given))
            keys.append(("i", r.surname, ini))
            if affk:
                keys.append(("a", r.surname, ini, affk))
    else:
        inst = node.inst
        assert inst is not None
        keys.append(("k", inst.key))
        keys.append(("s", inst.key.replace(" ", "")))
        if inst.is_acronym:
            keys.append(("a", inst.key))
        elif len(inst.acronym) >= 3:
            keys.append(("a", inst.acronym))
        if df is not None and inst.distinct:
            rare = sorted(inst.distinct, key=lambda t: (df[t], t))[:2]
            for t in rare:
                keys.append(("t", t if inst.han else t[:5]))
    return keys


def _nodes(mentions: list[Mention], kind: str) -> tuple[list[Node], dict[str, int]]:
    index: dict[tuple[Any, ...], int] = {}
    nodes: list[Node] = []
    of_mention: dict[str, int] = {}
    for m in mentions:
        if m.orcid:
            m.orcid = find_orcid(m.orcid) or m.orcid
        if m.ror:
            m.ror = find_ror(m.ror) or m.ror
        # a sorted tuple: ~10x smaller than the set (a set only while its part is scored)
        co = tuple(sorted(coauthor_keys(m.coauthors))) if m.coauthors else ()
        country = normalise_country(m.country) if m.country else ""
        city = simple_key(m.city) if m.city else ""
        sig = (
            m.name,
            m.aff_entity,
            country,
            city,
            simple_key(m.affiliation),
            co,
            m.orcid,
            m.ror,
            m.entity,
            m.group,
        )
        i = index.get(sig)
        if i is None:
            i = len(nodes)
            index[sig] = i
            nodes.append(prepare(Node(kind, m.name, [], country, city, m.affiliation, co,
                                      m.orcid, m.ror, m.entity, m.group, m.canonical)))  # fmt: skip
            nodes[i].aff_entity = m.aff_entity
        nodes[i].mention_ids.append(m.id)
        of_mention[m.id] = i
    return nodes, of_mention


def _blocks(nodes: list[Node]) -> list[list[int]]:
    """The blocks of 2 to ``BLOCK_CAP`` nodes, in the order they are first formed."""
    df: Counter[str] | None = None
    if nodes and nodes[0].kind == "institution":
        df = Counter(t for n in nodes if n.inst for t in n.inst.distinct)
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        for k in set(_blocking_keys(n, df)):
            blocks[k].append(i)
    return [m for m in blocks.values() if 2 <= len(m) <= BLOCK_CAP]


Block = tuple[int, list[int]]  # a block's place in ``_blocks`` and its nodes


def _pairs_in(blocks: list[Block]) -> Iterator[tuple[tuple[int, int, int], int, int]]:
    """Each pair of nodes sharing one of ``blocks`` once, in the first block they share (no set
    of the pairs seen: at 50,000 people sharing few names it held millions), with its place
    in the whole input's order of pairs (block, positions in the block)."""
    earlier: dict[int, set[int]] = defaultdict(set)  # the blocks so far holding each node
    for b, members in blocks:
        before = [earlier[i] for i in members]
        for (x, i), (y, j) in itertools.combinations(enumerate(members), 2):
            bi, bj = before[x], before[y]
            if not bi or not bj or bi.isdisjoint(bj):
                yield (b, x, y), i, j
        for i in members:
            earlier[i].add(b)


def _pairs(nodes: list[Node]) -> Iterator[tuple[int, int]]:
    """Each pair of nodes sharing a block once, in the first block they share."""
    for _, i, j in _pairs_in(list(enumerate(_blocks(nodes)))):
        yield i, j


def _parts(n: int, uf: _Clusters, blocks: list[list[int]]) -> list[list[Block]]:
    """The blocks grouped by the parts of the nodes that they and the clusters so far join,
    each part's in block order: no pair, union or guard reaches outside its part, so the parts
    are clustered one at a time (only one part's scored pairs are held)."""
    parent = [uf.find(i) for i in range(n)]
    for members in blocks:
        r = find_root(parent, members[0])
        for i in members[1:]:
            q = find_root(parent, i)
            if q != r:
                parent[q] = r
    parts: dict[int, list[Block]] = defaultdict(list)
    for b, members in enumerate(blocks):
        parts[find_root(parent, members[0])].append((b, members))
    return list(parts.values())


class _Scored:
    """Scored pairs as arrays (score, node i, node j, reasons' index) with the lists of
    reasons interned: millions of pairs in tens of MB, not a tuple and a list each."""

    def __init__(self) -> None:
        self.s = array("d")
        self.i = array("i")
        self.j = array("i")
        self.r = array("i")
        self.reasons: list[list[str]] = []
        self._ids: dict[tuple[str, ...], int] = {}

    def __len__(self) -> int:
        return len(self.s)

    def add(self, s: float, i: int, j: int, reasons: list[str]) -> None:
        key = tuple(reasons)
        r = self._ids.get(key)
        if r is None:
            r = self._ids[key] = len(self.reasons)
            self.reasons.append(reasons)
        self.s.append(s)
        self.i.append(i)
        self.j.append(j)
        self.r.append(r)

    def split(self, has: np.ndarray) -> tuple[list[int], list[int]]:
        """The positions of the pairs whose nodes both carry context (``has``), best score
        first, then by node (the order the unions are tried in); the positions of the others,
        in order."""
        i = np.frombuffer(self.i, dtype=np.int32)
        j = np.frombuffer(self.j, dtype=np.int32)
        both = has[i] & has[j]
        at = np.flatnonzero(both)
        s = np.frombuffer(self.s, dtype=np.float64)
        ctx = at[np.lexsort((j[at], i[at], -s[at]))].tolist()
        return ctx, np.flatnonzero(~both).tolist()

    def at(self, n: int) -> tuple[float, int, int, list[str]]:
        return self.s[n], self.i[n], self.j[n], self.reasons[self.r[n]]


def resolve(
    mentions: list[Mention],
    kind: str,
    known: list[Mention] | None = None,
    high: float = HIGH,
    low: float = LOW,
    known_institutions: list[Mention] | None = None,
    forced: list[tuple[str, str]] | None = None,
    forbidden: set[tuple[str, str]] | None = None,
) -> Resolution:
    """Cluster ``mentions`` (and link them to ``known`` graph entities).

    For persons, ``known_institutions`` (graph institutions) link affiliations across
    scripts: "清华大学" and "Tsinghua Univ." are one affiliation when the graph says so.
    """
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}: use person or institution")
    good = [m for m in mentions if not m.error and m.name]
    if kind == "institution":
        return resolve_institutions(list(known or []) + good, forced, forbidden)
    nodes, of_mention = _nodes(list(known or []) + good, kind)
    if kind == "person" and known_institutions:
        affs = sorted({n.affiliation for n in nodes if n.affiliation and not n.aff_entity})
        res = resolve([Mention(a, a) for a in affs], "institution", known_institutions)
        for n in nodes:
            if n.affiliation:
                ent = res.assignments[n.affiliation][0]
                n.aff_entity = ent if ent in res.linked else ""
    uf = _Clusters(nodes, forbidden or set())
    by_group: dict[str, int] = {}
    for i, n in enumerate(nodes):
        if n.group:
            if n.group in by_group:
                ra, rb = uf.find(by_group[n.group]), uf.find(i)
                if ra != rb:
                    uf.union(ra, rb)
            else:
                by_group[n.group] = i
    for a, b in forced or ():  # pairs accepted in review
        if a in by_group and b in by_group:
            ra, rb = uf.find(by_group[a]), uf.find(by_group[b])
            if ra != rb:
                uf.union(ra, rb)
    has = np.array([n.has_context for n in nodes], dtype=bool)
    blocks = _blocks(nodes)
    found: dict[tuple[int, int], list[Any]] = {}
    for part in _parts(len(nodes), uf, blocks):
        _keep_best(_cluster_part(part, nodes, uf, has, (high, low)), uf, found)
    del blocks
    review = [f[2] for f in sorted(found.values(), key=lambda f: f[0])]
    return _result(nodes, of_mention, uf, review, kind, mentions)


Review = tuple[tuple[Any, ...], float, int, int, list[str]]  # (order, score, i, j, reasons)


def _cluster_part(
    part: list[Block], nodes: list[Node], uf: _Clusters, has: np.ndarray, cut: tuple[float, float]
) -> list[Review]:
    """The unions of one part (``_parts``) and its review entries, each with its place in the
    order a run over the whole input makes them: pairs scoring between ``low`` and ``high``
    (in pair order), then guarded unions between nodes that both carry context (best first),
    then bare-name nodes (by node)."""
    members = sorted({i for _, m in part for i in m})
    compact = [nodes[i].coauthors for i in members]
    for i in members:  # the co-author keys as sets while the part is scored
        nodes[i].coauthors = frozenset(nodes[i].coauthors)
    try:
        return _union_part(part, nodes, uf, has, cut)
    finally:
        for i, co in zip(members, compact, strict=True):
            nodes[i].coauthors = co


def _union_part(
    part: list[Block], nodes: list[Node], uf: _Clusters, has: np.ndarray, cut: tuple[float, float]
) -> list[Review]:
    high, low = cut
    scored = _Scored()
    review: list[Review] = []
    for at, i, j in _pairs_in(part):
        a, b = nodes[i], nodes[j]
        if a.group and a.group == b.group:
            continue
        s, reasons = score(a, b)
        if s >= high:
            scored.add(s, i, j, reasons)
        elif s >= low:
            review.append(((0, *at), s, i, j, reasons))
    # pass 1: pairs between nodes that both carry context; pass 2: bare-name nodes
    ctx, bare = scored.split(has)
    for n in ctx:
        s, i, j, reasons = scored.at(n)
        _try_union(uf, (1, -s, i, j), s, i, j, reasons, review)
    partners: dict[int, list[tuple[float, int, list[str]]]] = defaultdict(list)
    for s, i, j, reasons in map(scored.at, bare):
        k, other = (i, j) if not has[i] else (j, i)
        partners[k].append((s, other, reasons))
    for k in sorted(partners):
        roots = {uf.find(o) for _, o, _ in partners[k]} - {uf.find(k)}
        ok = all(not uf.conflict(x, y) for x, y in itertools.combinations(sorted(roots), 2))
        for r, (s, o, reasons) in enumerate(sorted(partners[k], key=lambda t: (-t[0], t[1]))):
            if ok:
                _try_union(uf, (2, k, r), s, k, o, reasons, review)
            else:
                why = [*reasons, "ambiguous: several distinct candidates"]
                review.append(((2, k, r), s, k, o, why))
    return review


def _try_union(
    uf: _Clusters, at: tuple, s: float, i: int, j: int, reasons: list[str], review: list
) -> None:
    ra, rb = uf.find(i), uf.find(j)
    if ra == rb:
        return
    why = uf.conflict(ra, rb)
    if why:
        review.append((at, s, i, j, [*reasons, f"not merged: {why}"]))
    else:
        uf.union(ra, rb)


def _keep_best(review: list[Review], uf: _Clusters, found: dict[tuple[int, int], list]) -> None:
    """Of a clustered part's review entries, the best of each pair of clusters (the highest
    score, the first of equals) and the place of the pair's first entry, in ``found``."""
    for at, s, i, j, reasons in review:
        ra, rb = uf.find(i), uf.find(j)
        if ra == rb:
            continue
        key = (min(ra, rb), max(ra, rb))
        f = found.get(key)
        if f is None:
            found[key] = [at, at, (s, i, j, reasons)]
            continue
        f[0] = min(f[0], at)
        if s > f[2][0] or (s == f[2][0] and at < f[1]):
            f[1], f[2] = at, (s, i, j, reasons)


def _completeness(n: Node) -> tuple[int, ...]:
    if n.kind == "person":
        pn = n.person
        full = any(r.given for r in pn.readings) if pn else False
        first = any(r.first for r in pn.readings) if pn else False
        return (2 if full else 1 if first else 0, 0 if pn and pn.han else 1)
    inst = n.inst
    if inst is None:
        return (0,)
    clean = " ".join(t for t in simple_key(n.name).split() if t not in STOP) == inst.key
    return (0 if inst.is_acronym else 1, 1 if clean else 0, 0 if inst.han else 1)


def _result(nodes, of_mention, uf, review, kind, mentions) -> Resolution:
    roots: dict[int, list[int]] = defaultdict(list)
    for i in range(len(nodes)):
        roots[uf.find(i)].append(i)
    ident: dict[int, tuple[str, str]] = {}
    used: Counter[str] = Counter()
    for root in sorted(roots, key=lambda r: min(roots[r])):
        members = [nodes[i] for i in roots[root]]
        linked = [n for n in members if n.entity]
        if linked:
            ident[root] = (linked[0].entity, linked[0].canonical or linked[0].name)
            continue
        forms: Counter[str] = Counter()
        rank: dict[str, tuple[int, ...]] = {}
        for n in members:
            forms[n.name] += len(n.mention_ids)
            rank[n.name] = max(rank.get(n.name, ()), _completeness(n))
        canonical = max(forms, key=lambda f: (rank[f], forms[f], len(f), f))
        base = vocab.mint(ENTITY_KIND[kind], "resolve", "name:" + simple_key(canonical)).value
        used[base] += 1
        ident[root] = (base if used[base] == 1 else f"{base}-{used[base]}", canonical)
    assignments = {mid: ident[uf.find(i)] for mid, i in of_mention.items()}
    best: dict[tuple[int, int], tuple[float, int, int, list[str]]] = {}
    for s, i, j, reasons in review:
        ra, rb = uf.find(i), uf.find(j)
        if ra == rb:
            continue
        key = (min(ra, rb), max(ra, rb))
        if key not in best or best[key][0] < s:
            best[key] = (s, i, j, reasons)
    cands = []
    for (ra, rb), (s, i, j, reasons) in heapq.nlargest(
        len(best), best.items(), key=lambda kv: kv[1][0]
    ):
        cands.append(Candidate(kind, ident[ra][0], ident[rb][0], nodes[i].name, nodes[j].name, s,
                               reasons, nodes[i].mention_ids[:5] + nodes[j].mention_ids[:5]))  # fmt: skip
    linked = {ident[r][0] for r in roots if any(nodes[i].entity for i in roots[r])}
    return Resolution(assignments, cands, len(roots), linked)
