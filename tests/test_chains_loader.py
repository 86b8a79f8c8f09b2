"""The chain CSV loader: recognition by header, row errors, warnings, cycles."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import Literal, Triple

from ingest.loaders.chains import ChainsLoader, classify, parse_share
from ingest.types import LoadContext, Record
from kg import vocab
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "chains"
LOADER = ChainsLoader()


def load_records(folder: Path, source: str = "mini") -> list[Record]:
    files = sorted(folder.glob("*.csv"))
    return list(LOADER.run(files, LoadContext(source=source, settings=Settings())))


def load_into(
    store: OxigraphStore, folder: Path, source: str = "mini", extra: list[Triple] | None = None
) -> list[Record]:
    """Load a chain folder the way the pipeline does: good records land, bad ones do not."""
    recs = load_records(folder, source)
    good = [t for r in recs if not r.errors for t in r.triples]
    with store.writer() as w:
        w.replace_source(source, good, records=sum(1 for r in recs if not r.errors))
        if extra:
            w.replace_source(source + "-extra", extra, records=1)
    return recs


@pytest.mark.timeout(60)
def test_chains_loader_sniffs_every_file_by_header() -> None:
    for f in sorted((DATA / "mini").glob("*.csv")):
        assert LOADER.sniff(f, f.read_bytes()[:4096]), f
        assert classify(f.read_text(encoding="utf-8").splitlines()[0].split(",")).kind == f.stem
    assert not LOADER.sniff(Path("x.csv"), b"title,year,doi\n")
    assert not LOADER.sniff(Path("x.csv"), b"institution_id,name,type\n")


def test_chains_loader_loads_mini_without_errors() -> None:
    recs = load_records(DATA / "mini")
    assert len(recs) == 1 + 3 + 5 + 3 + 9 + 14
    assert all(not r.errors for r in recs), [r.errors for r in recs if r.errors]
    triples = {t for r in recs for t in r.triples}
    ctx = LoadContext(source="mini", settings=Settings())
    chain, enzyme = ctx.mint("chain", "mini"), ctx.mint("item", "enzyme")
    assert Triple(chain, vocab.TYPE, vocab.INDUSTRY_CHAIN) in triples
    assert Triple(chain, vocab.PREF_LABEL, Literal("迷你产业链", language="zh")) in triples
    assert (
        Triple(enzyme, vocab.USES_TECHNOLOGY, vocab.mint("technology", "bm-pre-enzyme")) in triples
    )
    # the item without chain_id gets the only chain; segments get upstreamOf from order
    assert Triple(ctx.mint("item", "ethanol"), vocab.CHAIN_P, chain) in triples
    s1, s2 = ctx.mint("segment", "s1"), ctx.mint("segment", "s2")
    assert Triple(s1, vocab.UPSTREAM_OF, s2) in triples
    assert Triple(s1, vocab.UPSTREAM_OF, ctx.mint("segment", "s3")) not in triples
    # an empty share is a known provider with an unknown share: no shareValue
    shares = [r for r in recs if "item_id=feed" in r.locator]
    assert shares and all(
        not any(t.predicate == vocab.SHARE_VALUE for t in r.triples) for r in shares
    )
    zero = next(r for r in recs if "provider_id=p_d, item_id=reactor" in r.locator)
    assert any(t.predicate == vocab.SHARE_VALUE and t.object.value == "0" for t in zero.triples)


def test_chains_loader_quarantines_exactly_the_bad_rows() -> None:
    recs = load_records(DATA / "bad")
    bad = {(Path(r.file).name, r.locator.split(" (")[0]): r.errors for r in recs if r.errors}
    assert set(bad) == {
        ("items.csv", "line 5"),  # kind gizmo
        ("items.csv", "line 6"),  # dangling segment s9
        ("links.csv", "line 5"),  # dangling to_id ghost
        ("links.csv", "line 6"),  # unknown relation
        ("shares.csv", "line 2"),  # share 120
        ("shares.csv", "line 4"),  # share abc
        ("shares.csv", "line 5"),  # dangling item
        ("shares.csv", "line 6"),  # dangling provider
    }
    assert "shares.csv line 2" in bad[("shares.csv", "line 2")][0]
    assert "120" in bad[("shares.csv", "line 2")][0]
    assert "0 and 100" in bad[("shares.csv", "line 2")][0]
    assert "ghost" in bad[("links.csv", "line 5")][0]
    assert "nothing" in bad[("shares.csv", "line 5")][0]
    assert "p_nobody" in bad[("shares.csv", "line 6")][0]
    good = [r for r in recs if not r.errors]
    assert len(good) == len(recs) - 8


@pytest.mark.timeout(20)
def test_chains_loader_reports_cycle_and_keeps_links() -> None:
    recs = load_records(DATA / "bad")
    cyc = [r for r in recs if Path(r.file).name == "links.csv" and r.warnings]
    assert [r.locator.split(" (")[0] for r in cyc] == ["line 2", "line 3", "line 4"]
    msg = cyc[0].warnings[0]
    assert "cycle in input_of" in msg and "a -> b -> c -> a" in msg
    assert "links.csv line 2" in msg and "links.csv line 4" in msg
    assert all(not r.errors and r.triples for r in cyc)


def test_chains_loader_warns_when_shares_sum_past_105() -> None:
    recs = load_records(DATA / "bad")
    warned = [r for r in recs if any("sum to 110%" in w for w in r.warnings)]
    assert len(warned) == 2 and all(not r.errors for r in warned)


def test_chains_loader_missing_column_quarantines_every_row(tmp_path: Path) -> None:
    recs = load_records(DATA / "missing_col")
    shares = [r for r in recs if Path(r.file).name == "shares.csv"]
    assert len(shares) == 2
    assert all("no column share" in r.errors[0] and "line" in r.errors[0] for r in shares)
    assert all(not r.errors for r in recs if r not in shares)


def test_chains_loader_reads_gbk_bom_and_reordered_columns() -> None:
    recs = load_records(DATA / "encodings")
    assert recs and all(not r.errors for r in recs)
    labels = {t.object.value for r in recs for t in r.triples if t.predicate == vocab.PREF_LABEL}
    assert "迷你产业链" in labels  # GB18030 chains.csv
    assert "Feedstock" in labels  # BOM segments.csv
    kinds = {t.object.value for r in recs for t in r.triples if t.predicate == vocab.PROVIDER_KIND}
    assert kinds == {"organization", "country"}  # reordered providers.csv


def test_chains_loader_cycle_in_large_graph_terminates(tmp_path: Path) -> None:
    folder = tmp_path / "big"
    shutil.copytree(DATA / "mini", folder)
    n = 3000
    (folder / "items.csv").write_text(
        "item_id,chain_id,name,kind\n" + "".join(f"i{k},mini,Item {k},product\n" for k in range(n)),
        encoding="utf-8",
    )
    (folder / "links.csv").write_text(
        "from_id,relation,to_id\n" + "".join(f"i{k},input_of,i{(k + 1) % n}\n" for k in range(n)),
        encoding="utf-8",
    )
    (folder / "shares.csv").write_text("provider_id,item_id,share,year,source\n", encoding="utf-8")
    recs = load_records(folder)
    links = [r for r in recs if Path(r.file).name == "links.csv"]
    assert len(links) == n and all(r.warnings and not r.errors for r in links)


def test_chains_loader_parse_share() -> None:
    assert parse_share("") is None
    assert str(parse_share("35.5")) == "35.5"
    assert str(parse_share("100")) == "100"
    assert str(parse_share("0")) == "0"
    for bad in ("120", "-1", "abc", "nan"):
        with pytest.raises(ValueError):
            parse_share(bad)


def test_chains_loader_unknown_technology_is_a_row_error(tmp_path: Path) -> None:
    folder = tmp_path / "t"
    shutil.copytree(DATA / "mini", folder)
    text = (folder / "items.csv").read_text(encoding="utf-8")
    (folder / "items.csv").write_text(text.replace("bm-pre-steam", "warp drive"), encoding="utf-8")
    recs = load_records(folder)
    feed = next(r for r in recs if "item_id=feed" in r.locator)
    assert (
        "items.csv line 2" in feed.errors[0] and "'warp drive' is no technology" in feed.errors[0]
    )
    enzyme = next(r for r in recs if "item_id=enzyme" in r.locator)
    assert not enzyme.errors  # a label of the built-in scheme still resolves without a store
