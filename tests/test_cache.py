"""The ingest lookup cache (ingest/cache.py): reused per store version, rebuilt for another
version or a damaged file, updated from a new source's triples exactly as a full rebuild."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import ingest.cache as cache
from ingest.cache import StoreLookups, read_facts
from ingest.extract.nlp import labels_from_store
from ingest.pipeline import run_ingest
from ingest.resolve.model import known_from_store
from kg import vocab
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

INSTITUTIONS = """institution_id,name,name_zh,type,country,ror
jlu,Jilin University,吉林大学,university,CHN,00js3aw79
ciac,Changchun Institute of Applied Chemistry,中国科学院长春应用化学研究所,research_institute,CHN,
"""
EXPERTS = """expert_id,name,name_zh,orcid,institution_ids,country
e1,Wei Zhang,张伟,0000-0002-1825-0097,jlu,CHN
e2,Li Na,李娜,,ciac,CHN
"""
WORKS = """work_id,type,title,abstract,year,authors,institutions
w1,paper,Steam explosion of corn straw,Steam explosion pretreatment before enzymatic hydrolysis and biogas.,2021,e1,jlu
w2,paper,玉米秸秆稀酸预处理,稀酸预处理与生物质预处理的比较。,2022,e2,ciac
"""
OTHER = """institution_id,name,type,country
nefu,Northeast Forestry University,university,CHN
"""


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def ingest(store: OxigraphStore, folder: Path, source: str) -> None:
    result = run_ingest(store, [folder], source=source)
    assert result.error is None and result.records > 0, result


def normalised(facts: cache.Facts) -> dict:
    """Facts as comparable JSON: every value list sorted, empty graphs left out."""
    out = {}
    for g, f in facts.graphs.items():
        data = {k: {iri: sorted(map(json.dumps, v)) for iri, v in per.items()}
                for k, per in f.data.items()}  # fmt: skip
        if any(data.values()):
            out[g] = data
    return {"graphs": out, "stamps": facts.stamps, "version": facts.version}


def cache_file(store: OxigraphStore) -> Path:
    return store.state_dir / "lookups" / f"{store.current_version()}.json"


def test_cache_written_for_each_ingested_version_and_reused(store, tmp_path, monkeypatch):
    ingest(store, write(tmp_path / "a", {"institutions.csv": INSTITUTIONS}), "a")
    assert cache_file(store).exists()

    def no_reading(*args, **kwargs):
        raise AssertionError("the store was read although the cache holds this version")

    monkeypatch.setattr(cache, "read_facts", no_reading)
    lookups = StoreLookups(store)
    assert {lab.text for lab in lookups.labels(["Organization"])} >= {"Jilin University"}
    assert lookups.rebuilt is False
    # a second ingest looks names up in the cached version and publishes the next one
    ingest(store, write(tmp_path / "b", {"experts.csv": EXPERTS}), "b")
    assert cache_file(store).exists()


def test_cache_rebuilt_for_a_version_it_was_not_written_for(store, tmp_path):
    ingest(store, write(tmp_path / "a", {"institutions.csv": INSTITUTIONS}), "a")
    ingest(store, write(tmp_path / "b", {"institutions.csv": OTHER}), "b")
    with store.writer() as w:  # a new version that no ingest published a cache for
        w.drop_source("b")
    assert not cache_file(store).exists()
    lookups = StoreLookups(store)
    names = {lab.text for lab in lookups.labels()}
    assert lookups.rebuilt is True
    assert "Jilin University" in names and "Northeast Forestry University" not in names
    assert cache_file(store).exists()


DAMAGES = [
    lambda raw: b"{not json",
    lambda raw: b"",
    lambda raw: raw.replace(b"Jilin University", b"Jilin Universitx", 1),  # checksum
    lambda raw: raw.replace(b'"format": 3', b'"format": 999', 1),
    lambda raw: raw.replace(raw.split(b'"version": "')[1][:7], b"v000001", 1),  # another version
]


def test_cache_damaged_file_is_rebuilt_not_trusted(store, tmp_path):
    ingest(store, write(tmp_path / "a", {"institutions.csv": INSTITUTIONS}), "a")
    path = cache_file(store)
    for damage in DAMAGES:
        good = path.read_bytes()
        path.write_bytes(damage(good))
        assert path.read_bytes() != good
        lookups = StoreLookups(store)
        assert "Jilin University" in {lab.text for lab in lookups.labels()}
        assert lookups.rebuilt is True, damage(good)[:80]
        version = store.current_version()
        facts = cache.Facts.decode(path.read_bytes(), version)
        assert normalised(facts) == normalised(read_facts(store, version))


def test_cache_incremental_equals_full_rebuild_after_reingest(store, tmp_path):
    a = write(tmp_path / "a", {"institutions.csv": INSTITUTIONS, "experts.csv": EXPERTS})
    ingest(store, a, "a")
    ingest(store, write(tmp_path / "b", {"institutions.csv": OTHER}), "b")
    # re-ingest of a replaced source: one institution and its expert gone
    write(a, {"institutions.csv": "\n".join(INSTITUTIONS.splitlines()[:2]) + "\n",
              "experts.csv": "\n".join(EXPERTS.splitlines()[:2]) + "\n"})  # fmt: skip
    ingest(store, a, "a")
    version = store.current_version()
    published = cache.Facts.decode(cache_file(store).read_bytes(), version)
    assert normalised(published) == normalised(read_facts(store, version))
    names = {lab.text for lab in StoreLookups(store).labels()}
    assert "Jilin University" in names
    assert "Changchun Institute of Applied Chemistry" not in names


def test_cache_lookups_equal_the_named_queries(store, tmp_path):
    """Without the source being ingested, as the stages see the store on a re-ingest."""
    ingest(store, write(tmp_path / "a", {"institutions.csv": INSTITUTIONS,
                                         "experts.csv": EXPERTS}), "a")  # fmt: skip
    ingest(store, write(tmp_path / "b", {"institutions.csv": OTHER}), "b")
    for exclude in (None, "a", "b"):
        lookups = StoreLookups(store, exclude=exclude)
        view = store.excluding(exclude) if exclude else store
        assert set(lookups.labels()) == set(labels_from_store(view))
        for kind in ("person", "institution"):

            def key(ms):  # the affiliation: any one name of the institution (rows' order)
                return {(m.group, m.name, m.orcid, m.ror, m.country, bool(m.affiliation))
                        for m in ms}  # fmt: skip

            assert key(lookups.known(kind)) == key(known_from_store(view, kind))


def test_cache_ingest_lands_the_same_triples_as_without_cache(tmp_path):
    """Tagging and resolution from the cache give what they give from a rebuilt cache."""
    base = OxigraphStore(tmp_path / "base", Settings())
    ingest(base, write(tmp_path / "a", {"institutions.csv": INSTITUTIONS,
                                        "experts.csv": EXPERTS}), "a")  # fmt: skip
    twin = OxigraphStore(tmp_path / "twin", Settings())
    shutil.copytree(base.path, twin.path)
    shutil.rmtree(twin.state_dir / "lookups")
    works = write(tmp_path / "w", {"works.csv": WORKS})
    for st in (base, twin):
        ingest(st, works, "w")
    graph = vocab.source_graph("w")
    got = [sorted(str(q.triple) for q in st.quads(graph)) for st in (base, twin)]
    assert got[0] == got[1]
    subjects = [t for t in got[0] if str(vocab.SUBJECT.value) in t]
    assert any("technology/bm-pre" in t for t in subjects)  # the tagger did tag


def test_cache_file_written_in_pieces_is_the_one_shot_json(tmp_path):
    """``Facts.write`` encodes the body a piece at a time: the same JSON as one
    ``json.dumps``, read back whole by ``decode``."""
    names = {
        f"https://w3id.org/ikg/id/expert/x/{i}": [["n", f"张伟 {i}", "zh"]] for i in range(5000)
    }
    graphs = {
        "https://w3id.org/ikg/graph/a": cache.GraphFacts(
            {k: {} for k in cache.FACT_KEYS} | {"names": names}
        ),
        "https://w3id.org/ikg/graph/b": cache.GraphFacts(),
    }
    facts = cache.Facts("v000007", graphs, {"a": ["2026-12-03T00:00:00", 3]})
    path = tmp_path / "v000007.json"
    with path.open("wb") as fh:
        facts.write(fh)
    raw = path.read_bytes()
    head, _, body = raw.partition(b"\n")
    expected = {"stamps": facts.stamps, "graphs": {g: f.data for g, f in graphs.items()}}
    assert body == json.dumps(expected, ensure_ascii=False).encode("utf-8")
    assert json.loads(head)["bytes"] == len(body)
    back = cache.Facts.decode(raw, "v000007")
    assert {g: f.data for g, f in back.graphs.items()} == expected["graphs"]
    assert raw == facts.encode()
