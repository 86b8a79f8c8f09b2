"""OpenAlex JSON Lines mapped and tagged in worker processes land the same triples, records
and quarantine as the single-process ingest."""

from __future__ import annotations

import io
import json
import os
import random
import threading
from pathlib import Path

import pyoxigraph as ox

from ingest import stream
from ingest.pipeline import run_ingest
from ingest.progress import IngestProgress
from ingest.stream import Batch, batches, is_jsonl
from kg import vocab
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

WORDS = ["steam explosion", "anaerobic digestion", "biogas", "lignin", "pyrolysis", "corn",
         "coal gasification", "yield", "reactor", "enzymatic hydrolysis", "ethanol"]  # fmt: skip


def _work(i: int, rnd: random.Random) -> dict:
    words = [rnd.choice(WORDS) for _ in range(12)]
    index: dict[str, list[int]] = {}
    for pos, w in enumerate(words):
        index.setdefault(w, []).append(pos)
    auths = [
        {
            "author": {"id": f"https://openalex.org/A{a}", "display_name": f"Wei Li{a}"},
            "institutions": [
                {
                    "id": f"https://openalex.org/I{a % 3}",
                    "display_name": f"Institute {a % 3}",
                    "country_code": "CN",
                    "type": "education",
                }  # fmt: skip
            ],
        }
        for a in rnd.sample(range(9), rnd.randint(1, 3))
    ]
    return {
        "id": f"https://openalex.org/W{i}",
        "title": " ".join(words[:5]).capitalize(),
        "publication_year": 2010 + i % 10,
        "authorships": auths,
        "keywords": [{"display_name": words[6]}],
        "abstract_inverted_index": index,
    }


def _write_works(path: Path, n: int, seed: int, extra: list[bytes] = ()) -> None:
    rnd = random.Random(seed)
    lines = [json.dumps(_work(i + seed * 1000, rnd)).encode() for i in range(n)]
    lines[5:5] = list(extra)
    path.write_bytes(b"\n".join(lines) + b"\n")


def _ingest(tmp: Path, folder: Path, settings: Settings) -> tuple[set, dict, list[str]]:
    store = OxigraphStore(tmp, settings)
    stages: list[str] = []
    shown = io.StringIO()
    line = IngestProgress(shown, live=False, every=0, quiet=0)

    def progress(stage: str, done: int, total: int) -> None:
        stages.append(stage)
        line(stage, done, total)

    result = run_ingest(store, [folder], source="works", progress=progress)
    stages.append(shown.getvalue())
    graph = vocab.source_graph("works")
    quads = {(q.subject, q.predicate, q.object) for q in store.quads(graph)}
    return quads, result.as_json(), stages


def test_stream_workers_land_what_one_process_lands(tmp_path: Path) -> None:
    """Three files: bad lines in one (quarantined per line), one read the ordinary way
    because a line is not UTF-8 (Latin-1 é)."""
    folder = tmp_path / "in"
    folder.mkdir()
    bad_lines = [b"{not json", json.dumps({"id": "https://openalex.org/W9", "title": ""}).encode()]
    _write_works(folder / "a.jsonl", 30, 1, bad_lines)
    _write_works(folder / "b.jsonl", 12, 2)
    latin = json.dumps(_work(99, random.Random(0))).replace("Wei", "W\\u00e9i").encode()
    _write_works(folder / "c.jsonl", 6, 3, [latin.replace(b"\\u00e9", b"\xe9")])
    one = _ingest(tmp_path / "one", folder, Settings(ingest_workers=1))
    many = _ingest(
        tmp_path / "many",
        folder,
        Settings(ingest_workers=2, parallel_min_bytes=0, ingest_batch=7),
    )
    assert "records" in many[2] and "records" not in one[2]  # the workers' path was taken
    assert "map" in one[2] and "/51 records" in one[2][-1]  # one process: progress while mapping
    assert "/51 records" in many[2][-1] and "records/s" in many[2][-1]  # progress said so
    assert many[0] == one[0]
    assert many[1] == one[1]
    assert many[1]["records"] == 30 + 12 + 7 and len(many[1]["quarantined"]) == 2
    subjects = [t for t in many[0] if t[1] == vocab.SUBJECT]
    assert subjects, "the workers tagged the works with the built-in technologies"


def test_stream_batches_cut_at_line_ends(tmp_path: Path) -> None:
    f = tmp_path / "w.jsonl"
    f.write_bytes(b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n\n{"c": 3}')
    got = list(batches(f, 2))
    assert got == [
        Batch(str(f), 0, 21, 1, 2),
        Batch(str(f), 21, 30, 3, 2),
    ]
    data = f.read_bytes()
    assert data[21:30] == b'\n{"c": 3}'
    assert is_jsonl(f)
    one = tmp_path / "one.json"
    one.write_text('{"id": "W1"}\n')
    assert not is_jsonl(one)
    arr = tmp_path / "arr.json"
    arr.write_text('[{"id": "W1"},\n{"id": "W2"}]\n')
    assert not is_jsonl(arr)


def test_stream_triples_round_trip_as_ntriples() -> None:
    """What a worker sends (N-Triples) parses back to the same terms, literals included."""
    s = ox.NamedNode("https://w3id.org/ikg/id/work/x/1")
    triples = [
        ox.Triple(s, vocab.TITLE, ox.Literal('a "quoted"\ttitle\n2', language="en")),
        ox.Triple(s, vocab.YEAR, ox.Literal("2020", datatype=vocab.XSD.integer)),
        ox.Triple(s, vocab.KEYWORD, ox.Literal("煤 气化 \u2028")),
    ]
    nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    back = [ox.Triple(*q.triple) for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    assert back == triples


def test_stream_silent_child_is_stopped_with_a_clear_error(tmp_path: Path, monkeypatch) -> None:
    """A forked child that never answers (as one would with a lock held at the fork) is
    killed once the bound passes, and the ingest fails naming the way out; the store is
    unchanged."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write_works(folder / "a.jsonl", 20, 1)
    parent = os.getpid()
    map_taken = stream.map_taken

    def hangs_in_the_child(*args, **kwargs):  # type: ignore[no-untyped-def]
        if os.getpid() != parent:
            threading.Event().wait()  # a child stuck for good
        return map_taken(*args, **kwargs)

    monkeypatch.setattr(stream, "map_taken", hangs_in_the_child)
    monkeypatch.setattr(stream, "CHILD_WAIT_MIN_S", 0.5)
    settings = Settings(ingest_workers=2, parallel_min_bytes=0, ingest_batch=2)
    store = OxigraphStore(tmp_path / "s", settings)
    result = run_ingest(store, [folder], source="works", stream_input=False)
    assert (
        result.error and "IKG_INGEST_WORKERS=1" in result.error and "sent nothing" in result.error
    )
    assert "works" not in store.sources()


def test_stream_no_fork_from_a_thread(tmp_path: Path) -> None:
    """Called from a thread (the app, the server), the ingest maps in its own process."""
    folder = tmp_path / "in"
    folder.mkdir()
    _write_works(folder / "a.jsonl", 20, 1)
    stages: list[str] = []
    store = OxigraphStore(tmp_path / "s", Settings(ingest_workers=2, parallel_min_bytes=0))

    def ingest() -> None:
        run_ingest(store, [folder], source="works", progress=lambda s, d, t: stages.append(s))

    thread = threading.Thread(target=ingest)
    thread.start()
    thread.join()
    assert "map" in stages and "records" not in stages
    assert stream.fork_safe()  # here, in the main thread, it would fork
