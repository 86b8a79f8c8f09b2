"""An empty or missing shapes folder stops validation with exit 2 naming what to restore;
nothing lands unchecked (the old ``if not SHAPES_DIR.glob(...)`` test was never true)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg import shacl
from kg.errors import ValidationError
from kg.settings import SAMPLES_DIR
from kg.store.oxigraph import OxigraphStore

TRIPLE = ox.Triple(
    ox.NamedNode("https://w3id.org/ikg/id/expert/t/1"),
    ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
    ox.NamedNode("https://w3id.org/ikg/ontology#Expert"),
)


def _clear_caches() -> None:
    shacl.shapes_graph.cache_clear()
    shacl._ox_shapes_and_ontology.cache_clear()


@pytest.fixture
def no_shapes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    empty = tmp_path / "shapes"
    empty.mkdir()
    (empty / "README.md").write_text("the .ttl files were deleted\n")
    monkeypatch.setattr(shacl, "SHAPES_DIR", empty)
    _clear_caches()
    yield empty
    monkeypatch.undo()
    _clear_caches()


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_shacl_empty_shapes_folder_is_an_error(no_shapes, engine):
    with pytest.raises(ValidationError) as err:
        shacl.run_shacl([TRIPLE], engine)
    assert str(no_shapes) in str(err.value) and "git checkout -- ontology/shapes" in str(err.value)
    assert err.value.exit_code == 2


def test_shacl_empty_shapes_folder_stops_ingest_and_validate(no_shapes, cli, tmp_path):
    store = tmp_path / "store"
    r = cli("ingest", str(SAMPLES_DIR / "experts.csv"), "--source", "t", "--store", str(store))
    assert r.code == 2, r.stdout + r.stderr
    assert "no SHACL shapes" in r.stderr and str(no_shapes) in r.stderr
    assert "Traceback" not in r.stderr
    assert "t" not in OxigraphStore(store).sources()  # nothing landed unchecked
    v = cli("validate", "--store", str(store))
    assert v.code == 2 and "no SHACL shapes" in v.stderr


@pytest.mark.parametrize("engine", ["turbo", "pyshacl"])
def test_shacl_real_shapes_folder_finds_a_nameless_expert(engine):
    """The positive control: with the real folder, an expert without a name is a violation."""
    _clear_caches()
    report = shacl.run_shacl([TRIPLE], engine)
    assert not report.conforms
    assert ("Violation", "foaf:name") in {(r.severity, r.path) for r in report.results}
