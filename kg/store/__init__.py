"""The stores: ``open_store`` is the one place that knows both kinds.

``base`` holds the ``Store``/``SourceWriter`` Protocols; ``oxigraph`` the embedded versioned
store; ``remote`` any SPARQL 1.1 server, with one adapter module per server (``fuseki``,
``virtuoso``; ``adapters`` for the generic one).
"""

from __future__ import annotations

import importlib
import re

from kg.settings import Settings, default_store_path
from kg.store.base import SourceInfo, SourceWriter, Store
from kg.store.oxigraph import OxigraphStore

__all__ = ["OxigraphStore", "SourceInfo", "SourceWriter", "Store", "open_store"]


def open_store(spec: str | None = None, settings: Settings | None = None) -> Store:
    """The store named by ``--store``/``IKG_STORE``: a directory (embedded) or an http(s) endpoint."""
    settings = settings or Settings.from_env()
    target = default_store_path(spec)
    if re.match(r"^((fuseki|virtuoso|sparql)\+)?https?://", target):
        # imported on use: httpx and the server adapters cost ~0.15 s of every embedded CLI call
        remote = importlib.import_module("kg.store.remote")
        return remote.open_remote(target, settings)
    return OxigraphStore(target, settings)
