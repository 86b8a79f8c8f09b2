"""The whole samples (data/samples) ingested into REAL Fuseki and stock Virtuoso (its
ResultSetMaxRows of 10,000 left as Debian ships it), once per server, and every answer the CLI
gives compared with the embedded store's: ``ikg stats``, ``ikg experts`` (ranked lists),
``ikg chain industry|technology|weak-links`` on both sample chains and ``ikg brief``.

A server limit that would cut an answer is an error in the remote store (never a shorter list),
so a difference here is a real difference between the stores."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from conftest_servers import fuseki_url, virtuoso_url  # noqa: F401  (session fixtures)

from ingest.pipeline import run_ingest
from kg import vocab
from kg.briefing import assemble as briefing
from kg.settings import SAMPLES_DIR
from kg.store import open_store
from kg.store.oxigraph import OxigraphStore

pytestmark = pytest.mark.integration

CHAINS = ("biomass", "coal-chemical")
# bm: the root of the biomass technologies, whose narrower set Virtuoso once cut (its issue 127)
TECHS = ("bm-pre", "bm-pre-steam", "bm")
EXPERT_QUERIES = ("steam explosion pretreatment", "lignin", "煤气化", "enzymatic hydrolysis")


def _drop_all(st: Any) -> None:
    with st.writer() as w:
        for g in st.graphs() + [vocab.META_GRAPH]:
            w.update(f"DROP SILENT GRAPH {g}")


@pytest.fixture(params=["fuseki", "virtuoso"], scope="module")
def remote(request, tmp_path_factory, samples_store) -> Iterator[tuple[str, str, dict]]:
    """(server, --store spec, ingest result) with the samples ingested as on the embedded store."""
    url = request.getfixturevalue(f"{request.param}_url")
    spec = f"{request.param}+{url}"
    mp = pytest.MonkeyPatch()
    mp.chdir(tmp_path_factory.mktemp(f"samples-{request.param}"))  # ./.ikg: the local state
    st = open_store(spec)
    _drop_all(st)
    t0 = time.monotonic()
    result = run_ingest(st, [SAMPLES_DIR], source="samples")
    print(f"{request.param}: samples ingested in {time.monotonic() - t0:.1f} s")
    assert result.error is None, result.error
    yield request.param, spec, result.as_json()
    _drop_all(st)  # the server is shared with the other remote test modules
    mp.undo()


def _json(*args: str) -> dict:
    r = run_cli(*args)
    if r.code != 0:
        pytest.fail(f"ikg {' '.join(args)}: exit {r.code}\n{r.stderr}", pytrace=False)
    return r.json()


def _both(remote: tuple, emb: OxigraphStore, *args: str) -> tuple[dict, dict]:
    return _json(*args, "--json", "--store", remote[1]), _json(
        *args, "--json", "--store", str(emb.path)
    )


def _no_times(stats: dict) -> dict:
    return {
        **stats,
        "sources": {k: {**v, "ingested": None} for k, v in stats["sources"].items()},
    }


def test_remote_samples_stats_equal(remote, samples_store) -> None:
    server, _, result = remote
    got, want = _both(remote, samples_store, "stats")
    assert result["triples"] == want["sources"]["samples"]["triples"], server
    assert _no_times(got) == _no_times(want), server
    assert want["triples"] > 30_000  # more than one page of a stock Virtuoso answer


@pytest.mark.parametrize("query", EXPERT_QUERIES)
def test_remote_samples_experts_equal(remote, samples_store, query: str) -> None:
    got, want = _both(remote, samples_store, "experts", query, "--limit", "0")
    assert want["results"], query
    assert got["results"] == want["results"], remote[0]


def test_remote_samples_expert_filters_equal(remote, samples_store) -> None:
    args = ("experts", "biomass", "--limit", "20", "--region", "CHN", "--year-from", "2018")
    got, want = _both(remote, samples_store, *args)
    assert want["results"]
    assert got["results"] == want["results"], remote[0]


@pytest.mark.parametrize("chain", CHAINS)
def test_remote_samples_chain_weak_links_equal(remote, samples_store, chain) -> None:
    got, want = _both(remote, samples_store, "chain", "weak-links", chain, "--limit", "0")
    assert want["rows"]
    assert got == want, remote[0]


@pytest.mark.parametrize("chain", CHAINS)
def test_remote_samples_chain_industry_equal(remote, samples_store, chain) -> None:
    got, want = _both(remote, samples_store, "chain", "industry", chain)
    assert want["segments"]
    assert got == want, remote[0]


def _iris(data: Any) -> list[str]:
    """Every IRI an answer names, sorted (what is in it, whatever the order and labels)."""
    if isinstance(data, dict):
        return sorted(i for v in data.values() for i in _iris(v))
    if isinstance(data, list):
        return sorted(i for v in data for i in _iris(v))
    return [data] if isinstance(data, str) and data.startswith("https://w3id.org/ikg/") else []


@pytest.mark.parametrize(
    "args",
    [("chain", "industry", c) for c in CHAINS]
    + [("chain", "technology", t) for t in TECHS]
    + [("experts", q, "--limit", "0") for q in EXPERT_QUERIES[:2]],
    ids=lambda a: "-".join(a[:3]),
)
def test_remote_samples_same_iris(remote, samples_store, args) -> None:
    """Nothing missing, nothing extra: every node and link of the answer is there."""
    got, want = _both(remote, samples_store, *args)
    if args[0] == "experts":
        got, want = [r["iri"] for r in got["results"]], [r["iri"] for r in want["results"]]
    assert _iris(want)
    assert _iris(got) == _iris(want), remote[0]


@pytest.mark.parametrize("tech", TECHS)
def test_remote_samples_chain_technology_equal(remote, samples_store, tech) -> None:
    got, want = _both(remote, samples_store, "chain", "technology", tech)
    assert want["maturity"]["works"] > 0
    assert got == want, remote[0]


def _brief(data: dict) -> dict:
    """A briefing without what names the store or the moment it was made."""
    return {k: v for k, v in data.items() if k not in ("store_version", "generated")}


@pytest.mark.parametrize("name", ["bm-pre", "bm", "biomass"])
def test_remote_samples_brief_equal(remote, samples_store, tmp_path: Path, name: str) -> None:
    got = briefing.build(open_store(remote[1]), name, lang="en")
    want = briefing.build(samples_store, name, lang="en")
    assert want["sections"] and want["trace"]
    assert _brief(got) == _brief(want), remote[0]
    # one file name in two folders: the Markdown names its chart folder after the file
    for folder in ("r", "e"):
        (tmp_path / folder).mkdir()
    r = run_cli("brief", name, "-o", str(tmp_path / "r" / "b.md"), "--store", remote[1])
    assert r.code == 0, r.stderr
    text = (tmp_path / "r" / "b.md").read_text(encoding="utf-8")
    run_cli("brief", name, "-o", str(tmp_path / "e" / "b.md"), "--store", str(samples_store.path))
    assert _md(text) == _md((tmp_path / "e" / "b.md").read_text(encoding="utf-8"))


def _md(text: str) -> list[str]:
    """The Markdown briefing's lines, the one naming the time and store version cut there."""
    return [ln.split(" · Generated ")[0] for ln in text.splitlines()]


def test_remote_samples_reingest_same(remote, samples_store) -> None:
    """A re-ingest reads the server without the source's previous version (as the embedded
    store does), so it lands the same triples; it once alternated 35,094 / 35,123 on Fuseki."""
    server, spec, result = remote
    before = _no_times(_json("stats", "--json", "--store", spec))
    again = run_ingest(open_store(spec), [SAMPLES_DIR], source="samples")
    assert again.error is None and again.as_json() == result, server
    assert _no_times(_json("stats", "--json", "--store", spec)) == before, server
