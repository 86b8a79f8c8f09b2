"""Shared fixtures: temporary stores, an in-process CLI runner, the ingested samples."""

from __future__ import annotations

import contextlib
import io
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg.cli import common
from kg.cli.main import app
from kg.settings import SAMPLES_DIR, Settings
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data"


@dataclass
class CliResult:
    code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


def run_cli(*args: str) -> CliResult:
    """Run ``ikg ARGS`` in-process exactly as the console script does (exit codes, stderr)."""

    out_b, err_b = io.BytesIO(), io.BytesIO()
    out = io.TextIOWrapper(out_b, encoding="utf-8", write_through=True)
    err = io.TextIOWrapper(err_b, encoding="utf-8", write_through=True)
    old_out, old_err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        try:
            app([str(a) for a in args], standalone_mode=False)
            code = 0
        except common.CLIExit as e:
            code = e.code
        except BaseException as e:  # noqa: BLE001 - mirror kg.cli.main
            code = common.report_error(e)
    finally:
        with contextlib.suppress(Exception):
            out.flush()
            err.flush()
        sys.stdout, sys.stderr = old_out, old_err
    return CliResult(code, out_b.getvalue().decode("utf-8"), err_b.getvalue().decode("utf-8"))


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture
def store(tmp_path: Path) -> OxigraphStore:
    return OxigraphStore(tmp_path / "store", Settings())


@pytest.fixture(scope="session")
def samples_store(tmp_path_factory) -> OxigraphStore:
    """The samples ingested once per test session (read-only use, please)."""

    st = OxigraphStore(tmp_path_factory.mktemp("samples") / "store", Settings())
    result = run_ingest(st, [SAMPLES_DIR], source="samples")
    assert result.error is None, result.error
    return st


# real servers (Neo4j, Fuseki, Virtuoso) started and stopped by the test session
from conftest_servers import *  # noqa: E402, F403
