"""The resolver: cluster person and institution name mentions, and link them to the graph.

``resolve(mentions, kind, known=...)`` is the whole method:

1. normalise every mention (``ingest.resolve.names``) and collapse identical signatures into nodes;
2. add the graph's entities as pre-grouped nodes, one per label (``known_from_store``), so
   Chinese and English labels, altLabels and acronyms of one entity are already together;
3. block: persons by (surname pinyin, given name), (surname, first initial) and (surname,
   initial, affiliation); institutions by exact key, acronym and their rarest tokens;
4. score the pairs inside each block (``ingest.resolve.score``, rapidfuzz underneath);
5. union-find over pairs scoring >= ``high``, best first, with a guard that never joins two
   clusters holding different ORCIDs/RORs, graph entities, countries, Chinese names or
   incompatible given names; pairs between ``low`` and ``high`` (and guarded ones) become
   review candidates, never merges.
"""

from __future__ import annotations

import heapq
import itertools
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ingest.resolve.names import STOP, find_orcid, find_ror, institution, is_org_part, simple_key
from ingest.resolve.score import Node, aff_relation, coauthor_keys, inst_similarity, prepare, score
from ingest.resolve.score import person_name_score as _name_score
from kg import vocab
from kg.errors import InputError
from kg.queries import load
from kg.store.base import Store, py

HIGH = 0.85
LOW = 0.6
BLOCK_CAP = 400
KINDS = ("person", "institution")
ENTITY_KIND = {"person": "expert", "institution": "institution"}


@dataclass
class Mention:
    """One name mention. ``context``: co-authors, affiliation, free text (see the README)."""

    id: str
    name: str
    country: str = ""
    city: str = ""
    affiliation: str = ""
    coauthors: list[str] = field(default_factory=list)
    orcid: str = ""
    ror: str = ""
    entity: str = ""  # set on pseudo-mentions built from graph entities
    group: str = ""
    canonical: str = ""
    error: str = ""


@dataclass
class Candidate:
    """An uncertain merge for the review queue."""

    kind: str
    a: str  # entity IRI (or cluster id) of one side
    b: str
    a_name: str
    b_name: str
    score: float
    reasons: list[str]
    mentions: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "a": self.a, "b": self.b, "a_name": self.a_name,
            "b_name": self.b_name, "score": round(self.score, 3), "reasons": self.reasons,
            "mentions": self.mentions,
        }  # fmt: skip


@dataclass
class Resolution:
    assignments: dict[str, tuple[str, str]]  # mention id -> (entity, canonical)
    candidates: list[Candidate]
    clusters: int
    linked: set[str] = field(default_factory=set)  # entities that exist in the graph


# --------------------------------------------------------------------------------------
# input


def parse_line(line: str, lineno: int, kind: str) -> Mention:
    """A plain name line or a JSONL object; a bad line becomes a Mention with ``error`` set."""
    text = line.strip().lstrip("\ufeff")
    if not text.startswith("{"):
        return Mention(str(lineno), text)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as e:
        return Mention(str(lineno), "", error=f"line {lineno}: not valid JSON ({e.msg})")
    if not isinstance(obj, dict):
        return Mention(str(lineno), "", error=f"line {lineno}: expected a JSON object")
    mid = obj.get("id", lineno)
    name = obj.get("name")
    if not isinstance(name, str) or not name.strip():
        return Mention(
            str(mid), "", error=f'line {lineno}: missing or empty "name" (a string is required)'
        )
    m = Mention(str(mid), name.strip())
    for f in ("country", "city", "affiliation", "orcid", "ror"):
        v = obj.get(f)
        if isinstance(v, str):
            setattr(m, f, v.strip())
    m.orcid = find_orcid(m.orcid) or "" if m.orcid else ""
    m.ror = find_ror(m.ror) or "" if m.ror else ""
    co = obj.get("coauthors")
    if isinstance(co, list):
        m.coauthors = [str(x) for x in co if str(x).strip()]
    _apply_context(m, obj.get("context"), kind)
    return m


def _apply_context(m: Mention, ctx: Any, kind: str) -> None:
    """``context`` is an object (affiliation, coauthors, orcid, ror) or ';'-separated text."""
    if isinstance(ctx, dict):
        for f in ("affiliation", "orcid", "ror", "country", "city"):
            v = ctx.get(f)
            if isinstance(v, str) and not getattr(m, f):
                setattr(m, f, v.strip())
        co = ctx.get("coauthors")
        if isinstance(co, list):
            m.coauthors += [str(x) for x in co]
        return
    if isinstance(ctx, list):
        ctx = ";".join(str(x) for x in ctx)
    if not isinstance(ctx, str) or not ctx.strip():
        return
    m.orcid = m.orcid or (find_orcid(ctx) or "")
    m.ror = m.ror or (find_ror(ctx) or "") if kind == "institution" else m.ror
    for part in ctx.replace("；", ";").split(";"):
        part = part.strip()
        if not part or find_orcid(part):
            continue
        if kind == "person":
            inst = institution(part)
            if not m.affiliation and (inst.distinct or inst.is_acronym) and _looks_org(part):
                m.affiliation = part
            else:
                m.coauthors.append(part)


def _looks_org(text: str) -> bool:
    return is_org_part(simple_key(text)) or institution(text).is_acronym


def normalise_country(value: str) -> str:
    v = simple_key(value)
    return {"china": "chn", "cn": "chn", "中国": "chn", "prc": "chn", "usa": "usa", "us": "usa",
            "united states": "usa", "uk": "gbr", "united kingdom": "gbr", "japan": "jpn",
            "jp": "jpn", "germany": "deu", "de": "deu"}.get(v, v)  # fmt: skip


# --------------------------------------------------------------------------------------
# graph entities


def known_from_store(store: Store, kind: str) -> list[Mention]:
    """Pseudo-mentions for the store's experts or institutions: one per label, grouped."""

    rows = store.select(load("resolve/experts" if kind == "person" else "resolve/institutions"))
    per: dict[str, dict[str, Any]] = {}
    for r in rows:
        e = py(r["e"])
        d = per.setdefault(e, {"labels": {}, "ids": "", "aff": "", "country": "", "city": ""})
        lab = r["label"]
        prop = py(r["prop"])
        lang = getattr(lab, "language", None) or ""
        rank = (prop == vocab.PREF_LABEL.value or prop == vocab.NAME.value, lang == "en")
        if lab.value not in d["labels"] or d["labels"][lab.value] < rank:
            d["labels"][lab.value] = rank
        idv = r.get("orcid") if kind == "person" else r.get("ror")
        if idv is not None:
            d["ids"] = py(idv)
        if kind == "person" and r.get("aff") is not None and not d["aff"]:
            d["aff"] = py(r["aff"])
        for f in ("country", "city"):
            if r.get(f) is not None and not d[f]:
                d[f] = str(py(r[f]))
    out: list[Mention] = []
    for e, d in per.items():
        labels = sorted(d["labels"].items(), key=lambda kv: kv[1], reverse=True)
        canonical = labels[0][0]
        for i, (label, _) in enumerate(labels):
            m = Mention(f"{e}#{i}", label, country=d["country"], city=d["city"], entity=e,
                        group=e, canonical=canonical, affiliation=d["aff"])  # fmt: skip
            if kind == "person":
                m.orcid = d["ids"]
            else:
                m.ror = d["ids"]
            out.append(m)
    return out


# --------------------------------------------------------------------------------------
# clustering


class _Clusters:
    """Union-find over nodes with per-cluster facts for the chaining guard."""

    def __init__(self, nodes: list[Node]) -> None:
        self.parent = list(range(len(nodes)))
        self.nodes = nodes
        self.members: dict[int, list[int]] = {i: [i] for i in range(len(nodes))}

    def find(self, i: int) -> int:
        p = self.parent
        while p[i] != i:
            p[i] = p[p[i]]
            i = p[i]
        return i

    def conflict(self, ra: int, rb: int) -> str:
        """Why the clusters rooted at ra and rb must stay apart ("" when they may merge)."""
        A = [self.nodes[i] for i in self.members[ra]]
        B = [self.nodes[i] for i in self.members[rb]]
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
            ea = {n.aff_entity for n in A} - {""}
            eb = {n.aff_entity for n in B} - {""}
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
        co = coauthor_keys(m.coauthors) if m.coauthors else frozenset()
        country = normalise_country(m.country) if m.country else ""
        city = simple_key(m.city) if m.city else ""
        sig = (
            m.name,
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
        nodes[i].mention_ids.append(m.id)
        of_mention[m.id] = i
    return nodes, of_mention


def _pairs(nodes: list[Node]) -> Iterable[tuple[int, int]]:
    df: Counter[str] | None = None
    if nodes and nodes[0].kind == "institution":
        df = Counter(t for n in nodes if n.inst for t in n.inst.distinct)
    blocks: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, n in enumerate(nodes):
        for k in set(_blocking_keys(n, df)):
            blocks[k].append(i)
    seen: set[int] = set()
    n_nodes = len(nodes)
    for members in blocks.values():
        if len(members) < 2 or len(members) > BLOCK_CAP:
            continue
        for i, j in itertools.combinations(members, 2):
            code = i * n_nodes + j
            if code not in seen:
                seen.add(code)
                yield i, j


def resolve(
    mentions: list[Mention],
    kind: str,
    known: list[Mention] | None = None,
    high: float = HIGH,
    low: float = LOW,
    known_institutions: list[Mention] | None = None,
) -> Resolution:
    """Cluster ``mentions`` (and link them to ``known`` graph entities).

    For persons, ``known_institutions`` (graph institutions) link affiliations across
    scripts: "清华大学" and "Tsinghua Univ." are one affiliation when the graph says so.
    """
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}: use person or institution")
    good = [m for m in mentions if not m.error and m.name]
    nodes, of_mention = _nodes(list(known or []) + good, kind)
    if kind == "person" and known_institutions:
        affs = sorted({n.affiliation for n in nodes if n.affiliation})
        res = resolve([Mention(a, a) for a in affs], "institution", known_institutions)
        for n in nodes:
            if n.affiliation:
                ent = res.assignments[n.affiliation][0]
                n.aff_entity = ent if ent in res.linked else ""
    uf = _Clusters(nodes)
    by_group: dict[str, int] = {}
    for i, n in enumerate(nodes):
        if n.group:
            if n.group in by_group:
                ra, rb = uf.find(by_group[n.group]), uf.find(i)
                if ra != rb:
                    uf.union(ra, rb)
            else:
                by_group[n.group] = i
    scored: list[tuple[float, int, int, list[str]]] = []
    review: list[tuple[float, int, int, list[str]]] = []
    for i, j in _pairs(nodes):
        a, b = nodes[i], nodes[j]
        if a.group and a.group == b.group:
            continue
        s, reasons = score(a, b)
        if s >= high:
            scored.append((s, i, j, reasons))
        elif s >= low:
            review.append((s, i, j, reasons))
    # pass 1: pairs between nodes that both carry context; pass 2: bare-name nodes
    ctx = [t for t in scored if nodes[t[1]].has_context and nodes[t[2]].has_context]
    bare = [t for t in scored if not (nodes[t[1]].has_context and nodes[t[2]].has_context)]
    for s, i, j, reasons in sorted(ctx, key=lambda t: (-t[0], t[1], t[2])):
        _try_union(uf, s, i, j, reasons, review)
    partners: dict[int, list[tuple[float, int, list[str]]]] = defaultdict(list)
    for s, i, j, reasons in bare:
        k, other = (i, j) if not nodes[i].has_context else (j, i)
        partners[k].append((s, other, reasons))
    for k in sorted(partners):
        roots = {uf.find(o) for _, o, _ in partners[k]} - {uf.find(k)}
        ok = all(not uf.conflict(x, y) for x, y in itertools.combinations(sorted(roots), 2))
        for s, o, reasons in sorted(partners[k], key=lambda t: (-t[0], t[1])):
            if ok:
                _try_union(uf, s, k, o, reasons, review)
            else:
                review.append((s, k, o, [*reasons, "ambiguous: several distinct candidates"]))
    return _result(nodes, of_mention, uf, review, kind, mentions)


def _try_union(uf: _Clusters, s: float, i: int, j: int, reasons: list[str], review: list) -> None:
    ra, rb = uf.find(i), uf.find(j)
    if ra == rb:
        return
    why = uf.conflict(ra, rb)
    if why:
        review.append((s, i, j, [*reasons, f"not merged: {why}"]))
    else:
        uf.union(ra, rb)


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
