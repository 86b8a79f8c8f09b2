"""The resolver's data: mentions, review candidates, results, input parsing, graph labels."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from ingest.resolve.names import find_orcid, find_ror, institution, is_org_part, simple_key
from kg import vocab
from kg.queries import load
from kg.store.base import Store, py

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
    aff_entity: str = ""  # the affiliation's graph node, when the caller knows it
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
    return mentions_of_known(per, kind)


def mentions_of_known(per: dict[str, dict[str, Any]], kind: str) -> list[Mention]:
    """Pseudo-mentions of known entities: IRI -> {"labels": {label: rank}, "ids", "aff",
    "country", "city"} (as ``known_from_store`` collects them; also ``ingest.cache``)."""
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


def find_root(parent: list[int], i: int) -> int:
    """Union-find root of ``i`` with path halving (the resolvers' cluster structures share it)."""
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i
