"""`ikg resolve` and `ikg eval resolve` on real stores in tmp dirs; ids and conflicts."""

from __future__ import annotations

import json

import pyoxigraph as ox
from typer.testing import CliRunner

from ingest.resolve.cluster import Mention, resolve
from kg import vocab
from kg.cli.main import app
from kg.store.oxigraph import OxigraphStore

THU = vocab.mint("institution", "t", "thu")
LIWEI = vocab.mint("expert", "t", "liwei")


def make_store(path) -> OxigraphStore:
    st = OxigraphStore(path)
    T = ox.Triple
    zh = lambda s: ox.Literal(s, language="zh")  # noqa: E731
    en = lambda s: ox.Literal(s, language="en")  # noqa: E731
    triples = [
        T(THU, vocab.TYPE, vocab.UNIVERSITY),
        T(THU, vocab.PREF_LABEL, en("Tsinghua University")),
        T(THU, vocab.PREF_LABEL, zh("清华大学")),
        T(THU, vocab.ALT_LABEL, en("THU")),
        T(LIWEI, vocab.TYPE, vocab.EXPERT),
        T(LIWEI, vocab.NAME, en("Wei Li")),
        T(LIWEI, vocab.NAME, zh("李伟")),
        T(LIWEI, vocab.MEMBER_OF, THU),
    ]
    with st.writer() as w:
        w.replace_source("t", triples, records=2)
    return st


def run(args, stdin=None):
    return CliRunner().invoke(app, args, input=stdin, catch_exceptions=False)


def test_resolve_cli_plain_lines_shape(tmp_path) -> None:
    f = tmp_path / "m.txt"
    f.write_text("Wei Li\nLi Wei\n\nCAS\n", encoding="utf-8")
    r = run(["resolve", "--kind", "person", str(f)])
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in rows] == ["1", "2", "4"]
    assert all(set(x) == {"id", "name", "entity", "canonical"} for x in rows)
    assert rows[0]["entity"] == rows[1]["entity"]


def test_resolve_cli_bad_jsonl_lines_echoed_with_error(tmp_path) -> None:
    f = tmp_path / "m.jsonl"
    f.write_text(
        '{"id":"a","name":"CAS"}\n{oops\n{"id":"c"}\n'
        '{"id":"d","name":"Chinese Academy of Sciences"}\n',
        encoding="utf-8",
    )
    r = run(["resolve", "--kind", "institution", str(f)])
    assert r.exit_code == 1
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in rows] == ["a", "2", "c", "d"]
    assert rows[1]["entity"] is None and "line 2" in rows[1]["error"]
    assert rows[2]["entity"] is None and "name" in rows[2]["error"]
    assert rows[0]["entity"] == rows[3]["entity"]
    assert "line 2" in r.stderr


def test_resolve_cli_links_to_store_and_queues_review(tmp_path) -> None:
    st = make_store(tmp_path / "store")
    lines = [
        {"id": "1", "name": "李伟", "context": "清华大学"},
        {"id": "2", "name": "Li, W.", "affiliation": "Tsinghua Univ."},
        {"id": "3", "name": "W. Li"},
    ]
    stdin = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines)
    r = run(["resolve", "--kind", "person", "-", "--store", str(st.path), "--review"], stdin)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert rows[0]["entity"] == rows[1]["entity"] == LIWEI.value
    assert rows[0]["canonical"] in ("Wei Li", "李伟")
    assert rows[2]["entity"] != LIWEI.value  # initial only, no context: review, not merged
    lst = run(["review", "list", "--json", "--store", str(st.path)])
    items = json.loads(lst.stdout)["items"]
    assert any(LIWEI.value in (i["a"], i["b"]) for i in items)


def test_resolve_cli_institutions_through_graph_labels(tmp_path) -> None:
    st = make_store(tmp_path / "store")
    stdin = "清华大学化学系\nDept. of Chemistry, Tsinghua University, Beijing 100084, China\nTHU\n"
    r = run(["resolve", "--kind", "institution", "-", "--store", str(st.path)], stdin)
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert {x["entity"] for x in rows} == {THU.value}
    assert {x["canonical"] for x in rows} == {"Tsinghua University"}


def test_resolve_ids_orcid_conflict_never_merges() -> None:
    ms = [
        Mention("1", "Wei Li", affiliation="Tsinghua University", orcid="0000-0002-1111-0001"),
        Mention("2", "Wei Li", affiliation="Tsinghua University", orcid="0000-0003-2222-0002"),
        Mention("3", "Li, W.", orcid="0000-0002-1111-0001"),
    ]
    res = resolve(ms, "person")
    a = {k: v[0] for k, v in res.assignments.items()}
    assert a["1"] != a["2"] and a["1"] == a["3"]


def test_resolve_ids_ror_is_certain() -> None:
    ms = [
        Mention("1", "Foo Lab", ror="https://ror.org/03cve4549"),
        Mention("2", "Tsinghua University", ror="03cve4549"),
    ]
    res = resolve(ms, "institution")
    assert res.assignments["1"][0] == res.assignments["2"][0]


def test_resolve_cli_eval_prints_bcubed() -> None:
    r = run(["eval", "resolve", "--json"])
    data = json.loads(r.stdout)
    assert set(data["kinds"]) == {"person", "institution"}
    for k in data["kinds"].values():
        assert set(k["bcubed"]) == {"precision", "recall", "f1"}
        assert k["bcubed"]["f1"] > 0.9
    assert "B-cubed" in run(["eval", "resolve"]).stdout
