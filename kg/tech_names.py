"""Technologies named by text: any ``ikg:Technology`` in a store by id, notation or label.

A chain CSV's ``technologies`` cell may name a built-in technology, an IPC code (``H01L``)
or a concept of the user's own scheme by its id or label. ``TechnologyNames`` reads the
store's technology names once, on first use, and answers with the best-ranked match:
an id or notation before a preferred label, before an alternative, before a hidden label.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict

import pyoxigraph as ox

from kg.queries import load
from kg.store.base import Store, py
from kg.vocab import mint

RANKS = 4  # id/notation, prefLabel, altLabel, hiddenLabel


def norm(text: str) -> str:
    """Case, width and space folded: how two names are compared."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


class TechnologyNames:
    """Name -> technology IRIs of a store (read on the first ``find``)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._names: list[dict[str, set[str]]] | None = None
        self._iris: set[str] = set()

    def _load(self) -> list[dict[str, set[str]]]:
        if self._names is None:
            names: list[dict[str, set[str]]] = [defaultdict(set) for _ in range(RANKS)]
            for row in self.store.select(load("schemes/technology_names")):
                name, tech = py(row["name"]), py(row["tech"])
                rank = int(py(row["rank"]))
                self._iris.add(tech)
                if isinstance(name, str) and name.strip() and 0 <= rank < RANKS:
                    names[rank][norm(name)].add(tech)
            self._names = names
        return self._names

    def find(self, text: str) -> list[ox.NamedNode]:
        """The technologies the text names at the best rank it names any (several when
        the name is ambiguous there); [] when none. An id of a CSV scheme (its IRI is
        ``technology/<id>``) comes first."""
        tiers = self._load()
        own = mint("technology", text.strip()).value if text.strip() else ""
        if own in self._iris:
            return [ox.NamedNode(own)]
        key = norm(text)
        for tier in tiers:
            hits = tier.get(key)
            if hits:
                return [ox.NamedNode(iri) for iri in sorted(hits)]
        return []


__all__ = ["TechnologyNames", "norm"]
