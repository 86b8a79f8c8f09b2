"""Typed records passed between the pipeline stages.

Loader -> Extractor -> Resolver -> Validator -> Writer. Each stage is a small class with
one ``run()``; these dataclasses are what flows between them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import Literal, NamedNode, Triple

from kg import vocab
from kg.settings import Settings


@dataclass
class TextField:
    """A piece of record text the extractor may tag (title, abstract, keywords)."""

    subject: NamedNode
    text: str
    lang: str | None = None  # "en", "zh" or None (detect)


@dataclass
class Record:
    """One input record: the triples it contributes and where it came from.

    ``locator`` names the record for humans ("line 12", "record 3 (id=W123)").
    ``subjects`` are the nodes this record owns: a SHACL violation on one of them
    quarantines the whole record. ``errors`` set by a loader quarantine it before SHACL.
    """

    file: str
    locator: str
    triples: list[Triple] = field(default_factory=list)
    subjects: set[NamedNode] = field(default_factory=set)
    errors: list[str] = field(default_factory=list)
    texts: list[TextField] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add(self, s: NamedNode, p: NamedNode, o: NamedNode | Literal) -> None:
        self.triples.append(Triple(s, p, o))

    def own(self, s: NamedNode) -> NamedNode:
        self.subjects.add(s)
        return s

    def states(self, focus: str, value: str) -> bool:
        """Whether one of the record's triples has subject IRI ``focus`` and object ``value``
        (as a SHACL result prints it): the record gave the value a result names."""
        for t in self.triples:
            if isinstance(t.subject, NamedNode) and t.subject.value == focus:
                o = t.object
                if (o.value if isinstance(o, (NamedNode, Literal)) else str(o)) == value:
                    return True
        return False


def distinct_triples(records: list[Record]) -> dict[Triple, None]:
    """The records' triples, each once, in order (records repeat shared nodes: an author in
    many works)."""
    return dict.fromkeys(t for r in records for t in r.triples)


def unstated(dropped: list[Record], kept: list[Record]) -> set[Triple]:
    """The triples of the ``dropped`` records that no ``kept`` record also states (records
    share nodes: an institution's triples in two works)."""
    out = {t for r in dropped for t in r.triples}
    if out:
        out -= {t for r in kept for t in r.triples if t in out}
    return out


@dataclass
class Quarantined:
    """A record that did not land, with the reason (shape and message, or loader error)."""

    file: str
    record: str
    reason: str
    shape: str = ""
    focus: str = ""
    path: str = ""

    def as_json(self) -> dict[str, str]:
        return {"file": self.file, "record": self.record, "reason": self.reason}


@dataclass
class LoadContext:
    """What a loader needs to know about the run: source, settings, options."""

    source: str
    settings: Settings
    encoding: str | None = None
    lang: str = "auto"
    # ids seen in this file set, per kind, so files can refer to each other's ids
    known_ids: dict[str, set[str]] = field(default_factory=dict)
    # ids of the file set that have a global identity (ORCID, ROR): (kind, id) -> IRI
    global_iris: dict[tuple[str, str], NamedNode] = field(default_factory=dict)
    # the store's technologies a name names (kg.tech_names.TechnologyNames.find); the chain
    # loader resolves a technologies cell with it
    find_technology: Callable[[str], list[NamedNode]] | None = None

    def mint(self, kind: str, local_id: str) -> NamedNode:
        """The IRI for an id from the user's files: global (ORCID/ROR) when known, else
        source-scoped."""
        hit = self.global_iris.get((kind, local_id))
        return hit if hit is not None else vocab.mint(kind, self.source, local_id)


class Loader(Protocol):
    """Reads one kind of file. ``sniff`` decides from content (the extension is a hint)."""

    name: str
    priority: int  # lower runs first (institutions before experts before works)

    def sniff(self, path: Path, head: bytes) -> bool: ...

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]: ...


Progress = Callable[[str, int, int], None]


@dataclass
class IngestResult:
    source: str
    records: int = 0
    triples: int = 0
    quarantined: list[Quarantined] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None

    @property
    def exit_code(self) -> int:
        if self.error is not None:
            return 2
        return 1 if self.quarantined else 0

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "source": self.source,
            "records": self.records,
            "triples": self.triples,
            "quarantined": [q.as_json() for q in self.quarantined],
        }
        if self.error is not None:
            out["error"] = self.error
        return out
