"""The display name of a merged entity: the most complete of its names."""

from __future__ import annotations

from collections import Counter

from ingest.resolve.names import person
from ingest.resolve.orgs import display_rank


def person_rank(name: str, count: int) -> tuple[int, ...]:
    """Full given name over initials ("Minjing Zhu" over "Zhu, M."), Latin over Han script."""
    pn = person(name)
    full = any(r.given for r in pn.readings)
    first = any(r.first for r in pn.readings)
    return (2 if full else 1 if first else 0, 0 if "," in name else 1, 0 if pn.han else 1,
            count, len(name))  # fmt: skip


def best_label(names: Counter[str], kind: str) -> str:
    """The name to show for one entity among the names its sources give it."""
    rank = person_rank if kind == "person" else display_rank
    return max(names, key=lambda n: (rank(n, names[n]), n))
