"""What ``ikg topics`` reads from the store (named queries under ``queries/topics/``): the works
with their type, year and title, their text fields, their subject technologies and IPC codes,
and every technology label. Read-only."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from kg import queries, vocab
from kg.store.base import Store, py

TYPE_NAMES = {
    vocab.PAPER.value: "paper",
    vocab.PATENT.value: "patent",
    vocab.PROJECT.value: "project",
    vocab.REPORT.value: "report",
}
KEYWORD = vocab.KEYWORD.value


@dataclass
class Work:
    iri: str
    type: str
    year: int | None
    title: str
    texts: list[str] = field(default_factory=list)  # titles and abstracts
    keywords: list[str] = field(default_factory=list)
    subjects: set[str] = field(default_factory=set)
    ipc: list[str] = field(default_factory=list)


@dataclass
class TechLabel:
    iri: str
    label: str
    lang: str
    pref: bool


@dataclass
class Corpus:
    works: list[Work]
    tech_labels: list[TechLabel]

    def tech_name(self, iri: str, lang: str = "en") -> str:
        """A technology's preferred label in ``lang`` (else any preferred label, else the IRI)."""
        prefs = [t for t in self.tech_labels if t.iri == iri and t.pref]
        for t in prefs:
            if t.lang == lang:
                return t.label
        return prefs[0].label if prefs else iri.rsplit("/", 1)[-1]


def _lang(term: object) -> str:
    return getattr(term, "language", None) or ""


def read_corpus(store: Store) -> Corpus:
    """Works (with text) and technology labels of the store's union of sources."""

    def q(name: str) -> list:
        return store.select(queries.load(f"topics/{name}"))

    works: dict[str, Work] = {}
    for r in q("works"):
        w = r["w"].value
        kind = TYPE_NAMES[r["type"].value]
        year = None
        with contextlib.suppress(TypeError, ValueError):
            year = int(py(r["year"])) if r["year"] is not None else None
        title = r["title"].value if r["title"] is not None else ""
        if w not in works or kind != "report":  # a work typed twice keeps the specific type
            works[w] = Work(w, kind, year, title)
    for r in q("texts"):
        work = works.get(r["w"].value)
        if work is None:
            continue
        if r["prop"].value == KEYWORD:
            work.keywords.append(r["text"].value)
        else:
            work.texts.append(r["text"].value)
    for r in q("subjects"):
        if r["w"].value in works:
            works[r["w"].value].subjects.add(r["tech"].value)
    for r in q("ipc"):
        if r["w"].value in works:
            works[r["w"].value].ipc.append(r["code"].value)
    labels = [
        TechLabel(r["tech"].value, r["label"].value, _lang(r["label"]), bool(py(r["pref"])))
        for r in q("technologies")
    ]
    ordered = [works[k] for k in sorted(works)]
    for w in ordered:
        w.texts.sort()
        w.keywords.sort()
    return Corpus([w for w in ordered if w.texts or w.keywords], labels)
