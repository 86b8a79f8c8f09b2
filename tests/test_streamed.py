"""A streamed ingest (``ikg ingest --stream``, ingest/streamed.py) lands the same triples,
records, quarantine and warnings as the one-shot ingest, on input whose batches split an
author's works, a merge and a SHACL violation."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

import ingest.cache as cache
from ingest import staged_gate, streamed
from ingest.pipeline import run_ingest
from ingest.progress import IngestProgress
from ingest.streamed import STREAM_MIN_BYTES, wanted
from kg import vocab
from kg.errors import InputError
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

BATCH = 3  # lines per batch: every input below spans several batches


def _auth(aid: str, name: str, inst: str, country: str, orcid: str = "") -> dict:
    author = {"id": f"https://openalex.org/{aid}", "display_name": name}
    if orcid:
        author["orcid"] = f"https://orcid.org/{orcid}"
    return {
        "author": author,
        "institutions": [
            {
                "id": f"https://openalex.org/{inst}",
                "display_name": f"Institute of {inst}",
                "country_code": country,
                "type": "education",
            }  # fmt: skip
        ],
    }


def _work(i: int, auths: list[dict]) -> bytes:
    words = ["biogas", "lignin", "pyrolysis", "anaerobic digestion", "coal gasification"]
    title = f"{words[i % 5].capitalize()} of corn straw in reactor {i}"
    return json.dumps(
        {
            "id": f"https://openalex.org/W{i}",
            "title": title,
            "publication_year": 2015 + i % 8,
            "authorships": auths,
            "keywords": [{"display_name": words[(i + 2) % 5]}],
        }  # fmt: skip
    ).encode()


def _lines() -> list[bytes]:
    """Wei Zhang (A1, I1) in work 0 and Zhang Wei (A2, I1) in work 7: one person by name and
    institution, in two batches; A3 in works 1, 4 and 8; institution I9 says CN in work 2 and
    DE in work 10 (sh:maxCount 1 on the country across batches); line 6 is no JSON."""
    zhang = _auth("A1", "Wei Zhang", "I1", "CN")
    a3 = _auth("A3", "Hong Liu", "I2", "CN")
    rows = {
        0: [zhang, a3 | {}],
        1: [a3],
        2: [_auth("A4", "Min Chen", "I9", "CN")],
        3: [_auth("A5", "Tao Wu", "I3", "US")],
        4: [a3, _auth("A6", "Lei Sun", "I3", "US")],
        5: [_auth("A7", "Yan Hu", "I4", "DE")],
        7: [_auth("A2", "Zhang Wei", "I1", "CN")],
        8: [a3, _auth("A8", "Bo Xu", "I2", "CN")],
        9: [_auth("A9", "Ning Ma", "I4", "DE")],
        10: [_auth("A10", "Jun Gao", "I9", "DE")],
    }
    out = [_work(i, rows[i]) if i in rows else b"{not json" for i in range(11)]
    return out


def _run(
    tmp: Path, folder: Path, stream: bool, workers: int = 1
) -> tuple[set, dict, list[str], str]:
    store = OxigraphStore(tmp, Settings(ingest_batch=BATCH, ingest_workers=workers))
    shown = io.StringIO()
    line = IngestProgress(shown, live=False, every=0, quiet=0)
    result = run_ingest(store, [folder], source="works", progress=line, stream_input=stream)
    quads = {(q.subject, q.predicate, q.object) for q in store.quads(vocab.source_graph("works"))}
    report = (store.quarantine_dir / "works.json").read_text()
    # the lookup cache published for the new version holds the facts the store holds
    version = store.current_version()
    published = cache.Facts.decode(
        (store.state_dir / "lookups" / f"{version}.json").read_bytes(), version
    )
    assert _facts(published) == _facts(cache.read_facts(store, version))
    return quads, result.as_json(), result.warnings, shown.getvalue() + report


def _facts(facts: cache.Facts) -> dict:
    return {
        g: {
            k: {iri: sorted(map(json.dumps, v)) for iri, v in per.items()}
            for k, per in f.data.items()
        }
        for g, f in facts.graphs.items()
        if any(f.data.values())
    }


def test_streamed_lands_what_the_one_shot_ingest_lands(tmp_path: Path, monkeypatch) -> None:
    """The streamed gate validates the staged graph in chunks of a few subjects here."""
    monkeypatch.setattr(staged_gate, "CHUNK_TRIPLES", 7)
    folder = tmp_path / "in"
    folder.mkdir()
    lines = _lines()
    (folder / "a.jsonl").write_bytes(b"\n".join(lines[:9]) + b"\n")
    (folder / "b.jsonl").write_bytes(b"\n".join(lines[9:]) + b"\n")
    one = _run(tmp_path / "one", folder, stream=False)
    streamed = _run(tmp_path / "streamed", folder, stream=True)
    assert streamed[0] == one[0]
    assert streamed[1] == one[1]
    assert streamed[2] == one[2]
    in_workers = _run(tmp_path / "workers", folder, stream=True, workers=2)
    assert in_workers[:3] == streamed[:3]
    quarantined = [q["record"] for q in one[1]["quarantined"]]
    assert quarantined == [
        "line 7",
        "line 3 (id=W2)",
        "line 2 (id=W10)",
    ]  # JSON, then both I9 works
    assert one[1]["records"] == 8
    same_as = [t for t in one[0] if t[1] == vocab.OWL.sameAs]
    assert same_as, "A1 and A2 were merged (the merge crosses batches)"
    assert "rewriting records with the merges" in streamed[3]
    assert "/11 records" in streamed[3] and "records/s" in streamed[3]


def test_streamed_is_chosen_by_size_or_flag(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "s")
    f = tmp_path / "w.jsonl"
    f.write_bytes(b"\n".join(_lines()[:3]) + b"\n")
    groups = [("openalex", [f])]
    assert not wanted(store, groups, None, None)  # small: one shot
    assert wanted(store, groups, True, None)
    assert not wanted(store, groups, False, None)
    assert f.stat().st_size < STREAM_MIN_BYTES
    with pytest.raises(InputError, match="--stream reads UTF-8 OpenAlex JSON Lines"):
        wanted(store, [("ris", [f])], True, None)
    with pytest.raises(InputError, match="no --encoding"):
        wanted(store, groups, True, "gb18030")


def test_streamed_cli_flag_refuses_other_input(tmp_path: Path, cli) -> None:
    """`ikg ingest --stream` on input that cannot stream is exit 2 naming the rule."""
    ris = tmp_path / "a.ris"
    ris.write_text("TY  - JOUR\nTI  - Biogas from corn straw\nER  - \n")
    out = cli("ingest", ris, "--stream", "--store", tmp_path / "s", "--json")
    assert out.code == 2
    assert "--stream reads UTF-8 OpenAlex JSON Lines" in out.json()["error"]


def test_streamed_heap_trimmed_after_the_writer_before_publishing(
    tmp_path: Path, monkeypatch
) -> None:
    """The writer's freed memory goes back to the system before the lookup cache opens the
    published version (at 200,000 works its RocksDB caches had sat under that reader)."""
    events: list[str] = []
    real_writer = OxigraphStore.writer
    real_publish = cache.StoreLookups.publish_facts

    @contextlib.contextmanager
    def writer(self, wait=None):
        with real_writer(self, wait) as w:
            yield w
        events.append("closed")

    def publish(self, *args):
        events.append("publish")
        return real_publish(self, *args)

    monkeypatch.setattr(OxigraphStore, "writer", writer)
    monkeypatch.setattr(cache.StoreLookups, "publish_facts", publish)
    monkeypatch.setattr(streamed, "trim_heap", lambda: events.append("trim"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(b"\n".join(_lines()) + b"\n")
    quads, result, _, _ = _run(tmp_path / "s", folder, stream=True)
    assert result["records"] == 8 and quads
    assert events[-3:] == ["closed", "trim", "publish"]


def test_streamed_loaded_lines_go_to_the_loader_once() -> None:
    """A line a batch repeats, or an earlier batch loaded, is not loaded again; new lines
    keep their order."""
    loaded = streamed.Loaded()
    a, b, c, d = (f"<http://x/{n}> <http://x/p> <http://x/o> .".encode() for n in "abcd")
    assert loaded.new_lines(b"\n".join([b, a, b, c]) + b"\n") == b"\n".join([b, a, c]) + b"\n"
    assert loaded.new_lines(b"\n".join([c, d, a]) + b"\n") == d + b"\n"
    assert loaded.new_lines(b"\n".join([a, b, c, d]) + b"\n") == b""
    assert loaded.new_lines(b"") == b""
