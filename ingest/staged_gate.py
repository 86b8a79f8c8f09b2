"""The SHACL gate of a streamed ingest (``ingest.streamed``), on the staged graph.

The source's triples are bulk-loaded into the unpublished store version first; the gate then
has the store write that graph as N-Triples (grouped by subject) and validates a chunk of whole
subject descriptions at a time, with the ``rdf:type`` of every
IRI a chunk names but does not describe (from the staged graph, and for entity IRIs from the
store's other sources too, as ``ShaclGate`` takes them). Only results on the chunk's own
subjects count, so memory holds one chunk, never the whole input.

A violation quarantines the records that stated the offending value, else those owning the
focus node, else those describing it (the rules of ``ShaclGate``); their triples that no
landing record also states are taken out of the graph, and the graph is validated again, at
most ``MAX_ROUNDS`` times. Records are read back from the batch spills (``Spill``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from ingest.types import Quarantined, Record
from kg import vocab
from kg.shacl import Result, run_shacl, shape_predicates

CHUNK_TRIPLES = 100_000  # triples of whole subject descriptions validated at a time


def chunks(store: ox.Store, graph: ox.NamedNode, spill: Path) -> Iterator[list[ox.Triple]]:
    """The graph's triples a shape can look at, cut between subjects. The store writes the
    graph as N-Triples to ``spill`` (grouped by subject: its index's order); lines are cut and
    filtered as bytes, and only the kept ones become terms."""
    store.dump(str(spill), ox.RdfFormat.N_TRIPLES, from_graph=graph)
    keep = shape_predicates()
    wanted = None if keep is None else {f"<{p}>".encode() for p in keep}
    lines: list[bytes] = []
    last = b""
    try:
        with spill.open("rb") as fh:
            for line in fh:
                s, p, _ = line.split(b" ", 2)
                if s != last:
                    if len(lines) >= CHUNK_TRIPLES:
                        yield _parsed(lines)
                        lines = []
                    last = s
                if wanted is None or p in wanted:
                    lines.append(line)
        if lines:
            yield _parsed(lines)
    finally:
        spill.unlink(missing_ok=True)


def _parsed(lines: list[bytes]) -> list[ox.Triple]:
    return [q.triple for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]


def context_types(store: ox.Store, graph: ox.NamedNode, triples: list, described: set) -> list:
    """rdf:type of the IRIs ``triples`` name as objects but do not describe: from ``graph``,
    and for entity IRIs (``vocab.ID_BASE``) from every graph of the store."""
    out: list[ox.Triple] = []
    seen: set = set()
    for t in triples:
        o = t.object
        if not isinstance(o, ox.NamedNode) or o in described or o in seen:
            continue
        seen.add(o)
        anywhere = o.value.startswith(vocab.ID_BASE)
        quads = store.quads_for_pattern(o, vocab.TYPE, None, None if anywhere else graph)
        out.extend(dict.fromkeys(q.triple for q in quads))
    return out


def staged_results(store: ox.Store, graph: ox.NamedNode, engine: str, spill: Path) -> list[Result]:
    """Every SHACL result on a subject of the staged ``graph``, chunk by chunk (``spill``:
    a file the graph's N-Triples are written to for the while)."""
    results: list[Result] = []
    for triples in chunks(store, graph, spill):
        subjects = {t.subject for t in triples}
        own = {s.value for s in subjects if isinstance(s, ox.NamedNode)}
        report = run_shacl(triples + context_types(store, graph, triples, subjects), engine)
        results.extend(r for r in report.results if r.focus in own)
    return results


def reason(results: list[Result]) -> str:
    return "; ".join(
        f"{x.shape}: {x.message}"
        + (f" (path {x.path}" + (f", value {x.value!r})" if x.value else ")") if x.path else "")
        for x in results[:5]
    )


def offenders(records: Iterator[tuple[int, Record]], bad: list[Result]) -> dict[int, list[Result]]:
    """The records (by index) each violation quarantines."""
    focus = {r.focus for r in bad}
    stating: dict[int, list[Result]] = defaultdict(list)
    owners: dict[str, list[int]] = defaultdict(list)
    subject_of: dict[str, list[int]] = defaultdict(list)
    for i, rec in records:
        for s in rec.subjects:
            if s.value in focus:
                owners[s.value].append(i)
        named = {
            t.subject.value
            for t in rec.triples
            if isinstance(t.subject, ox.NamedNode) and t.subject.value in focus
        }
        for f in named:
            subject_of[f].append(i)
        for res in bad:
            if res.focus in named and res.value and rec.states(res.focus, res.value):
                stating[i].append(res)
    drop: dict[int, list[Result]] = defaultdict(list)
    for res in bad:
        idx = [i for i in subject_of.get(res.focus, []) if res in stating.get(i, ())]
        idx = idx or owners.get(res.focus) or subject_of.get(res.focus) or []
        for i in sorted(set(idx)):
            drop[i].append(res)
    return drop


def quarantined(rec: Record, results: list[Result]) -> Quarantined:
    first = results[0]
    return Quarantined(
        rec.file,
        rec.locator,
        reason(results),
        shape=first.shape,
        focus=first.focus,
        path=first.path,
    )
