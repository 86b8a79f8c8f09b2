"""Whole-text queries, hybrid evidence, and the index saved at ingest in safe formats."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ingest.pipeline import run_ingest
from kg.experts import index as experts_index
from kg.experts import semantic
from kg.experts.rank import search
from kg.settings import Settings
from kg.store.oxigraph import OxigraphStore

DATA = Path(__file__).parent / "data" / "experts"

ABSTRACT = (
    "Lignocellulosic biomass such as corn stover must be pretreated before enzymes can reach "
    "its cellulose. We compare steam explosion with dilute acid pretreatment at pilot scale, "
    "measure the enzymatic digestibility of the solids and the inhibitors released into the "
    "hydrolysate, and ferment the sugars to cellulosic ethanol with an engineered yeast. "
) * 30  # about 12,000 characters: an abstract pasted several times over


def _fx(tmp_path: Path) -> OxigraphStore:
    st = OxigraphStore(tmp_path / "store", Settings())
    assert run_ingest(st, [DATA], source="experts").error is None
    return st


def test_experts_index_built_at_ingest_without_pickle(tmp_path):
    st = _fx(tmp_path)
    folder = Path(st.state_dir) / "index" / st.current_version()
    names = {p.name for p in folder.iterdir()}  # written by the ingest, before any query
    expected = {"experts.json", "works.jsonl", "arrays.npz", "lexical.npz", "dense.npz"}
    assert expected | {"dense.npy", "dense_en.npz", "dense_en.npy"} <= names
    assert not list(folder.rglob("*.pkl"))
    with np.load(folder / "dense.npz", allow_pickle=False) as z:
        assert str(z["model"]) == semantic.MODEL
        keys = [str(k) for k in z["keys"]]
    vectors = np.load(folder / "dense.npy", allow_pickle=False)
    assert vectors.shape == (len(keys), 384) and vectors.dtype == np.float32
    meta = json.loads((folder / "experts.json").read_text("utf-8"))
    assert meta["work_iris"] == keys
    experts_index._MEMORY.clear()  # a new process: loads the saved index, builds nothing
    ix = experts_index.get_index(st)
    assert ix.work_iris == meta["work_iris"] and ix.dense is not None
    assert ix.dense.keys == ix.work_iris
    assert np.array_equal(ix.dense.vectors, vectors)  # memory-mapped on first use
    assert len(ix.work_contribs) == len(ix.work_iris)  # works.jsonl rows, parsed on access
    assert ix.work_contribs[0] and ix.work_contribs[-1] == ix.work_contribs[len(keys) - 1]
    assert ix.dense_en is not None and ix.dense_en.model == semantic.english_model()
    assert ix.dense_en.keys == ix.work_iris


def test_experts_index_with_another_english_encoder_is_rebuilt(tmp_path):
    st = _fx(tmp_path)
    path = Path(st.state_dir) / "index" / st.current_version() / "dense_en.npz"
    saved = semantic.DenseVectors.load(path)
    assert saved.model == "all-MiniLM-L6-v2-int8" and saved.keys
    saved.model = "all-MiniLM-L6-v2"  # as the float32 encoder saved it before int8
    saved.save(path)
    experts_index._MEMORY.clear()  # a new process
    said: list[str] = []
    ix = experts_index.get_index(st, notice=said.append)
    assert len(said) == 1 and "made by all-MiniLM-L6-v2," in said[0]  # the user is told why
    assert st.current_version() in said[0]
    assert ix.dense_en is not None and ix.dense_en.model == "all-MiniLM-L6-v2-int8"
    experts_index._MEMORY.clear()
    experts_index.get_index(st, notice=said.append)
    assert len(said) == 1  # loaded as saved: nothing to say
    assert semantic.DenseVectors.load(path).model == "all-MiniLM-L6-v2-int8"  # saved again
    assert np.allclose(ix.dense_en.vectors, np.asarray(saved.vectors), atol=2e-3)


def test_experts_dense_update_encodes_only_changed_works(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path))  # an empty per-user vector cache
    enc = semantic.encoder()
    first = semantic.update(None, ["a", "b"], ["steam explosion", "coal mine safety"], enc)
    assert first.encoded == 2
    again = semantic.update(first, ["a", "b", "c"], ["steam explosion", "coal mine", "x"], enc)
    assert again.encoded == 2  # "b" changed its text, "c" is new, "a" is reused
    assert np.array_equal(again.vectors[0], first.vectors[0])
    cached = semantic.update(None, ["z"], ["coal mine"], enc)  # another store, same text
    assert cached.encoded == 0 and np.allclose(cached.vectors[0], again.vectors[1], atol=1e-3)


def test_experts_long_abstract_query_is_used_as_text(tmp_path):
    st = _fx(tmp_path)
    data = search(st, ABSTRACT, limit=3)
    used = data["query_used"]
    assert used["mode"] == "text" and used["chars"] == len(ABSTRACT.strip())
    assert used["model"] == semantic.english_model()  # English request, English works: MiniLM
    assert used["embedded_chars"] == semantic.EMBED_CHARS
    assert "pretreated" in used["terms"] or "pretreatment" in used["terms"]
    top = data["results"][0]
    assert top["name"] in {"Wang Lei", "Zhang Wei", "Li Na"}
    ev = top["evidence"][0]
    assert 0 < ev["similarity"] <= 1 and ev["lexical"] > 0
    assert ev["matched"]
    names = [r["name"] for r in search(st, ABSTRACT, limit=0)["results"]]
    assert "Liu Yang" not in names[:3]  # the coal miner is not among the first


def test_experts_chinese_keywords_find_english_evidence(tmp_path):
    st = _fx(tmp_path)
    data = search(st, "蒸汽爆破预处理", limit=3)
    assert data["query_used"]["mode"] == "keywords"
    assert data["results"], "a Chinese request finds experts"
    assert data["results"][0]["name"] in {"Wang Lei", "Zhang Wei"}
