"""A stage whose third-party library is missing is an error naming what to install (exit 2),
never a silently skipped stage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ingest import pipeline
from ingest.pipeline import run_ingest
from kg.store.oxigraph import OxigraphStore

# spacy made unimportable, then the real CLI entry point: what a broken install looks like
BLOCKED_CLI = (
    "import sys; sys.modules['spacy'] = None; "
    "from kg.cli.main import main; sys.argv = ['ikg'] + sys.argv[1:]; main()"
)


def test_pipeline_stages_are_imported_by_name() -> None:
    assert pipeline.STAGE_IMPORT_ERROR is None
    assert pipeline.RecordTagger.__module__ == "ingest.extract.stage"
    assert pipeline.Resolver.__module__ == "ingest.resolve.stage"


def test_pipeline_missing_stage_library_is_an_error(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(
        pipeline, "STAGE_IMPORT_ERROR", ModuleNotFoundError("No module named 'spacy'", name="spacy")
    )
    data = tmp_path / "a.csv"
    data.write_text("title,year\nA work,2020\n", encoding="utf-8")
    store = OxigraphStore(tmp_path / "store")
    result = run_ingest(store, [data])
    assert result.exit_code == 2
    assert "'spacy'" in (result.error or "") and "pip install spacy" in (result.error or "")
    assert store.current_version() is None  # nothing was written


def test_pipeline_missing_library_cli_exit_2(tmp_path: Path) -> None:
    data = tmp_path / "a.csv"
    data.write_text("title,year\nA work,2020\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-c", BLOCKED_CLI, "ingest", str(data), "--store", str(tmp_path / "s")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 2, proc.stderr
    assert "spacy" in proc.stderr and "install" in proc.stderr
    assert "Traceback" not in proc.stderr
