"""The resolver's compact summary (ingest/resolve/summary.py) and the clusterer's pair
generator (ingest/resolve/cluster.py) keep what a plain dict/set version gives: each triple
once in first-seen order across compactions and rewrites, the first owner of each subject,
each candidate pair once in the first block that holds it."""

from __future__ import annotations

import itertools
from pathlib import Path

import pyoxigraph as ox
import pytest

from ingest.resolve import cluster, summary
from ingest.resolve.model import Mention
from ingest.resolve.summary import Decisions, Owners, Summary, apply
from ingest.types import Record
from kg import vocab

P = [vocab.NAME, vocab.CREATOR, vocab.MEMBER_OF, vocab.TYPE]


def _records(n: int) -> list[Record]:
    """n records; record k names person k % 7 as creator of work k and gives it a name, so
    the same triples come back across batches."""
    out = []
    for k in range(n):
        rec = Record(file="f", locator=f"line {k + 1}")
        person = ox.NamedNode(f"https://e.org/p{k % 7}")
        work = ox.NamedNode(f"https://e.org/w{k}")
        rec.add(work, vocab.CREATOR, person)
        rec.add(person, vocab.TYPE, vocab.EXPERT)
        rec.add(person, vocab.NAME, ox.Literal(f"Person {k % 7}"))
        rec.add(work, vocab.TITLE, ox.Literal("not kept"))
        rec.subjects = {work, person}
        out.append(rec)
    return out


def _plain(records: list[Record]) -> list[ox.Triple]:
    """What the summary keeps, with a dict: kept predicates, each triple once, in order."""
    keep = {}
    for r in records:
        for t in r.triples:
            if t.predicate in summary.KEPT_PREDS and (
                t.predicate != vocab.TYPE or t.object in summary.KIND_TYPES
            ):
                keep[t] = None
    return list(keep)


def test_resolve_summary_keeps_first_seen_order_across_compactions(monkeypatch) -> None:
    monkeypatch.setattr(summary, "COMPACT_AT", 5)  # a compaction every batch or two
    records = _records(40)
    s = Summary()
    for at in range(0, 40, 3):
        s.add(records[at : at + 3], at)
    assert list(s.triples()) == _plain(records)
    assert len(s) == len(_plain(records))
    assert [ox.Triple(*spo) for spo in s.spo()] == _plain(records)
    terms = {id(x) for x in s.terms}
    assert all(id(x) in terms for spo in s.spo() for x in (spo[0], spo[2]))  # no new objects


@pytest.mark.parametrize("chunk", [4, summary.REWRITE_CHUNK])
def test_resolve_summary_rewrite_merges_and_dedups_in_order(monkeypatch, chunk) -> None:
    monkeypatch.setattr(summary, "REWRITE_CHUNK", chunk)  # 4: the keys rewritten in chunks
    records = _records(14)
    s = Summary()
    s.add(records)
    p0, p1 = ox.NamedNode("https://e.org/p0"), ox.NamedNode("https://e.org/p1")
    s.rewrite({p1: p0})
    want = {}
    for t in _plain(records):
        sub = p0 if t.subject == p1 else t.subject
        obj = p0 if t.object == p1 else t.object
        want[ox.Triple(sub, t.predicate, obj)] = None
    assert list(s.triples()) == list(want)
    assert ox.Triple(p1, vocab.TYPE, vocab.EXPERT) not in set(s.triples())


def test_resolve_summary_after_a_rewrite_known_keys_are_not_added_again(monkeypatch) -> None:
    """The keys in order of value are rebuilt by a rewrite: records added after it add only
    the triples not kept yet, after the kept ones."""
    monkeypatch.setattr(summary, "COMPACT_AT", 2)
    records = _records(30)
    s = Summary()
    s.add(records[:14])
    p0, p1 = ox.NamedNode("https://e.org/p0"), ox.NamedNode("https://e.org/p1")
    s.rewrite({p1: p0})
    before = list(s.triples())
    s.add(records[14:], 14)
    s.add(records[14:], 14)  # every one of these is kept already
    after = list(s.triples())
    assert after[: len(before)] == before
    new = [t for t in _plain(records[14:]) if t not in set(before)]
    assert after[len(before) :] == new


def test_resolve_summary_owners_keep_the_first_record(tmp_path: Path) -> None:
    owners = Owners(tmp_path)
    owners.add([("a", 3), ("b", 4)])
    owners.add([("a", 9), ("c", 10)])
    assert owners.first(["a", "b", "c", "d"]) == {"a": 3, "b": 4, "c": 10}
    owners.close()
    assert (tmp_path / "owners.sqlite").exists()


def test_resolve_summary_same_as_goes_to_the_first_owner_of_the_merged_nodes() -> None:
    """p1 merged into p0: the sameAs triple goes to the first record owning p0 or p1
    (record 0 owns p0); p3 merged into p2 goes to record 2."""
    s = Summary()
    s.add(_records(7))
    p = [ox.NamedNode(f"https://e.org/p{k}") for k in range(4)]
    d = Decisions()
    d.add_pass(s, {p[1]: p[0], p[3]: p[2]})
    assert d.passes[0].same_as == {
        0: [ox.Triple(p[0], vocab.OWL.sameAs, p[1])],
        2: [ox.Triple(p[2], vocab.OWL.sameAs, p[3])],
    }


def _pairs_with_a_set(nodes: list) -> list[tuple[int, int]]:
    """The pair generator as a set of the pairs seen (what ``_pairs`` must equal)."""
    blocks: dict = {}
    for i, n in enumerate(nodes):
        for k in set(cluster._blocking_keys(n, None)):
            blocks.setdefault(k, []).append(i)
    seen: set = set()
    out = []
    for members in blocks.values():
        if 2 <= len(members) <= cluster.BLOCK_CAP:
            for pair in itertools.combinations(members, 2):
                if pair not in seen:
                    seen.add(pair)
                    out.append(pair)
    return out


@pytest.mark.parametrize("cap", [3, cluster.BLOCK_CAP])
def test_resolve_cluster_pairs_each_once_in_the_first_shared_block(monkeypatch, cap) -> None:
    monkeypatch.setattr(cluster, "BLOCK_CAP", cap)
    names = ["Wei Zhang", "Zhang Wei", "W. Zhang", "Wei Zhang", "Hong Liu", "H. Liu", "Wei Zhao"]
    affs = ["Tsinghua University", "Tsinghua University", "", "Peking University", "", "", ""]
    mentions = [
        Mention(f"m{k}", n, affiliation=affs[k], country="CN" if k % 2 else "")
        for k, n in enumerate(names)
    ]
    nodes, _ = cluster._nodes(mentions, "person")
    got = list(cluster._pairs(nodes))
    assert got == _pairs_with_a_set(nodes)
    assert len(got) == len(set(got)) > 3


def test_resolve_cluster_parts_hold_every_pair_and_every_cluster_whole() -> None:
    """The clusterer works a part at a time: every candidate pair and every cluster formed
    before scoring (one group's names) lies inside one part, and names that share no block
    and no group are in different parts."""
    names = ["Wei Zhang", "W. Zhang", "Hong Liu", "H. Liu", "Anna Berg", "A. Berg", "Wei Zhang"]
    groups = ["g1", "", "g1", "", "g2", "", ""]  # g1 ties Wei Zhang to Hong Liu
    mentions = [Mention(f"m{k}", n, group=groups[k]) for k, n in enumerate(names)]
    nodes, _ = cluster._nodes(mentions, "person")
    uf = cluster._Clusters(nodes, set())
    uf.union(uf.find(0), uf.find(2))
    parts = cluster._parts(len(nodes), uf, cluster._blocks(nodes))
    part_of = {i: n for n, part in enumerate(parts) for _, members in part for i in members}
    for i, j in cluster._pairs(nodes):
        assert part_of[i] == part_of[j]
    assert part_of[0] == part_of[2] == part_of[1] == part_of[3]  # the group joins two names
    assert part_of[4] == part_of[5] != part_of[0]
    blocks = [b for part in parts for b, _ in part]
    assert sorted(blocks) == list(range(len(cluster._blocks(nodes))))  # each block once
    assert all([b for b, _ in part] == sorted(b for b, _ in part) for part in parts)


def test_resolve_summary_names_count_each_record_once() -> None:
    """A display name is counted once per record that states it, with its language."""
    p = ox.NamedNode("https://e.org/p0")
    recs = []
    for k, name in enumerate(["Wei Zhang", "Wei Zhang", "W. Zhang"]):
        rec = Record(file="f", locator=f"line {k + 1}")
        rec.add(p, vocab.NAME, ox.Literal(name, language="en"))
        rec.add(p, vocab.NAME, ox.Literal(name, language="en"))  # twice in one record
        recs.append(rec)
    s = Summary()
    s.add(recs[:2])
    s.add(recs[2:], 2)
    assert dict(s.names()) == {
        (p.value, vocab.NAME.value, "en", "Wei Zhang"): 2,
        (p.value, vocab.NAME.value, "en", "W. Zhang"): 1,
    }


def test_resolve_summary_settled_decisions_rewrite_records_the_same() -> None:
    """``settle`` drops the passes once the sameAs triples are placed: ``apply`` lands the
    same triples with settled decisions as with the passes."""
    s = Summary()
    s.add(_records(7))
    p = [ox.NamedNode(f"https://e.org/p{k}") for k in range(4)]
    d = Decisions()
    d.add_pass(s, {p[1]: p[0]})
    d.add_pass(s, {p[0]: p[2], p[3]: p[2]})  # a later pass renames the first's target
    plain, settled = _records(7), _records(7)
    apply(d, plain)
    d.settle()
    assert d.passes == []
    apply(d, settled)
    assert [r.triples for r in settled] == [r.triples for r in plain]
    assert ox.Triple(p[2], vocab.OWL.sameAs, p[1]) in plain[0].triples
