"""What the Resolver decides on, gathered batch by batch, and its decisions applied batch by
batch: the one-shot ingest and the streamed one (``ingest.streamed``) take the same path, so a
streamed run lands what a one-shot run lands.

``Summary.add`` keeps of each batch only what the decisions read, not the records:

* the triples whose predicate the resolver reads (types, names, identifiers, affiliations,
  creators, subjects, keywords), each once, in first-seen order;
* how many records state each display name of a node (``labels``; a record counts once);
* the first record owning each subject (``owners``, in SQLite): where ``owl:sameAs`` of a
  merge goes.

``Decisions`` is what ``Resolver.decide`` makes of it: the merges pass by pass (institutions,
persons, name-only persons) and composed, the ``owl:sameAs`` triple of each merge with the
record it goes to, and the one display name kept per node, property and language. ``apply``
rewrites a batch of records with them in one pass over their triples.
"""

from __future__ import annotations

import sqlite3
from array import array
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyoxigraph as ox

from ingest.resolve.labels import best_label
from ingest.resolve.plain import USED as PLAIN_USED
from ingest.types import Record
from kg import vocab
from kg.errors import InputError

NAME_PROPS = (vocab.NAME, vocab.PREF_LABEL, vocab.LABEL, vocab.ALT_LABEL)
DISPLAY_SET = frozenset((vocab.NAME, vocab.PREF_LABEL, vocab.LABEL))
# the predicates the stage's ``collect`` reads
COLLECT_PREDS = frozenset(
    (vocab.TYPE, *NAME_PROPS, vocab.ORCID, vocab.ROR, vocab.COUNTRY_CODE, vocab.CITY,
     vocab.MEMBER_OF, vocab.CREATOR)
)  # fmt: skip
KEPT_PREDS = COLLECT_PREDS | PLAIN_USED
PREDICATES = sorted(KEPT_PREDS, key=lambda n: n.value)
PRED_INDEX = {p: i for i, p in enumerate(PREDICATES)}
COMPACT_AT = 1 << 20  # keys waiting before a compaction of the summary (8 MB)
REWRITE_CHUNK = 1 << 20  # keys rewritten at a time (``Summary.rewrite``)
# the rdf:type objects the resolver reads (the kind of a node)
KIND_TYPES = frozenset((vocab.EXPERT, vocab.INSTITUTION, *vocab.INSTITUTION_TYPES.values()))

Mapping = dict[ox.NamedNode, ox.NamedNode]
LabelKey = tuple[ox.NamedNode, ox.NamedNode, str]
Term = ox.NamedNode | ox.BlankNode | ox.Literal


class Owners:
    """The first record owning each subject, in an SQLite table (a file in ``folder``, else in
    memory): where the ``owl:sameAs`` of a merge goes. On disk it costs no memory however many
    subjects the input has (~950,000 at 200,000 works)."""

    def __init__(self, folder: Path | None = None) -> None:
        self.db = sqlite3.connect(":memory:" if folder is None else folder / "owners.sqlite")
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute("CREATE TABLE IF NOT EXISTS owner (s TEXT PRIMARY KEY, rec INTEGER)")

    def add(self, rows: list[tuple[str, int]]) -> None:
        """``(subject, record index)`` rows in record order; a subject keeps its first."""
        self.db.executemany("INSERT OR IGNORE INTO owner VALUES (?, ?)", rows)

    def first(self, subjects: Iterable[str]) -> dict[str, int]:
        """The first owning record of each of ``subjects`` that has one."""
        out: dict[str, int] = {}
        get = self.db.execute
        for x in subjects:
            row = get("SELECT rec FROM owner WHERE s = ?", (x,)).fetchone()
            if row is not None:
                out[x] = row[0]
        return out

    def close(self) -> None:
        self.db.close()


class Summary:
    """The resolver's input from records added batch by batch (``add``), with each record's
    index in the whole input; records with loader errors are left out.

    The kept triples are interned: each term once in ``terms``, each triple one 64-bit
    integer (subject and object ids in ``ID_BITS`` bits, the predicate's index in
    ``PREDICATES`` in the bits between) in a numpy array, 8 bytes a triple (a Python int in a
    dict took ~90). Keys added since the last compaction wait in ``_new`` (each batch's once,
    ``COMPACT_AT`` at most); a compaction appends those not yet kept, at their first
    occurrence, found in ``_sorted`` (the kept keys in order of value): no step sorts or
    copies more than the kept keys once, so memory grows with them alone. ``rdf:type`` is kept only for
    the kinds the resolver asks about (people, institutions), not for works and contributions.
    The first owner of each subject is in ``owners`` (``Owners``: on disk in ``folder``)."""

    ID_BITS = 29  # 536M terms; the predicate index takes the 6 bits between
    PRED_BITS = 6

    def __init__(self, folder: Path | None = None) -> None:
        self.ids: dict[ox.NamedNode | ox.BlankNode | ox.Literal, int] = {}
        self.terms: list[ox.NamedNode | ox.BlankNode | ox.Literal] = []
        self._kept = np.empty(0, dtype=np.uint64)  # compacted keys, first-seen order
        self._sorted = np.empty(0, dtype=np.uint64)  # the same keys in order of value
        self._new = array("Q")  # keys added since, each batch's once
        self.labels: Counter[int] = Counter()  # by the key of the name's triple (``names``)
        self.owners = Owners(folder)
        self.first: int | None = None  # the first record without errors

    def _id(self, term: ox.NamedNode | ox.BlankNode | ox.Literal) -> int:
        i = self.ids.get(term)
        if i is None:
            i = self.ids[term] = len(self.terms)
            if i >> self.ID_BITS:
                raise InputError(
                    f"the resolver's summary holds {i:,} distinct terms, more than it can "
                    "number: ingest the input in parts (one file at a time)"
                )
            self.terms.append(term)
        return i

    def add(self, records: Iterable[Record], start: int = 0) -> None:
        keep, labels, ident, pred = KEPT_PREDS, self.labels, self._id, PRED_INDEX
        so, po = self.ID_BITS + self.PRED_BITS, self.ID_BITS
        keys: dict[int, None] = {}
        owned: list[tuple[str, int]] = []
        for i, rec in enumerate(records, start):
            if rec.errors:
                continue
            if self.first is None:
                self.first = i
            seen: set[int] = set()
            for t in rec.triples:
                p = t.predicate
                if p not in keep:
                    continue
                o = t.object
                if p == vocab.TYPE and o not in KIND_TYPES:
                    continue
                key = (ident(t.subject) << so) | (pred[p] << po) | ident(o)
                keys[key] = None
                if p in DISPLAY_SET and isinstance(o, ox.Literal):
                    seen.add(key)
            labels.update(seen)
            owned.extend((x.value, i) for x in rec.subjects)
        self._new.extend(keys)
        self.owners.add(owned)
        if len(self._new) > COMPACT_AT:
            self._compact()

    def _compact(self) -> None:
        """The keys of ``_new`` not kept yet appended to ``_kept``, each at its first place."""
        if not len(self._new):
            return
        new, _ = _first_each(np.frombuffer(self._new, dtype=np.uint64))
        self._new = array("Q")
        if len(self._sorted):
            at = np.searchsorted(self._sorted, new)
            np.minimum(at, len(self._sorted) - 1, out=at)
            new = new[self._sorted[at] != new]
            del at
        self._kept = np.concatenate([self._kept, new])
        merged = np.concatenate([self._sorted, new])
        self._sorted = np.empty(0, dtype=np.uint64)
        merged.sort()
        self._sorted = merged

    def __len__(self) -> int:
        self._compact()
        return len(self._kept)

    def triples(self) -> Iterator[ox.Triple]:
        """The kept triples, each once, in first-seen order."""
        self._compact()
        terms, so, po = self.terms, self.ID_BITS + self.PRED_BITS, self.ID_BITS
        mask, pmask = (1 << po) - 1, (1 << self.PRED_BITS) - 1
        for at in range(0, len(self._kept), 65536):
            for k in self._kept[at : at + 65536].tolist():
                yield ox.Triple(terms[k >> so], PREDICATES[(k >> po) & pmask], terms[k & mask])  # type: ignore[arg-type]

    def names(self) -> Iterator[tuple[tuple[str, str, str, str], int]]:
        """((subject, property, language, name), how many records state it) of each display
        name, the subject as the records name it (before any rewrite)."""
        terms, so, po = self.terms, self.ID_BITS + self.PRED_BITS, self.ID_BITS
        mask, pmask = (1 << po) - 1, (1 << self.PRED_BITS) - 1
        for k, n in self.labels.items():
            o = terms[k & mask]
            assert isinstance(o, ox.Literal)
            p = PREDICATES[(k >> po) & pmask].value
            yield (terms[k >> so].value, p, o.language or "", o.value), n

    def spo(self) -> Iterator[tuple[Term, ox.NamedNode, Term]]:
        """The kept triples as ``triples`` gives them, as (subject, predicate, object) of the
        summary's own term objects: no object is made per triple (a ``Triple``'s parts are new
        objects each time they are read: 50,000 people's works held one per mention)."""
        self._compact()
        terms, so, po = self.terms, self.ID_BITS + self.PRED_BITS, self.ID_BITS
        mask, pmask = (1 << po) - 1, (1 << self.PRED_BITS) - 1
        for at in range(0, len(self._kept), 65536):
            for k in self._kept[at : at + 65536].tolist():
                yield terms[k >> so], PREDICATES[(k >> po) & pmask], terms[k & mask]

    def rewrite(self, mapping: Mapping) -> None:
        """The kept triples with every merged node named by its canonical node (``rewrite``)."""
        if not mapping:
            return
        pairs = [(self._id(k), self._id(v)) for k, v in mapping.items()]
        self._compact()
        to = np.arange(len(self.terms), dtype=np.uint64)
        to[[a for a, _ in pairs]] = [b for _, b in pairs]
        so, po = np.uint64(self.ID_BITS + self.PRED_BITS), self.ID_BITS
        mask = np.uint64((1 << po) - 1)
        pred = ~((mask << so) | mask)
        keys, self._kept, self._sorted = self._kept, np.empty(0, np.uint64), np.empty(0, np.uint64)
        for at in range(0, len(keys), REWRITE_CHUNK):  # in place, a chunk of temporaries at a time
            k = keys[at : at + REWRITE_CHUNK]
            k[:] = (to[k >> so] << so) | (k & pred) | to[k & mask]
        self._kept, self._sorted = _first_each(keys)


def _first_each(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``keys`` with each value once, at its first place; and the same values in order."""
    order = np.argsort(keys, kind="stable")  # equal values keep their order: the first leads
    ranked = keys[order]
    dup = np.zeros(len(keys), dtype=bool)
    np.equal(ranked[1:], ranked[:-1], out=dup[1:])
    later = order[dup]
    del order
    keep = np.ones(len(keys), dtype=bool)
    keep[later] = False
    del later
    return keys[keep], ranked[~dup]


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
        # the subjects now named by a target: the target itself unless merged, and the
        # nodes merged into it
        named = {t: [t] for t in targets if t not in names}
        for old_node, node in names.items():
            if node in targets:
                named.setdefault(node, []).append(old_node)
        first = summary.owners.first(x for xs in named.values() for x in xs)
        owner: dict[str, int] = {}
        for node, xs in named.items():
            found = [first[x] for x in xs if x in first]
            if found:
                owner[node] = min(found)
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

    def settle(self) -> None:
        """The sameAs triples by record made once and the passes dropped (no pass is added
        after): ``apply`` reads ``merged``, ``keep`` and those, and the passes held each
        merge's mapping and sameAs triple again (50,000 of each at 200,000 works)."""
        self.same_as_by_record()
        self.passes = []

    def keep_labels(self, summary: Summary, nodes: set[ox.NamedNode], kind: str) -> None:
        """One display name per node of ``nodes``, property and language: the best of the
        names its records give it (``best_label``), counted per record before the rewrite."""
        wanted = {n.value for n in nodes}
        merged = {k.value: v.value for k, v in self.merged.items()}
        found: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
        for (s, p, lang, value), n in summary.names():
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
    for i, rec in enumerate(records, start):
        if rec.errors:
            continue
        out = rewritten(rec.triples, merged, keep)
        out.extend(same_as.get(i, ()))
        rec.triples = list(dict.fromkeys(out))
        if merged:
            rec.subjects = {merged.get(x, x) for x in rec.subjects}


def rewritten(
    triples: Iterable[ox.Triple], merged: Mapping, keep: dict[LabelKey, str]
) -> list[ox.Triple]:
    """``triples`` as ``apply`` rewrites them, in order (a triple it leaves as it is is the
    same object): a merged node named by its canonical node, a display name other than the
    kept one as an altLabel. Each triple's rewrite depends on the triple alone."""
    alt = vocab.ALT_LABEL
    out: list[ox.Triple] = []
    for t in triples:
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
    return out
