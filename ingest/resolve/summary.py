"""What the Resolver decides on, gathered batch by batch, and its decisions applied batch by
batch: the one-shot ingest and the streamed one (``ingest.streamed``) take the same path, so a
streamed run lands what a one-shot run lands.

``Summary.add`` keeps of each batch only what the decisions read, not the records:

* the triples whose predicate the resolver reads (types, names, identifiers, affiliations,
  creators, subjects, keywords), each once, in first-seen order;
* how many records state each display name of a node (``labels``; a record counts once);
* the first record owning each subject (``owner``): where ``owl:sameAs`` of a merge goes.

``Decisions`` is what ``Resolver.decide`` makes of it: the merges pass by pass (institutions,
persons, name-only persons) and composed, the ``owl:sameAs`` triple of each merge with the
record it goes to, and the one display name kept per node, property and language. ``apply``
rewrites a batch of records with them in one pass over their triples.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from ingest.resolve.labels import best_label
from ingest.resolve.plain import USED as PLAIN_USED
from ingest.types import Record
from kg import vocab

NAME_PROPS = (vocab.NAME, vocab.PREF_LABEL, vocab.LABEL, vocab.ALT_LABEL)
DISPLAY_SET = frozenset((vocab.NAME, vocab.PREF_LABEL, vocab.LABEL))
# the predicates the stage's ``collect`` reads
COLLECT_PREDS = frozenset(
    (vocab.TYPE, *NAME_PROPS, vocab.ORCID, vocab.ROR, vocab.COUNTRY_CODE, vocab.CITY,
     vocab.MEMBER_OF, vocab.CREATOR)
)  # fmt: skip
KEPT_PREDS = COLLECT_PREDS | PLAIN_USED
# the rdf:type objects the resolver reads (the kind of a node)
KIND_TYPES = frozenset((vocab.EXPERT, vocab.INSTITUTION, *vocab.INSTITUTION_TYPES.values()))

Mapping = dict[ox.NamedNode, ox.NamedNode]
LabelKey = tuple[ox.NamedNode, ox.NamedNode, str]


class Summary:
    """The resolver's input from records added batch by batch (``add``), with each record's
    index in the whole input; records with loader errors are left out.

    The kept triples are interned: each term once in ``terms``, each triple one integer
    (subject, predicate and object ids in ``BITS`` bits each), ~90 bytes a triple instead of
    ~390 for a pyoxigraph Triple in a dict. ``rdf:type`` is kept only for the kinds the
    resolver asks about (people, institutions), not for works and contributions."""

    BITS = 32

    def __init__(self) -> None:
        self.ids: dict[ox.NamedNode | ox.BlankNode | ox.Literal, int] = {}
        self.terms: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
        self.keys: dict[int, None] = {}
        self.labels: Counter[tuple[str, str, str, str]] = Counter()
        self.owner: dict[str, int] = {}
        self.first: int | None = None  # the first record without errors

    def _id(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.terms)
            self.terms.append(term)
        return i

    def add(self, records: Iterable[Record], start: int = 0) -> None:
        keep, labels, bits, ident = KEPT_PREDS, self.labels, self.BITS, self._id
        for i, rec in enumerate(records, start):
            if rec.errors:
                continue
            if self.first is None:
                self.first = i
            seen: set[tuple[str, str, str, str]] = set()
            for t in rec.triples:
                p = t.predicate
                if p not in keep:
                    continue
                o = t.object
                if p == vocab.TYPE and o not in KIND_TYPES:
                    continue
                s = t.subject
                self.keys[(ident(s) << 2 * bits) | (ident(p) << bits) | ident(o)] = None
                if p in DISPLAY_SET and isinstance(o, ox.Literal):
                    seen.add((s.value, p.value, o.language or "", o.value))
            labels.update(seen)
            for x in rec.subjects:
                self.owner.setdefault(x.value, i)

    def triples(self) -> Iterator[ox.Triple]:
        """The kept triples, each once, in first-seen order."""
        terms, bits = self.terms, self.BITS
        mask = (1 << bits) - 1
        for k in self.keys:
            yield ox.Triple(terms[k >> 2 * bits], terms[(k >> bits) & mask], terms[k & mask])  # type: ignore[arg-type]

    def rewrite(self, mapping: Mapping) -> None:
        """The kept triples with every merged node named by its canonical node (``rewrite``)."""
        if not mapping:
            return
        bits = self.BITS
        mask = (1 << bits) - 1
        ids = {self._id(k): self._id(v) for k, v in mapping.items()}
        out: dict[int, None] = {}
        for k in self.keys:
            s, o = k >> 2 * bits, k & mask
            s2, o2 = ids.get(s, s), ids.get(o, o)
            if s2 != s or o2 != o:
                k = (s2 << 2 * bits) | (k & (mask << bits)) | o2
            out[k] = None
        self.keys = out


@dataclass
class Pass:
    """One rewrite: merged node -> canonical node, and the ``owl:sameAs`` triples it adds,
    by the index of the record they go to."""

    mapping: Mapping
    same_as: dict[int, list[ox.Triple]] = field(default_factory=dict)


@dataclass
class Decisions:
    passes: list[Pass] = field(default_factory=list)
    keep: dict[LabelKey, str] = field(default_factory=dict)
    merged: Mapping = field(default_factory=dict)  # every merged node -> its canonical node
    by_record: dict[int, list[ox.Triple]] | None = None  # ``same_as_by_record``

    def add_pass(self, summary: Summary, mapping: Mapping) -> None:
        """The pass's sameAs triples go to the first record owning the canonical node (its
        subjects named as the rewrites so far name them), else to the first record."""
        if not mapping:
            return
        merged = {k: mapping.get(v, v) for k, v in self.merged.items()}
        merged.update(mapping)
        self.merged = merged
        names = {k.value: v.value for k, v in merged.items()}
        targets = {n.value for n in mapping.values()}
        owner: dict[str, int] = {}
        for s, i in summary.owner.items():
            node = names.get(s, s)
            if node in targets and i < owner.get(node, i + 1):
                owner[node] = i
        out: Pass = Pass(mapping)
        fallback = summary.first if summary.first is not None else 0
        for old, new in sorted(mapping.items(), key=lambda kv: kv[0].value):
            at = owner.get(new.value, fallback)
            out.same_as.setdefault(at, []).append(ox.Triple(new, vocab.OWL.sameAs, old))
        self.passes.append(out)
        self.by_record = None

    def same_as_by_record(self) -> dict[int, list[ox.Triple]]:
        """Every pass's sameAs triples by the record they go to, in pass order, as the later
        passes' merges name their nodes."""
        if self.by_record is None:
            out: dict[int, list[ox.Triple]] = {}
            for k, p in enumerate(self.passes):
                later = [q.mapping for q in self.passes[k + 1 :]]
                for i, triples in p.same_as.items():
                    for t in triples:
                        s, o = t.subject, t.object
                        for m in later:
                            s, o = m.get(s, s), m.get(o, o)  # type: ignore[arg-type]
                        out.setdefault(i, []).append(ox.Triple(s, t.predicate, o))
            self.by_record = out
        return self.by_record

    def keep_labels(self, summary: Summary, nodes: set[ox.NamedNode], kind: str) -> None:
        """One display name per node of ``nodes``, property and language: the best of the
        names its records give it (``best_label``), counted per record before the rewrite."""
        wanted = {n.value for n in nodes}
        merged = {k.value: v.value for k, v in self.merged.items()}
        found: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for (s, p, lang, value), n in summary.labels.items():
            node = merged.get(s, s)
            if node in wanted:
                found[(node, p, lang)][value] += n
        for (s, p, lang), names in found.items():
            if len(names) > 1:
                key = (ox.NamedNode(s), ox.NamedNode(p), lang)
                self.keep[key] = best_label(names, kind)


def apply(decisions: Decisions, records: list[Record], start: int = 0) -> None:
    """The decisions on a batch of records whose first has index ``start`` in the input, in
    one pass over each record's triples: every triple naming a merged node names its
    canonical node, names that are not the kept display name become altLabels, the merges'
    ``owl:sameAs`` triples are added, each triple once. Records with loader errors are left
    as they are."""
    merged, keep = decisions.merged, decisions.keep
    if not merged and not keep:
        return
    same_as = decisions.same_as_by_record()
    alt = vocab.ALT_LABEL
    for i, rec in enumerate(records, start):
        if rec.errors:
            continue
        out: list[ox.Triple] = []
        for t in rec.triples:
            # each attribute read makes a new Python object: compare by lookup, not identity
            ts, to = t.subject, t.object
            s, o = merged.get(ts), merged.get(to)  # type: ignore[arg-type]
            if s is not None or o is not None:
                ts, to = ts if s is None else s, to if o is None else o
                t = ox.Triple(ts, t.predicate, to)
            if keep and isinstance(to, ox.Literal):
                p = t.predicate
                if p in DISPLAY_SET:
                    kept = keep.get((ts, p, to.language or ""))  # type: ignore[arg-type]
                    if kept is not None and to.value != kept:
                        t = ox.Triple(ts, alt, to)
            out.append(t)
        out.extend(same_as.get(i, ()))
        rec.triples = list(dict.fromkeys(out))
        if merged:
            rec.subjects = {merged.get(x, x) for x in rec.subjects}
