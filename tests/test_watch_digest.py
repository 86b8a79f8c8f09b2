"""Watch lists on the samples: digests list exactly what arrived, survive re-opening and
re-ingest, never repeat an item; Atom feeds parse; the server serves /feeds/NAME.atom."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg import watch
from kg.experts.index import get_index
from kg.experts.rank import RankSettings, parse_query, work_relevance
from kg.server import app as server
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

HEADER = "work_id,type,title,title_zh,abstract,year,authors,institutions,technologies,keywords,doi,venue\n"
NEW = (
    "nw-1,paper,Consolidated bioprocessing of corn stover to cellulosic ethanol,,"
    "A new route.,2026,,,bm-fuel-cellet,cellulosic ethanol,,\n"
    "nw-2,paper,Second-generation ethanol from straw with recycled cellulase,,"
    "Lignocellulosic ethanol at pilot scale.,2026,,,,second-generation ethanol,,\n"
    "nw-3,paper,Coal gasification slag in cement,,Unrelated.,2026,,,,,,\n"
)


@pytest.fixture
def wstore(samples_store: OxigraphStore, tmp_path: Path) -> OxigraphStore:
    dest = tmp_path / "store"
    shutil.copytree(samples_store.path, dest, ignore=shutil.ignore_patterns("ikg.lock"))
    return OxigraphStore(dest, Settings())


def _ingest(st: OxigraphStore, folder: Path, source: str) -> None:

    res = run_ingest(st, [folder], source=source)
    assert res.error is None, res.error


def test_watch_digest_lists_exactly_new_records(wstore: OxigraphStore, tmp_path: Path, cli) -> None:
    watch.add(wstore, "fuels", "biofuels")  # remembers what matches now
    first = watch.digest(wstore)
    assert first["watches"][0]["items"] == []
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "works.csv").write_text(HEADER + NEW, encoding="utf-8")
    _ingest(wstore, folder, "news")
    reopened = OxigraphStore(wstore.path, Settings())  # a restart
    got = watch.digest(reopened)["watches"][0]["items"]
    iris = {i["iri"] for i in got}
    assert iris == {
        "https://w3id.org/ikg/id/work/news/nw-1",
        "https://w3id.org/ikg/id/work/news/nw-2",
    }  # "biofuels" catches cellulosic / second-generation ethanol through the taxonomy
    assert all(i["source"] == "news" and i["ingested"] for i in got)
    assert watch.digest(reopened)["watches"][0]["items"] == []  # nothing new: nothing listed
    _ingest(reopened, folder, "news")  # a re-ingest brings the same IRIs again
    assert watch.digest(reopened)["watches"][0]["items"] == []
    r = cli("watch", "list", "--json", "--store", str(wstore.path))
    assert r.code == 0 and r.json()["watches"][0]["name"] == "fuels"
    since = cli("watch", "digest", "--since", "2000-01-01", "--json", "--store", str(wstore.path))
    assert len(since.json()["watches"][0]["items"]) > 2  # a look-back, remembers nothing


def test_watch_digest_atom_parses(wstore: OxigraphStore, tmp_path: Path, cli) -> None:
    import feedparser

    store = str(wstore.path)
    assert (
        cli(
            "watch", "add", "dem", "纤维素乙醇", "--type", "demand", "--backfill", "--store", store
        ).code
        == 0
    )
    assert (
        cli(
            "watch",
            "add",
            "ex",
            "cellulosic ethanol",
            "--type",
            "expert",
            "--backfill",
            "--store",
            store,
        ).code
        == 0
    )
    r = cli("watch", "digest", "--atom", str(tmp_path / "d.atom"), "--json", "--store", store)
    assert r.code == 0, r.stderr
    data = r.json()
    n_items = len({i["iri"] for d in data["watches"] for i in d["items"]})
    assert n_items > 0
    feed = feedparser.parse(str(tmp_path / "d.atom"))
    assert not feed.bozo, feed.get("bozo_exception")
    assert len(feed.entries) == n_items
    assert {e.id for e in feed.entries} == {i["iri"] for d in data["watches"] for i in d["items"]}
    live = feedparser.parse(watch.feed(wstore, "dem", base="http://x"))
    assert not live.bozo and live.entries
    assert cli("watch", "remove", "dem", "--store", store).code == 0
    assert cli("watch", "remove", "dem", "--store", store).code == 2


def test_watch_digest_server_feed(wstore: OxigraphStore) -> None:
    import feedparser
    from starlette.testclient import TestClient

    watch.add(wstore, "pre", "pretreatment", backfill=True)
    with TestClient(server.create_app(wstore, workers=1)) as client:
        r = client.get("/feeds/pre.atom")
        assert r.status_code == 200 and "atom" in r.headers["content-type"]
        feed = feedparser.parse(r.content)
        assert not feed.bozo and feed.entries
        assert client.get("/feeds/nope.atom").status_code == 404
        assert client.get("/feeds/").json()["watches"][0]["name"] == "pre"


ABSTRACT = (
    "Cellulosic ethanol from agricultural residues such as corn stover and wheat straw: "
    "the lignocellulose is pretreated, hydrolysed by cellulase enzymes to fermentable sugars "
    "and fermented by yeast to ethanol, with enzyme recycling to lower the cost of "
    "second-generation biofuel production at pilot and demonstration scale."
)


def test_watch_text_query_matches_works_by_the_experts_text_ranking(
    wstore: OxigraphStore, tmp_path: Path
) -> None:
    """An abstract-length watch is matched as a whole text, with the relevance `ikg experts`
    ranks by (standard deviations above the store's typical work, not the keyword scale in
    [0, 1]): the two ethanol works are reported with that score, the coal-slag one is not."""
    watch.add(wstore, "abstract", ABSTRACT)
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "works.csv").write_text(HEADER + NEW, encoding="utf-8")
    _ingest(wstore, folder, "news")
    ix = get_index(wstore)
    s = RankSettings()
    q = parse_query(ix, ABSTRACT, s)
    assert q.mode == "text"
    rel = work_relevance(ix, q, s)
    got = {i["iri"]: i["score"] for i in watch.digest(wstore)["watches"][0]["items"]}
    base = "https://w3id.org/ikg/id/work/news/"
    assert set(got) == {base + "nw-1", base + "nw-2"}
    for iri, score in got.items():
        assert score == round(float(rel[ix.work_pos(iri)]), 6)
        assert score >= watch.MIN_TEXT_RELEVANCE
