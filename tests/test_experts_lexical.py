"""kg.experts.lexical (numpy only): BM25 columns and TF-IDF cosine equal their formulas on a
dense matrix, survive a save/load, and a query's vector is encoded once per process."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from kg.experts import hybrid
from kg.experts.lexical import SparseText

DOCS = [
    ["lignin", "pyrolysis", "lignin", "oil"],
    ["coal", "seam", "gas"],
    ["lignin", "enzyme", "ethanol", "ethanol", "ethanol"],
    [],
    ["gas", "pyrolysis"],
]


def _dense() -> tuple[np.ndarray, list[str]]:
    vocab = sorted({t for d in DOCS for t in d})
    m = np.zeros((len(DOCS), len(vocab)))
    for i, d in enumerate(DOCS):
        for t in d:
            m[i, vocab.index(t)] += 1
    return m, vocab


def test_experts_lexical_bm25_and_tfidf_cosine_match_their_formulas(tmp_path: Path) -> None:
    text = SparseText.build(DOCS)
    text.save(tmp_path / "lexical.npz")
    back = SparseText.load(tmp_path / "lexical.npz")
    assert back._bm25 is not None and back._tfidf is not None  # saved views, not remade
    with np.load(tmp_path / "lexical.npz") as z:  # an index saved before the views
        old = {k: z[k] for k in z.files if k not in ("col_rows", "bm25_values", "tfidf_values")}
    np.savez(tmp_path / "old.npz", **old)
    older = SparseText.load(tmp_path / "old.npz")
    assert older._bm25 is None  # made on use
    m, vocab = _dense()
    n, k1, b = len(DOCS), 1.2, 0.75
    df = (m > 0).sum(axis=0)
    lengths = m.sum(axis=1)
    for st in (text, back, older):
        for j, t in enumerate(vocab):
            idf = math.log(1 + (n - df[j] + 0.5) / (df[j] + 0.5))
            tf = m[:, j]
            want = idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * lengths / lengths.mean()))
            assert np.allclose(st.term_scores(t), want)
            rows, _ = st.term_column(t)
            assert rows.tolist() == np.flatnonzero(tf).tolist()
        assert st.term_scores("absent") is None and st.term_column("absent") is None
        w = np.where(m > 0, 1 + np.log(np.maximum(m, 1)), 0) * (np.log((1 + n) / (1 + df)) + 1)
        w /= np.maximum(np.linalg.norm(w, axis=1, keepdims=True), 1e-12)
        qw = st.query_weights(["lignin", "ethanol", "unknown"])
        qv = np.array([qw.get(t, 0.0) for t in vocab])
        assert np.allclose(st.cosine(qw), w @ qv, atol=1e-6)
        assert st.cosine({}).tolist() == [0.0] * n
        assert st.doc_terms(2) == {"lignin", "enzyme", "ethanol"}


class _Counting:
    name, dim = "counting", 3

    def __init__(self) -> None:
        self.calls = 0

    def encode(self, texts: list[str], *, query: bool = False) -> np.ndarray:
        self.calls += 1
        return np.ones((len(texts), 3), dtype=np.float32) / math.sqrt(3)


def test_experts_lexical_query_vector_is_encoded_once_per_text(monkeypatch) -> None:
    enc = _Counting()
    monkeypatch.setattr(hybrid.semantic, "encoder", lambda: enc)
    a = hybrid.query_vector("a request seen twice")
    b = hybrid.query_vector("a request seen twice")
    hybrid.query_vector("another request")
    assert enc.calls == 2 and a is b and not a.flags.writeable
