"""The Validator stage: the SHACL gate over ``kg.shacl``.

Each source's new records are validated before they land. A record that owns a focus
node with a ``sh:Violation`` is quarantined with the shape and message; everything valid
still lands. Warnings and infos are reported, never blocking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

import pyoxigraph as ox

from ingest.types import Quarantined, Record, distinct_triples, unstated
from kg import vocab
from kg.queries import load
from kg.shacl import (
    Result,
    add_ontology,
    compiled_batch,
    ontology_triples,
    run_batch_report,
    run_shacl,
)
from kg.store.base import Store

MAX_ROUNDS = 4


def _nodes(triples: list[ox.Triple]) -> tuple[set, set]:
    """The subjects, and the objects that are no literals, of ``triples`` (one pass: each
    attribute read makes a new Python object)."""
    subjects: set = set()
    objects: set = set()
    for t in triples:
        subjects.add(t.subject)
        o = t.object
        if not isinstance(o, ox.Literal):
            objects.add(o)
    return subjects, objects


class ShaclGate:
    """Validator stage: splits records into those that land and those quarantined."""

    def __init__(
        self,
        store: Store | None = None,
        engine: str | None = None,
        types_of: Callable[[list[ox.NamedNode]], list[ox.Triple]] | None = None,
    ) -> None:
        """``types_of``: the rdf:type triples of nodes the records name but do not describe
        (default: ``store_types``, read from ``store``)."""
        self.store = store
        self.engine = engine or (store.settings.shacl_engine if store is not None else "turbo")
        self.types_of = types_of or self.store_types
        self.warnings: list[Result] = []
        # every result of the first round on the records' own subjects (violations and
        # warnings): what a SHACL run over the whole store with the records in it reports on them
        self.results: list[Result] = []

    def _context_types(self, described: set, objects: set) -> list[ox.Triple]:
        """rdf:type of IRIs the records refer to (``objects``) but do not describe."""
        refs = {
            o for o in objects - described
            if isinstance(o, ox.NamedNode) and o.value.startswith(vocab.ID_BASE)
        }  # fmt: skip
        return self.types_of(sorted(refs, key=lambda n: n.value)) if refs else []

    def store_types(self, nodes: list[ox.NamedNode]) -> list[ox.Triple]:
        """The store's rdf:type triples of ``nodes`` (none without a store)."""
        if self.store is None:
            return []
        out: list[ox.Triple] = []
        query = load("store/types_of")
        for i in range(0, len(nodes), 500):
            values = " ".join(str(n) for n in nodes[i : i + 500])  # serialised IRIs, not text
            for row in self.store.select(query.replace("#VALUES#", values)):
                out.append(ox.Triple(row["s"], vocab.TYPE, row["t"]))
        return out

    def run(
        self,
        records: list[Record],
        distinct: Iterable[ox.Triple] | None = None,
        settle: Callable[[], None] | None = None,
    ) -> tuple[list[Record], list[Quarantined]]:
        """(records that land, quarantined records). ``distinct``: the triples of the records
        without loader errors, each once, when the caller has them (``ingest.overlap``);
        ``settle``: called once before a violation's records are looked up, if one is
        (``ingest.overlap`` gives ``distinct`` rewritten by the Resolver and rewrites the
        records themselves only then)."""
        quarantined: list[Quarantined] = []
        ok: list[Record] = []
        for r in records:
            if r.errors:
                quarantined.append(Quarantined(r.file, r.locator, "; ".join(r.errors)))
            else:
                ok.append(r)
        # the compiled engine indexes the triples once, collecting the subjects and objects in
        # the same pass; records repeat shared nodes (an author in many works), so the repeats
        # go first (dict.fromkeys, far cheaper than indexing them). A later round takes the
        # quarantined records' triples out of the index instead of indexing the rest again
        batch = None
        if self.engine == "compiled":
            if distinct is None:
                distinct = distinct_triples(ok)
            batch = compiled_batch(distinct)
        if batch is not None:
            described, objects = batch.subjects, batch.objects
            unique: list[ox.Triple] = []
        else:
            # records repeat shared nodes (an author in many works): validate each triple once
            unique = list(distinct_triples(ok) if distinct is None else distinct)
            described, objects = _nodes(unique)
        context = self._context_types(described, objects)
        own = {s.value for s in described if isinstance(s, ox.NamedNode)}
        if batch is not None:
            batch.add(context)
            add_ontology(batch)
        first_round = True
        for _ in range(MAX_ROUNDS):
            if not ok:
                break
            if batch is not None:
                report = run_batch_report(batch)
            else:
                if not first_round:
                    unique = list(distinct_triples(ok))
                report = run_shacl(unique + context, self.engine)
            if first_round:
                self.results = [x for x in report.results if x.focus in own]
                first_round = False
            self.warnings = [x for x in report.results if x.severity != "Violation"]
            bad = [x for x in report.results if x.severity == "Violation"]
            if not bad or not _findable(bad, own, ok):
                break
            if settle is not None:
                settle()
                settle = None
            owners: dict[str, list[int]] = defaultdict(list)
            for i, r in enumerate(ok):
                for s in r.subjects:
                    owners[s.value].append(i)
            subject_of: dict[str, list[int]] = defaultdict(list)
            for i, r in enumerate(ok):
                for t in r.triples:
                    if isinstance(t.subject, ox.NamedNode):
                        subject_of[t.subject.value].append(i)
            drop: dict[int, list[Result]] = defaultdict(list)
            for res in bad:
                # the records that stated the offending value, else those owning the focus node
                idx = [
                    i
                    for i in subject_of.get(res.focus, [])
                    if res.value and ok[i].states(res.focus, res.value)
                ]
                idx = idx or owners.get(res.focus) or subject_of.get(res.focus) or []
                for i in set(idx):
                    drop[i].append(res)
            if not drop:
                break
            for i, results in sorted(drop.items()):
                r = ok[i]
                reason = "; ".join(
                    f"{x.shape}: {x.message}"
                    + (
                        f" (path {x.path}" + (f", value {x.value!r})" if x.value else ")")
                        if x.path
                        else ""
                    )
                    for x in results[:5]
                )
                first = results[0]
                quarantined.append(
                    Quarantined(
                        r.file,
                        r.locator,
                        reason,
                        shape=first.shape,
                        focus=first.focus,
                        path=first.path,
                    )
                )
            dropped = [r for i, r in enumerate(ok) if i in drop]
            ok = [r for i, r in enumerate(ok) if i not in drop]
            if batch is not None:
                batch.remove(_gone(dropped, ok, context))
        return ok, quarantined


def _findable(bad: list[Result], own: set[str], records: list[Record]) -> bool:
    """Whether a violation may name a record to quarantine: its focus is a subject the
    records describe (``own``) or one a record owns. Those the records only refer to (a
    technology typed by the context, described by no record) quarantine none: the records
    need not be looked through for them. ``records``' owned nodes are read before a
    ``settle`` (a node merged into another: that one is the subject of the merge's sameAs,
    so in ``own``)."""
    if any(x.focus in own for x in bad):
        return True
    foci = {x.focus for x in bad}
    return any(s.value in foci for r in records for s in r.subjects)


def _gone(dropped: list[Record], kept: list[Record], context: list[ox.Triple]) -> set:
    """The triples of ``dropped`` that no kept record, the context or the ontology states."""
    return unstated(dropped, kept) - set(context) - set(ontology_triples())
