"""run_ingest makes Python's cyclic collector run rarely while it works, and puts it back."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from ingest import pipeline
from ingest.pipeline import INGEST_GC_THRESHOLD, run_ingest

WORK = {
    "id": "https://openalex.org/W1",
    "title": "Steam explosion pretreatment of corn straw",
    "publication_year": 2020,
    "authorships": [{"author": {"id": "https://openalex.org/A1", "display_name": "Wei Li"}}],
}


def _works(tmp: Path) -> Path:
    p = tmp / "works.jsonl"
    lines = [json.dumps(WORK | {"id": f"https://openalex.org/W{i}"}) for i in (1, 2)]
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def test_pipeline_gc_thresholds_raised_during_ingest_and_restored(store, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "refresh_indexes", lambda *a: None)
    seen: set[tuple[int, int, int]] = set()
    before = gc.get_threshold()
    result = run_ingest(store, [_works(tmp_path)], progress=lambda *a: seen.add(gc.get_threshold()))
    assert result.error is None and result.records == 2
    assert seen == {INGEST_GC_THRESHOLD}
    assert gc.get_threshold() == before != INGEST_GC_THRESHOLD


def test_pipeline_gc_thresholds_restored_after_an_input_error(store, tmp_path):
    before = gc.get_threshold()
    result = run_ingest(store, [tmp_path / "missing.jsonl"])
    assert result.error is not None and "no such file" in result.error
    assert gc.get_threshold() == before
