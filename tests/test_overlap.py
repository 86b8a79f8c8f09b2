"""The embedded store's one-shot ingest loads the source beside the Resolver and the SHACL
gate (ingest/overlap.py) and lands what the stages one after another land."""

from __future__ import annotations

import copy
from pathlib import Path

import pyoxigraph as ox
import pytest
from test_streamed import _facts, _lines

import ingest.cache as cache
from ingest import overlap
from ingest.loaders.openalex import LOADER
from ingest.pipeline import run_ingest
from ingest.resolve.summary import apply
from ingest.types import LoadContext, distinct_triples
from kg import vocab
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore


def _landed(tmp: Path, folder: Path, settings: Settings) -> tuple[set, dict, list[str]]:
    """Triples, summary and warnings of a one-shot ingest; the count recorded is the graph's
    and the lookup cache it published holds the facts the store holds."""
    store = OxigraphStore(tmp, settings)
    result = run_ingest(store, [folder], source="works", stream_input=False)
    quads = {(q.subject, q.predicate, q.object) for q in store.quads(vocab.source_graph("works"))}
    assert result.triples == len(quads)
    version = store.current_version()
    published = cache.Facts.decode(
        (store.state_dir / "lookups" / f"{version}.json").read_bytes(), version
    )
    assert _facts(published) == _facts(cache.read_facts(store, version))
    return quads, result.as_json(), result.warnings


@pytest.fixture
def works(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(b"\n".join(_lines()) + b"\n")
    return folder


def _in_turn(tmp: Path, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple:
    with monkeypatch.context() as m:
        m.setattr(overlap, "wanted", lambda store: False)
        return _landed(tmp, folder, Settings(ingest_workers=1))


def test_overlap_lands_what_the_stages_in_turn_land(
    tmp_path: Path, works: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two works whose institution I9 has two countries are quarantined and their
    institution's triples go; A1 and A2 merge; with and without forked workers."""
    reference = _in_turn(tmp_path / "ref", works, monkeypatch)
    events: list[str] = []
    add, resolve = overlap.BackgroundLoad.add, overlap.resolve

    def spy_add(self: overlap.BackgroundLoad, items: list) -> None:
        events.append(f"load {len(items)}")
        add(self, items)

    def spy_resolve(*args: object) -> tuple:
        events.append("resolve")
        return resolve(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(overlap.BackgroundLoad, "add", spy_add)
    monkeypatch.setattr(overlap, "resolve", spy_resolve)
    one = _landed(tmp_path / "one", works, Settings(ingest_workers=1))
    assert [e.split()[0] for e in events] == ["load", "resolve", "load"]
    assert int(events[0].split()[1]) > 0  # part of the source loaded before the Resolver ran
    two = _landed(
        tmp_path / "two", works, Settings(ingest_workers=2, parallel_min_bytes=0, ingest_batch=3)
    )
    assert one == reference and two == reference
    assert [q["record"] for q in one[1]["quarantined"]] == [
        "line 7",
        "line 3 (id=W2)",
        "line 11 (id=W10)",
    ]
    names = {t[2].value for t in one[0] if isinstance(t[2], ox.Literal)}
    assert "Institute of I9" not in names and "Institute of I1" in names
    same_as = [t for t in one[0] if t[1] == vocab.OWL.sameAs]
    assert same_as, "the input's merge is in the graph"


def test_overlap_undoes_the_early_load_the_resolver_made_stale(
    tmp_path: Path, works: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the early part names a node the Resolver merged (here: no node counts as a
    person or institution, so every triple loads early), it is taken out and everything
    loads after the Resolver: the result is still the stages-in-turn one."""
    reference = _in_turn(tmp_path / "ref", works, monkeypatch)
    verdicts: list[bool] = []
    resolve = overlap.resolve

    def spy_resolve(*args: object) -> tuple:
        decisions, safe = resolve(*args)  # type: ignore[arg-type]
        verdicts.append(safe)
        return decisions, safe

    monkeypatch.setattr(overlap, "KIND_TYPES", frozenset())
    monkeypatch.setattr(overlap, "resolve", spy_resolve)
    got = _landed(tmp_path / "got", works, Settings(ingest_workers=1))
    assert verdicts == [False]
    assert got == reference


def test_overlap_closes_the_version_before_it_is_read(
    tmp_path: Path, works: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the lookup cache reads the published version, no read-write handle of it is left
    open (one kept by the load thread went on compacting while readers opened the version:
    an sst file vanished under a reader at 20,000 works). RocksDB locks a directory against a
    second read-write open in the same process, so the open below fails if one is left."""
    publish = cache.StoreLookups.publish_facts
    opened: list[str] = []

    def check(self: cache.StoreLookups, source: str, own: dict, info: object) -> bool:
        version = self.store.current_version()
        ox.Store(str(self.store.path / "versions" / version)).flush()
        opened.append(version)
        return publish(self, source, own, info)

    monkeypatch.setattr(cache.StoreLookups, "publish_facts", check)
    _landed(tmp_path / "s", works, Settings(ingest_workers=1))
    assert opened


def test_overlap_rest_is_the_rewritten_records_distinct_triples(tmp_path: Path) -> None:
    """``the_rest`` (the distinct triples the early load left, rewritten one by one, and the
    merges' sameAs) holds what rewriting the records themselves gives, less the early part;
    the records are left as they were."""
    store = OxigraphStore(tmp_path / "s", Settings())
    ctx = LoadContext(source="works", settings=store.settings)
    lines = enumerate((x.decode() for x in _lines()), start=1)
    records = [r for r in LOADER.line_records(tmp_path / "a.jsonl", lines, ctx) if not r.errors]
    before = copy.deepcopy([r.triples for r in records])
    fixed, other, nodes = overlap.split_fixed(records)
    decisions, safe = overlap.resolve(store, cache.StoreLookups(store, "works"), records, nodes)
    assert safe and decisions.merged  # A2 merges into A1
    rest = overlap.the_rest(decisions, fixed, other)
    assert [r.triples for r in records] == before
    apply(decisions, records)
    expected = set(distinct_triples(records)) - set(fixed)
    assert set(rest) == expected and len(rest) == len(expected)
    assert any(t.predicate == vocab.OWL.sameAs for t in rest)
