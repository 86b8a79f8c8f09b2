"""The pipeline's Resolver stage: one node per real institution and person in the graph.

``Resolver(store).run(records)`` clusters the batch's ikg:Expert and institution nodes with
each other and with the store's entities, institutions first (a person's affiliation is then
one node), and merges every cluster into one canonical IRI:

* every triple of the batch naming a merged node is rewritten to the canonical IRI, so
  `ikg experts`, `ikg chain`, briefings, SPARQL and the Neo4j projection see one node;
* ``canonical owl:sameAs merged`` keeps the merged IRIs for provenance;
* the canonical node keeps one display name per language and property (the most complete:
  "Tsinghua University", never "THU" when a full name exists); the others become altLabels.

The canonical IRI is the store's entity when the cluster holds one, else the IRI the experts
index would pick (``kg.experts.identity``: ORCID/ROR, own records, OpenAlex, name stub).
Uncertain pairs go to the review queue (``kg.review``) with the evidence for and against,
never merged; accepted pairs are merged on the next ingest and rejected ones never are.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from ingest.cache import StoreLookups
from ingest.resolve.cluster import resolve
from ingest.resolve.model import Mention, known_from_store
from ingest.resolve.plain import link_plain
from ingest.resolve.summary import COLLECT_PREDS, NAME_PROPS, Decisions, Summary, Term, apply
from ingest.types import Record
from kg import vocab
from kg.experts.identity import authority
from kg.review import ReviewQueue
from kg.store.base import Store

_INST_TYPES = set(vocab.INSTITUTION_TYPES.values()) | {vocab.INSTITUTION}
Spo = ox.Triple | tuple[Term, ox.NamedNode, Term]  # a triple, or its parts


@dataclass
class _Facts:
    kind: str = ""
    names: list[str] = field(default_factory=list)
    ident: str = ""
    country: str = ""
    city: str = ""
    orgs: list[ox.NamedNode] = field(default_factory=list)
    works: set[ox.NamedNode] = field(default_factory=set)


class Resolver:
    """Pipeline stage. The constructor touches nothing; ``run`` reads the store's labels
    (from ``lookups``, ``ingest.cache.StoreLookups``, when given)."""

    def __init__(self, store: Store, lookups: StoreLookups | None = None) -> None:
        self.store = store
        self.lookups = lookups  # the store's known entities from the per-version cache
        self.review_added = 0
        self.links = 0
        self.merged: dict[ox.NamedNode, ox.NamedNode] = {}
        self.pending: list[dict[str, Any]] = []

    def run(self, records: list[Record]) -> list[Record]:
        """Resolve ``records`` in one go: their summary, the decisions, the rewrite."""
        self.resolve(records)
        return records

    def resolve(self, records: list[Record]) -> Decisions:
        """``run``, giving the decisions it applied to ``records``."""
        decisions = self.decisions(records)
        apply(decisions, records)
        return decisions

    def decisions(self, records: list[Record]) -> Decisions:
        """The decisions on ``records`` (their summary, ``decide``), not applied yet
        (``ingest.overlap`` rewrites the distinct triples, and the records only if the gate
        must read them)."""
        summary = Summary()
        try:
            summary.add(records)
            return self.decide(summary)
        finally:
            summary.owners.close()

    def decide(self, summary: Summary) -> Decisions:
        """The merges and display names for the records ``summary`` holds (``apply`` rewrites
        records with them): institutions first, so a person's affiliation is one node."""
        decisions = Decisions()
        for kind in ("institution", "person"):
            found = self._pass(kind, summary)
            if found is None:
                continue
            mapping, nodes = found
            decisions.add_pass(summary, mapping)
            summary.rewrite(mapping)
            if kind == "person":
                extra, review = link_plain(summary.spo)
                decisions.add_pass(summary, extra)
                summary.rewrite(extra)
                mapping = {k: extra.get(v, v) for k, v in mapping.items()} | extra
                self.pending += review
            self.merged.update(mapping)
            self._queue(_final(self.pending, mapping))
            self.pending = []
            decisions.keep_labels(summary, nodes, kind)
        return decisions

    def _pass(
        self, kind: str, summary: Summary
    ) -> tuple[dict[ox.NamedNode, ox.NamedNode], set[ox.NamedNode]] | None:
        """The merges of ``kind``'s nodes and the nodes that keep one display name (None: no
        node of the kind). The facts are freed on return, before the summary is rewritten."""
        facts = _collect(summary.spo(), persons=kind == "person")
        ents = {e: f for e, f in facts.items() if f.kind == kind and f.names}
        if not ents:
            return None
        mentions = _mentions(kind, ents, facts)
        nodes = set(ents)  # the facts are freed before the clustering
        del facts, ents
        mapping, linked = self._resolve_kind(kind, nodes, mentions)
        return mapping, {c for c in nodes if c not in mapping} | linked

    def _resolve_kind(
        self, kind: str, ents: set[ox.NamedNode], mentions: list[Mention]
    ) -> tuple[dict[ox.NamedNode, ox.NamedNode], set[ox.NamedNode]]:
        if self.lookups is not None:
            known = self.lookups.known(kind)
        else:
            known = known_from_store(self.store, kind)
        accepted, rejected = self._decisions(kind)
        res = resolve(mentions, kind, known, forced=accepted, forbidden=rejected)
        members: dict[str, set[str]] = defaultdict(set)
        for m in [*mentions, *known]:
            members[res.assignments[m.id][0]].add(m.group)
        mapping: dict[ox.NamedNode, ox.NamedNode] = {}
        linked: set[ox.NamedNode] = set()
        for cid, groups in members.items():
            target = _canonical(cid, groups, res.linked, ents)
            if cid in res.linked:
                linked.add(target)
            for g in sorted(groups):
                node = ox.NamedNode(g)
                if node in ents and node != target:
                    mapping[node] = target
                    self.links += 1
        self.pending.extend(
            c.as_json() | {"a": _rep(c.a, members, res.linked, ents),
                           "b": _rep(c.b, members, res.linked, ents)}
            for c in res.candidates
            if any(ox.NamedNode(g) in ents for g in members.get(c.a, set()) | members.get(c.b, set()))
        )  # fmt: skip
        return mapping, linked

    def _decisions(self, kind: str) -> tuple[list[tuple[str, str]], set[tuple[str, str]]]:
        q = ReviewQueue(self.store)
        acc = [(i["a"], i["b"]) for i in q.items("accepted") if i["kind"] == kind]
        rej = {tuple(sorted((i["a"], i["b"]))) for i in q.items("rejected") if i["kind"] == kind}
        return acc, rej  # type: ignore[return-value]

    def _queue(self, candidates: Iterable[dict[str, Any]]) -> None:
        cands = [c for c in candidates if c["a"] != c["b"]]
        if not cands:
            return
        self.review_added += ReviewQueue(self.store).add(cands)


def _final(cands: list[dict[str, Any]], mapping: dict) -> list[dict[str, Any]]:
    """Candidates named by their canonical nodes; pairs merged after all are dropped."""
    out = []
    for c in cands:
        a = mapping.get(ox.NamedNode(c["a"]), ox.NamedNode(c["a"])).value
        b = mapping.get(ox.NamedNode(c["b"]), ox.NamedNode(c["b"])).value
        if a != b:
            out.append(c | {"a": a, "b": b})
    return out


def _collect(triples: Iterable[Spo], persons: bool = True) -> dict[ox.NamedNode, _Facts]:
    """Each node's facts from (subject, predicate, object) triples; without ``persons``, not
    the works and affiliations only people's mentions read (the institutions' pass)."""
    facts: dict[ox.NamedNode, _Facts] = defaultdict(_Facts)
    wanted = COLLECT_PREDS if persons else COLLECT_PREDS - {vocab.CREATOR, vocab.MEMBER_OF}
    for s, p, o in triples:
        if p not in wanted:
            continue
        if not isinstance(s, ox.NamedNode):
            continue
        if p == vocab.CREATOR:  # a work: no facts of its own
            if isinstance(o, ox.NamedNode):
                facts[o].works.add(s)
            continue
        f = facts[s]
        if p == vocab.TYPE:
            if o == vocab.EXPERT:
                f.kind = "person"
            elif o in _INST_TYPES and f.kind != "person":
                f.kind = "institution"
        elif p in NAME_PROPS and isinstance(o, ox.Literal) and o.value.strip():
            if o.value not in f.names:
                f.names.append(o.value)
        elif p in (vocab.ORCID, vocab.ROR) and isinstance(o, ox.Literal):
            f.ident = o.value
        elif p == vocab.COUNTRY_CODE and isinstance(o, ox.Literal):
            f.country = o.value
        elif p == vocab.CITY and isinstance(o, ox.Literal):
            f.city = o.value
        elif p == vocab.MEMBER_OF and isinstance(o, ox.NamedNode):
            f.orgs.append(o)
    return facts


def _mentions(
    kind: str, ents: dict[ox.NamedNode, _Facts], facts: dict[ox.NamedNode, _Facts]
) -> list[Mention]:
    authors: dict[ox.NamedNode, list[ox.NamedNode]] = defaultdict(list)
    if kind == "person":
        for e, f in ents.items():
            for w in f.works:
                authors[w].append(e)
    out: list[Mention] = []
    for e, f in ents.items():
        aff = aff_ent = ""
        co: list[str] = []
        if kind == "person":
            orgs = [o for o in f.orgs if facts[o].names]
            if orgs:
                aff, aff_ent = facts[orgs[0]].names[0], " ".join(sorted({o.value for o in orgs}))
            co = sorted({ents[a].names[0] for w in f.works for a in authors[w] if a != e})
        for i, name in enumerate(f.names):
            m = Mention(f"{e.value}#b{i}", name, country=f.country, city=f.city,
                        affiliation=aff, coauthors=co, group=e.value, aff_entity=aff_ent)  # fmt: skip
            if kind == "person":
                m.orcid = f.ident
            else:
                m.ror = f.ident
            out.append(m)
    return out


def _canonical(
    cid: str, groups: set[str], linked: set[str], ents: set[ox.NamedNode]
) -> ox.NamedNode:
    if cid in linked:
        return ox.NamedNode(cid)
    batch = [ox.NamedNode(g) for g in groups if ox.NamedNode(g) in ents]
    # the experts index picks the same IRI of an owl:sameAs cluster (kg.experts.identity)
    return min(batch, key=lambda n: (authority(n.value), len(n.value), n.value))


def _rep(cid: str, members: dict[str, set[str]], linked: set[str], ents: set) -> str:
    groups = members.get(cid)
    return _canonical(cid, groups, linked, ents).value if groups else cid
