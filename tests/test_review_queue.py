"""The review queue on a real store: list, accept (owl:sameAs in the review graph), reject."""

from __future__ import annotations

import json

import pyoxigraph as ox
from typer.testing import CliRunner

from kg import vocab
from kg.cli.main import app
from kg.review import ReviewQueue
from kg.store.oxigraph import OxigraphStore

A = vocab.mint("expert", "s", "a").value
B = vocab.mint("expert", "s", "b").value
C = vocab.mint("expert", "s", "c").value


def cand(a, b, score=0.7):
    return {
        "kind": "person",
        "a": a,
        "b": b,
        "a_name": "W. Li",
        "b_name": "Wei Li",
        "score": score,
        "reasons": ["initial matches given name"],
        "mentions": [],
    }


def test_review_queue_accept_writes_same_as(tmp_path) -> None:
    st = OxigraphStore(tmp_path / "store")
    q = ReviewQueue(st)
    assert q.add([cand(A, B), cand(A, C, 0.65)]) == 2
    r = CliRunner().invoke(app, ["review", "list", "--json", "--store", str(st.path)])
    items = json.loads(r.stdout)["items"]
    assert [i["b"] for i in items] == [B, C]
    r = CliRunner().invoke(app, ["review", "accept", items[0]["id"], "--store", str(st.path)])
    assert r.exit_code == 0, r.output
    graph = vocab.source_graph("review")
    quads = list(st.reader().quads_for_pattern(ox.NamedNode(A), vocab.OWL.sameAs, None, graph))
    assert [q.object.value for q in quads] == [B]
    assert st.sources()["review"].records == 1
    assert [i["b"] for i in q.items()] == [C]


def test_review_queue_reject_never_proposed_again(tmp_path) -> None:
    st = OxigraphStore(tmp_path / "store")
    q = ReviewQueue(st)
    q.add([cand(A, B)])
    (item,) = q.items()
    r = CliRunner().invoke(app, ["review", "reject", item["id"], "--store", str(st.path)])
    assert r.exit_code == 0
    assert q.add([cand(B, A)]) == 0  # either order
    assert q.items() == [] and q.is_rejected(A, B)
    assert "review" not in st.sources()


def test_review_queue_unknown_id_is_clear_error(tmp_path) -> None:
    import subprocess
    import sys
    from pathlib import Path

    st = tmp_path / "store"
    ikg = str(Path(sys.executable).parent / "ikg")
    p = subprocess.run(
        [ikg, "review", "accept", "nope", "--store", str(st)], capture_output=True, text=True
    )
    assert p.returncode == 2
    assert "no review item 'nope'" in p.stderr and "Traceback" not in p.stderr
