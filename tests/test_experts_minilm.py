"""all-MiniLM-L6-v2: tokenizer, forward pass (onnxruntime and the numpy reference), and its
place beside multilingual-e5."""

from __future__ import annotations

import os

import numpy as np
import pytest

from kg.errors import ConfigError
from kg.experts import blas, hybrid, minilm_ort, semantic
from kg.experts.index import ExpertIndex
from kg.experts.minilm import MiniLMEncoder, WordPiece
from kg.experts.semantic import DenseVectors

VOCAB = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "cafe", "un", "##aff", "##able", ",", "!", "煤", "-"]


def test_experts_minilm_wordpiece_splits_punctuation_accents_and_cjk():
    tok = WordPiece({w: i for i, w in enumerate(VOCAB)})
    assert tok.words("Café, UNAFFABLE!煤\tx-y") == [
        "cafe",
        ",",
        "unaffable",
        "!",
        "煤",
        "x",
        "-",
        "y",
    ]
    ids = tok.encode("Café unaffable zzz")
    assert ids == [2, 4, 5, 6, 7, 1, 3]  # [CLS] cafe un ##aff ##able [UNK] [SEP]
    assert len(tok.encode("cafe " * 1000, max_tokens=16)) == 16  # cut, [SEP] kept last
    assert tok.encode("cafe " * 1000, max_tokens=16)[-1] == 3


@pytest.fixture(scope="module")
def minilm() -> MiniLMEncoder:
    return semantic.english_encoder()


def test_experts_minilm_matches_the_reference_similarity():
    # sentence-transformers gives 0.7553 for this pair with all-MiniLM-L6-v2 (its model card's
    # example); a wrong layer norm, attention mask or pooling moves it by far more than 0.002
    v = MiniLMEncoder(int8=False).encode(
        [
            "A man is eating food.",
            "A man is eating a piece of bread.",
            "The girl is carrying a baby.",
        ]
    )
    assert v.shape == (3, 384) and np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-4)
    assert abs(float(v[0] @ v[1]) - 0.7553) < 0.002
    assert float(v[0] @ v[2]) < 0.0
    # padding inside a batch does not change a text's vector
    alone = MiniLMEncoder(int8=False).encode(["A man is eating food."])[0]
    assert np.allclose(alone, v[0], atol=1e-5)


TEXTS = ["A man is eating food.", "Coal seam gas drainage " * 30, "-", "Lignin pyrolysis."]


def test_experts_minilm_onnxruntime_layers_match_the_numpy_reference():
    # the graph written by kg.experts.onnxgraph: a wrong head split, transpose, mask or GELU
    # moves the vectors by far more than 1e-5; padded texts of different lengths in one batch
    reference = MiniLMEncoder(backend="numpy", int8=False)  # the same package weights
    fast = MiniLMEncoder(backend="onnxruntime", int8=False)
    got, want = fast.encode(TEXTS), reference.encode(TEXTS)
    assert got.shape == (4, 384) and np.abs(got - want).max() < 1e-5
    assert fast._ort is not None and reference._ort is None  # each ran its own engine


def test_experts_minilm_int8_is_the_encoder_and_stays_close_to_float32(minilm):
    assert minilm.int8 and minilm.name == "all-MiniLM-L6-v2-int8" == semantic.english_model()
    pair = ["A man is eating food.", "A man is eating a piece of bread."]
    v = minilm.encode(pair + TEXTS)
    ref = MiniLMEncoder(backend="onnxruntime", int8=False).encode(pair + TEXTS)
    assert abs(float(v[0] @ v[1]) - 0.7553) < 0.015  # float32: 0.7553, int8: 0.747
    # per text, int8 vs float32: cosine 0.986 ("-", two tokens) to 0.997 measured
    assert np.all(np.sum(v * ref, axis=1) > 0.98)
    # activations are quantized per token: a text's vector does not depend on its batch
    alone = np.stack([minilm.encode([t])[0] for t in pair])
    assert np.array_equal(alone, v[:2])


def test_experts_minilm_int8_numpy_reference_matches_onnxruntime():
    # the same integer products in numpy (float32 GEMMs of whole numbers): the two engines'
    # float rounding moves an activation across a rounding step now and then, so the vectors
    # agree to cosine >= 0.995 (0.998 measured), not to 1e-5; a wrong scale, zero point or
    # column sum gives cosines far below that
    reference = MiniLMEncoder(backend="numpy", int8=True)
    fast = MiniLMEncoder(backend="onnxruntime", int8=True)
    got, want = fast.encode(TEXTS), reference.encode(TEXTS)
    assert np.all(np.sum(got * want, axis=1) > 0.995)
    assert fast._ort is not None and reference._ort is None


def test_experts_minilm_auto_engine():
    enc = MiniLMEncoder(backend="auto", int8=False)  # float32: a first single request in numpy
    first = enc.encode(["Lignin pyrolysis oil."])
    assert enc._ort is None and enc.engine(1) == "onnxruntime"
    second = enc.encode(["Lignin pyrolysis oil."])
    assert enc._ort is not None and np.abs(first - second).max() < 1e-5
    batch = MiniLMEncoder(backend="auto", int8=False)
    assert batch.engine(16) == "onnxruntime"  # ingest's batches: onnxruntime from the start
    int8 = MiniLMEncoder(backend="auto", int8=True)  # int8: onnxruntime from the first request
    assert int8.engine(1) == "onnxruntime"
    int8.encode(["Lignin pyrolysis oil."])
    assert int8._ort is not None


def test_experts_minilm_int8_setting_is_checked(monkeypatch):
    monkeypatch.setenv("IKG_MINILM_INT8", "yes")
    with pytest.raises(ConfigError, match="IKG_MINILM_INT8='yes'.*1 \\(int8"):
        MiniLMEncoder({}, {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2})
    monkeypatch.setenv("IKG_MINILM_INT8", "0")
    assert semantic.english_model() == "all-MiniLM-L6-v2"
    assert MiniLMEncoder({}, {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2}).name == "all-MiniLM-L6-v2"


def test_experts_minilm_backend_setting_is_checked(monkeypatch):
    monkeypatch.setenv("IKG_MINILM_BACKEND", "torch")
    with pytest.raises(ConfigError, match="IKG_MINILM_BACKEND='torch'.*auto, onnxruntime"):
        MiniLMEncoder({}, {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2})


class _Counting:
    name = "counting"
    dim = 4

    def __init__(self) -> None:
        self.seen: list[str] = []

    def encode(self, texts, *, query=False):
        self.seen.extend(texts)
        return np.tile(np.array([1.0, 0, 0, 0], dtype=np.float32), (len(texts), 1))


def test_experts_english_vectors_skip_other_scripts(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path))
    texts = ["Coal gasification slag", "煤气化炉渣的资源化利用", "Vergasung von Kohle"]
    assert semantic.english_texts(texts) == [texts[0], "", texts[2]]
    enc = _Counting()
    dv = semantic.update(None, ["a", "b", "c"], semantic.english_texts(texts), enc)
    assert enc.seen == [texts[0], texts[2]]  # the Chinese work is never encoded
    assert not dv.vectors[1].any() and dv.vectors[0].any()


def _dv(model: str, rows: list[list[float]]) -> DenseVectors:
    v = np.array(rows, dtype=np.float32)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    v = np.where(norms > 0, v / np.maximum(norms, 1e-9), 0.0).astype(np.float32)
    return DenseVectors(model, [f"w{i}" for i in range(len(rows))], ["h"] * len(rows), v)


def test_experts_dense_scores_average_both_models_only_where_english():
    e5 = [[1, 0], [0, 1], [1, 1], [1, -1]]
    en = [[0, 1], [0, 0], [1, 0], [1, 1]]  # work 1 is not English: no MiniLM vector
    ix = ExpertIndex(
        work_iris=["w0", "w1", "w2", "w3"], dense=_dv("e5", e5), dense_en=_dv("en", en)
    )
    q = np.array([1.0, 0.0], dtype=np.float32)
    cos_e5, rel_e5 = hybrid.dense_scores(ix, q, 0.1)  # no English query vector: e5 alone
    cos, rel = hybrid.dense_scores(ix, q, 0.1, q)
    assert np.allclose(cos[1], cos_e5[1]) and np.allclose(rel[1], rel_e5[1])
    assert np.allclose(cos[0], (cos_e5[0] + 0.0) / 2)  # e5 1.0, MiniLM 0.0
    assert np.allclose(cos[2], (cos_e5[2] + 1.0) / 2)
    assert rel[2] > rel[0]  # MiniLM agrees on work 2 and not on work 0


def test_experts_minilm_ort_threads_setting(monkeypatch):
    monkeypatch.setenv("IKG_ENCODER_THREADS", "3")
    assert minilm_ort.threads() == 3
    monkeypatch.setenv("IKG_ENCODER_THREADS", "many")
    with pytest.raises(ConfigError, match="IKG_ENCODER_THREADS='many'.*whole number"):
        minilm_ort.threads()
    monkeypatch.delenv("IKG_ENCODER_THREADS")
    # 1 in a process that answers requests, else up to 2 (ingest's batches)
    assert minilm_ort.threads() == (1 if blas.answering() else min(2, os.cpu_count() or 1))


def test_experts_minilm_graph_is_saved_once_per_user(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path / "cache"))
    weights = tmp_path / "weights.bin"
    weights.write_bytes(b"v1")
    calls: list[int] = []

    def build() -> bytes:
        calls.append(1)
        return b"model"

    first = minilm_ort.cached_model("m", [weights], build)
    assert first == b"model" and calls == [1]  # built, written, its bytes used
    (tmp_path / "cache" / "m-0000000000000000.onnx").write_bytes(b"older")
    again = minilm_ort.cached_model("m", [weights], build)
    assert again == b"model" and calls == [1]  # read from the file
    weights.write_bytes(b"version 2")  # a new weights file (or module): built again
    third = minilm_ort.cached_model("m", [weights], build)
    assert third == b"model" and calls == [1, 1]
    assert len(list((tmp_path / "cache").glob("m-*.onnx"))) == 1  # the older ones removed
    # a process whose cache holds the graph gets the same vectors as one that builds it
    built = MiniLMEncoder(backend="onnxruntime").encode(TEXTS)
    cached = MiniLMEncoder(backend="onnxruntime")
    assert np.array_equal(cached.encode(TEXTS), built)
    assert len(list((tmp_path / "cache").glob("all-MiniLM-L6-v2-int8-*.onnx"))) == 1
