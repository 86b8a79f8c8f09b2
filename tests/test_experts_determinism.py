"""The same request gives the same JSON in every process: Python's string hashing changes the
order of a set from one process to the next (PYTHONHASHSEED), and the expansion terms of a
technology's narrower concepts came from sets (the matched terms, and so the briefings, moved)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kg.store.oxigraph import OxigraphStore


def _experts(store: OxigraphStore, query: str, seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    cmd = [str(Path(sys.executable).parent / "ikg"), "experts", query, "--json"]
    r = subprocess.run(
        [*cmd, "--store", str(store.path)], capture_output=True, text=True, env=env, check=True
    )
    return r.stdout


def test_experts_same_answer_in_every_process(samples_store: OxigraphStore) -> None:
    query = "biomass pretreatment"  # a top concept: its narrower labels expand the query
    first = _experts(samples_store, query, "1")
    assert '"matched"' in first and "saccharification" in first
    assert _experts(samples_store, query, "2") == first
    assert _experts(samples_store, query, "3") == first
