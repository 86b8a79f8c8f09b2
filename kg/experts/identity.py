"""Which IRI stands for a cluster of owl:sameAs-linked people or institutions."""

from __future__ import annotations

from typing import Any


def canonical(rows: list[dict[str, Any]]) -> dict[str, str]:
    """Union-find over owl:sameAs: every clustered IRI -> its canonical IRI (by authority:
    an ORCID/ROR identity, then a record of the user's own tables, then an OpenAlex id, then
    a name stub ``.../name/...``; then the shortest, then the first in order)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for r in rows:
        a, b = find(r["a"].value), find(r["b"].value)
        if a != b:
            parent[a] = b
    clusters: dict[str, list[str]] = {}
    for x in list(parent):
        clusters.setdefault(find(x), []).append(x)
    out: dict[str, str] = {}
    for members in clusters.values():
        best = min(members, key=lambda m: (authority(m), len(m), m))
        for m in members:
            out[m] = best
    return out


def authority(iri: str) -> int:
    if "/orcid/" in iri or "/ror/" in iri:
        return 0
    if "/name/" in iri or "/name-" in iri or "/report/" in iri:
        return 3
    if "/openalex/" in iri:
        return 2
    return 1
