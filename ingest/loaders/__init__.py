"""Loader registry. Detection is by content (the extension is only a hint).

Each loader module exposes one loader instance; add it to ``LOADERS`` here.
"""

from __future__ import annotations

from ingest.types import Loader

LOADERS: list[Loader] = []


def register(loader: Loader) -> Loader:
    LOADERS.append(loader)
    LOADERS.sort(key=lambda ld: ld.priority)
    return loader
