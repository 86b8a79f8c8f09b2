"""The pipeline's Resolver stage: link name-only experts and institutions to their duplicates.

``Resolver(store).run(records)`` looks at the ikg:Expert / ikg:Institution nodes of a batch
that carry no ORCID/ROR (nodes minted from plain names), clusters them with the other
entities of the batch and of the store, and

* adds ``owl:sameAs`` (plain node -> the matched entity) to the owning record when the match
  is confident (score >= HIGH, no conflicting ids, countries or affiliations);
* puts uncertain pairs into the review queue (``kg.review``), never merging them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from ingest.resolve.cluster import Mention, known_from_store, resolve
from ingest.types import Record
from kg import vocab
from kg.review import ReviewQueue
from kg.store.base import Store

_NAME_PROPS = {vocab.NAME, vocab.PREF_LABEL, vocab.ALT_LABEL, vocab.LABEL}
_INST_TYPES = set(vocab.INSTITUTION_TYPES.values())


class Resolver:
    """Pipeline stage. The constructor touches nothing; ``run`` reads the store's labels."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.review_added = 0
        self.links = 0

    def run(self, records: list[Record]) -> list[Record]:
        facts: dict[ox.NamedNode, dict[str, Any]] = defaultdict(
            lambda: {"kind": "", "names": [], "id": "", "country": "", "city": "", "org": None}
        )
        owner: dict[ox.NamedNode, Record] = {}
        for rec in records:
            for t in rec.triples:
                s, p, o = t.subject, t.predicate, t.object
                if not isinstance(s, ox.NamedNode):
                    continue
                f = facts[s]
                if p == vocab.TYPE:
                    if o == vocab.EXPERT:
                        f["kind"] = "person"
                        owner.setdefault(s, rec)
                    elif o in _INST_TYPES:
                        f["kind"] = "institution"
                        owner.setdefault(s, rec)
                elif p in _NAME_PROPS and isinstance(o, ox.Literal):
                    f["names"].append(o.value)
                elif p in (vocab.ORCID, vocab.ROR) and isinstance(o, ox.Literal):
                    f["id"] = o.value
                elif p == vocab.COUNTRY_CODE and isinstance(o, ox.Literal):
                    f["country"] = o.value
                elif p == vocab.CITY and isinstance(o, ox.Literal):
                    f["city"] = o.value
                elif p == vocab.MEMBER_OF and isinstance(o, ox.NamedNode):
                    f["org"] = o
        for kind in ("person", "institution"):
            ents = {e: f for e, f in facts.items() if f["kind"] == kind and f["names"]}
            if any(not f["id"] for f in ents.values()):
                self._resolve_kind(kind, ents, facts, owner)
        return records

    def _resolve_kind(self, kind: str, ents: dict, facts: dict, owner: dict) -> None:
        mentions: list[Mention] = []
        for e, f in ents.items():
            org = f["org"]
            aff = facts[org]["names"][0] if org is not None and facts[org]["names"] else ""
            for i, name in enumerate(dict.fromkeys(f["names"])):
                m = Mention(f"{e.value}#b{i}", name, country=f["country"], city=f["city"],
                            affiliation=aff, group=e.value)  # fmt: skip
                if kind == "person":
                    m.orcid = f["id"]
                else:
                    m.ror = f["id"]
                mentions.append(m)
        known = known_from_store(self.store, kind)
        insts = known_from_store(self.store, "institution") if kind == "person" else None
        res = resolve(mentions, kind, known, known_institutions=insts)
        members: dict[str, set[str]] = defaultdict(set)
        for m in mentions:
            members[res.assignments[m.id][0]].add(m.group)
        for m in known:
            members[res.assignments[m.id][0]].add(m.group)
        rep: dict[str, str] = {}
        for cid, groups in members.items():
            with_id = sorted(
                g for g in groups if ox.NamedNode(g) in ents and ents[ox.NamedNode(g)]["id"]
            )
            rep[cid] = cid if cid in res.linked else (with_id or sorted(groups))[0]
        plain = {e.value for e, f in ents.items() if not f["id"]}
        for cid, groups in members.items():
            target = rep[cid]
            for g in sorted(groups & plain):
                if g != target:
                    node = ox.NamedNode(g)
                    owner[node].add(node, vocab.OWL.sameAs, ox.NamedNode(target))
                    self.links += 1
        self._queue(
            [
                c.as_json() | {"a": rep.get(c.a, c.a), "b": rep.get(c.b, c.b)}
                for c in res.candidates
                if members.get(c.a, set()) & plain or members.get(c.b, set()) & plain
            ]  # fmt: skip
        )

    def _queue(self, candidates: Iterable[dict[str, Any]]) -> None:
        cands = list(candidates)
        if not cands:
            return
        self.review_added += ReviewQueue(self.store).add(cands)
