"""ikg topics: candidate technology topics from a small semiconductor corpus (tests/data/topics:
eight papers and two patents with English and Chinese titles, a three-concept user scheme), and accepting them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from ingest.pipeline import run_ingest
from kg import vocab
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore
from kg.topics.phrases import PhraseFinder, en_key, lang_of
from kg.topics.service import find_topics

DATA = Path(__file__).parent / "data" / "topics"
SEMI = "https://w3id.org/ikg/id/technology/semi"
FILM = "https://w3id.org/ikg/id/technology/semi-film"


@pytest.fixture(scope="module")
def topics_store(tmp_path_factory) -> OxigraphStore:
    st = OxigraphStore(tmp_path_factory.mktemp("topics") / "store", Settings())
    result = run_ingest(st, [DATA], source="topicsdata")
    assert result.error is None and not result.quarantined, result
    return st


@pytest.fixture
def writable(topics_store, tmp_path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(topics_store.path, copy, ignore=shutil.ignore_patterns("ikg.lock"))
    return copy


def _by_label(result: dict, text: str) -> dict:
    hits = [c for c in result["candidates"] if text in [lbl["text"] for lbl in c["labels"]]]
    assert len(hits) == 1, [c["labels"] for c in result["candidates"]]
    return hits[0]


def test_topics_phrases_en_key_and_language():
    assert en_key("Kinetic models") == en_key("kinetic model") == "kinetic model"
    assert en_key("Atomic-layer depositions") == "atomic layer deposition"
    assert lang_of("原子层沉积的前驱体化学") == "zh"
    # an English abstract that quotes a Chinese name is English
    assert lang_of("It relates to steam explosion pretreatment (蒸汽爆破预处理).") == "en"


def test_topics_phrases_noun_phrases_and_chinese_runs():
    f = PhraseFinder()
    [en] = f.english(["Plasma-enhanced atomic layer deposition gives dense barriers."])
    keys = {p.key for p in en}
    assert "atomic layer deposition" in keys and "dense barrier" in keys
    assert not any(k.startswith("give") for k in keys)  # verbs are not phrases
    zh = {p.text for p in f.chinese("氧化铪栅介质的原子层沉积")}
    assert "原子层沉积" in zh and not any("的" in z for z in zh)


def test_topics_candidates_with_works_years_and_broader(topics_store):
    result = find_topics(topics_store).as_json()
    assert result["works"] == 10 and result["min_works"] == 2
    ald = _by_label(result, "atomic layer deposition")
    assert ald["work_count"] == 3 and ald["years"] == {"2019": 1, "2021": 2}
    assert ald["label"] == "atomic layer deposition" and ald["label_zh"] == "原子层沉积"
    assert {w["iri"].rsplit("/", 1)[-1] for w in ald["works"]} == {"W1", "W2", "W3"}
    assert ald["broader"]["iri"] == FILM and ald["broader"]["via"] == "works"
    cmp_ = _by_label(result, "chemical mechanical polishing")
    assert cmp_["work_count"] == 4 and cmp_["years"] == {"2018": 1, "2020": 1, "2022": 1, "2023": 1}
    # the two patents' IPC subclass, and the built-in IPC concept of it
    assert cmp_["ipc"]["code"] == "B24B" and cmp_["ipc"]["works"] == 2
    assert cmp_["ipc"]["iri"] and cmp_["ipc"]["iri"].endswith("B24B")
    # broader: two papers are about semi, two patents link to B24B (a tie, broken by IRI)
    assert cmp_["broader"]["via"] == "works" and cmp_["broader"]["score"] == 0.5
    assert cmp_["broader"]["iri"] in (SEMI, cmp_["ipc"]["iri"])
    # existing technologies (labels of the user scheme) are not proposed
    labels = {lbl["text"].lower() for c in result["candidates"] for lbl in c["labels"]}
    assert not labels & {
        "lithography",
        "thin film deposition",
        "光刻",
        "semiconductor manufacturing",
    }


def test_topics_chinese_only(topics_store):
    result = find_topics(topics_store, lang="zh").as_json()
    assert result["lang"] == "zh"
    texts = {lbl["text"] for c in result["candidates"] for lbl in c["labels"]}
    assert {"原子层沉积", "化学机械抛光"} <= texts
    assert all(lbl["lang"] == "zh" for c in result["candidates"] for lbl in c["labels"])


def test_topics_min_works_and_limit(topics_store):
    three = find_topics(topics_store, min_works=3).candidates
    assert three and all(len(c.works) >= 3 for c in three)
    one = find_topics(topics_store, limit=1).candidates
    assert len(one) == 1
    # ids are stable: the one listed under --limit 1 is listed under --limit 0 (all) too
    assert one[0].id in {c.id for c in find_topics(topics_store, limit=0).candidates}


def test_topics_cli_json_shape(cli, topics_store):
    r = cli("topics", "--store", topics_store.path, "--json")
    assert r.code == 0, r.stderr
    data = r.json()
    assert set(data) == {"lang", "min_works", "works", "candidates"}
    c = data["candidates"][0]
    assert set(c) == {
        "id", "label", "label_zh", "labels", "score", "work_count", "years", "works", "broader",
        "ipc",
    }  # fmt: skip
    assert set(c["labels"][0]) == {"text", "lang", "works"}
    assert set(c["works"][0]) == {"iri", "title", "type", "year"}
    assert set(c["broader"]) == {"iri", "label", "score", "via"}
    plain = cli("topics", "--store", topics_store.path)
    assert plain.code == 0 and c["id"] in plain.stdout


def test_topics_accept_makes_a_technology(cli, writable):
    ald = _by_label(cli("topics", "--store", writable, "--json").json(), "atomic layer deposition")
    r = cli("topics", "accept", ald["id"], "--store", writable, "--scheme", "semi", "--json")
    assert r.code == 0, r.stderr
    iri = r.json()["concepts"][ald["id"]]
    assert r.json()["source"] == "topics-semi" and not r.json()["quarantined"]
    st = OxigraphStore(writable, Settings())
    node = NamedNode(iri)
    assert st.ask("ASK WHERE { ?t a ?c ; ?b ?up }", {"t": node, "c": vocab.TECHNOLOGY, "b": vocab.BROADER, "up": NamedNode(FILM)})  # fmt: skip
    # not proposed again
    again = cli("topics", "--store", writable, "--json").json()
    assert ald["id"] not in {c["id"] for c in again["candidates"]}
    # expert evidence names it as the works' subject; the gazetteer tags it in new text
    ex = cli("experts", "atomic layer deposition", "--store", writable, "--json").json()
    matched = [m for e in ex["results"][0]["evidence"] for m in e.get("matched", [])]
    assert "subject: atomic layer deposition" in matched
    ents = cli("extract", "--text", "We grew films by atomic layer deposition.", "--store", writable, "--json")  # fmt: skip
    assert iri in {e["iri"] for e in ents.json()["entities"]}
    # a second accept adds to the scheme (the first concept stays)
    cmp_ = _by_label(again, "chemical mechanical polishing")
    r2 = cli("topics", "accept", cmp_["id"], "--store", writable, "--scheme", "semi")
    assert r2.code == 0, r2.stderr
    st = OxigraphStore(writable, Settings())
    techs = st.select(
        "SELECT ?t WHERE { ?t ?in ?s }",
        {"in": vocab.IN_SCHEME, "s": vocab.mint("scheme", "topics", "semi")},
    )
    assert len(techs) == 2


def test_topics_accept_label_and_broader(cli, writable):
    ald = _by_label(cli("topics", "--store", writable, "--json").json(), "atomic layer deposition")
    r = cli("topics", "accept", ald["id"], "--label", "ALD", "--broader", SEMI, "--store", writable, "--json")  # fmt: skip
    assert r.code == 0, r.stderr
    node = NamedNode(r.json()["concepts"][ald["id"]])
    st = OxigraphStore(writable, Settings())
    rows = st.select(
        "SELECT ?p ?o WHERE { ?t ?p ?o }",
        {"t": node},
    )
    got = {(row["p"].value, row["o"].value) for row in rows}
    assert (vocab.PREF_LABEL.value, "ALD") in got
    assert (vocab.ALT_LABEL.value, "atomic layer deposition") in got
    assert (vocab.BROADER.value, SEMI) in got


def test_topics_accept_refuses_unknown_id_and_broader(cli, writable):
    st = OxigraphStore(writable, Settings())
    before = st.current_version()
    r = cli("topics", "accept", "tnosuchid00", "--store", writable)
    assert r.code == 2 and "tnosuchid00" in r.stderr and "ikg topics" in r.stderr
    none = cli("topics", "accept", "--store", writable)
    assert none.code == 2 and "candidate id" in none.stderr
    ald = _by_label(cli("topics", "--store", writable, "--json").json(), "atomic layer deposition")
    bad = cli("topics", "accept", ald["id"], "--broader", "https://example.org/x", "--store", writable)  # fmt: skip
    assert bad.code == 2 and "https://example.org/x" in bad.stderr
    assert OxigraphStore(writable, Settings()).current_version() == before
