"""Lexical side of expert finding: BM25 and TF-IDF over the works' tokens, in one sparse matrix.

``SparseText`` keeps a works × terms count matrix (CSC) and derives from it
- BM25 per term (``term_scores``/``scores``: the short keyword queries, as before), and
- TF-IDF cosine (sublinear tf, smoothed idf, L2-normalised rows; ``cosine``): an absolute
  similarity of a whole text to each work, comparable across queries.
It is saved as ``.npz`` (arrays only, ``allow_pickle=False``) plus the vocabulary in the same
file, and loads without re-tokenising anything.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy import sparse

FORMAT = 1


class SparseText:
    """Works × terms counts with BM25 and TF-IDF views (see the module doc)."""

    def __init__(
        self,
        counts: sparse.csr_matrix,
        vocab: list[str],
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.counts = counts.tocsr()
        self.vocab_list = vocab
        self.term_pos = {t: i for i, t in enumerate(vocab)}
        self.vocab = set(vocab)
        self.n_docs = counts.shape[0]
        self.k1, self.b = k1, b
        df = np.diff(self.counts.tocsc().indptr).astype(np.float64)
        n = max(self.n_docs, 1)
        self.idf = np.log((1 + n) / (1 + df)) + 1.0  # TF-IDF (smoothed)
        self.bm25_idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self._bm25 = self._bm25_matrix()
        self._tfidf = self._tfidf_matrix()

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]]) -> SparseText:
        vocab: dict[str, int] = {}
        rows, cols, vals = [], [], []
        for r, toks in enumerate(docs):
            for t, k in Counter(toks).items():
                rows.append(r)
                cols.append(vocab.setdefault(t, len(vocab)))
                vals.append(k)
        m = sparse.csr_matrix(
            (np.array(vals, dtype=np.float32), (rows, cols)), shape=(len(docs), len(vocab))
        )
        return cls(m, list(vocab))

    def _bm25_matrix(self) -> sparse.csc_matrix:
        m = self.counts.astype(np.float64).tocsr(copy=True)
        lengths = np.asarray(m.sum(axis=1)).ravel()
        avg = lengths.mean() if lengths.size else 1.0
        norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-9))
        rep = np.repeat(norm, np.diff(m.indptr))
        tf = m.data
        m.data = self.bm25_idf[m.indices] * tf * (self.k1 + 1) / (tf + rep)
        return m.tocsc()

    def _tfidf_matrix(self) -> sparse.csr_matrix:
        m = self.counts.astype(np.float32).tocsr(copy=True)
        m.data = (1 + np.log(m.data)) * self.idf[m.indices].astype(np.float32)
        norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sparse.diags((1 / norms).astype(np.float32)) @ m

    # -- BM25 (keyword queries) -----------------------------------------------------------
    def term_scores(self, term: str) -> np.ndarray | None:
        """BM25 of one term for every work (None when no work has it)."""
        i = self.term_pos.get(term)
        if i is None:
            return None
        rows, vals = self.column(i)
        out = np.zeros(self.n_docs)
        out[rows] = vals
        return out

    def column(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        """(works, BM25 values) of term number ``i``: the CSC arrays read directly."""
        m = self._bm25
        lo, hi = m.indptr[i], m.indptr[i + 1]
        return m.indices[lo:hi], m.data[lo:hi]

    def term_column(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(works, BM25 values) of one term, only where it occurs (None: no work has it)."""
        i = self.term_pos.get(term)
        return None if i is None else self.column(i)

    def scores(self, weighted_terms: dict[str, float]) -> np.ndarray:
        total = np.zeros(self.n_docs)
        for t, w in weighted_terms.items():
            sc = self.term_scores(t)
            if sc is not None and w > 0:
                total += w * sc
        return total

    def doc_terms(self, doc: int) -> set[str]:
        """The terms of one work."""
        row = self.counts.indices[self.counts.indptr[doc] : self.counts.indptr[doc + 1]]
        return {self.vocab_list[i] for i in row}

    # -- TF-IDF (whole texts) -------------------------------------------------------------
    def query_weights(self, tokens: Sequence[str]) -> dict[str, float]:
        """The text's known terms with their TF-IDF weight (L2-normalised), largest first."""
        c = Counter(t for t in tokens if t in self.term_pos)
        w = {t: (1 + math.log(k)) * float(self.idf[self.term_pos[t]]) for t, k in c.items()}
        norm = math.sqrt(sum(x * x for x in w.values())) or 1.0
        return dict(sorted(((t, x / norm) for t, x in w.items()), key=lambda kv: -kv[1]))

    def cosine(self, weights: dict[str, float]) -> np.ndarray:
        """TF-IDF cosine of a text (its ``query_weights``) with every work."""
        if not weights or not self.n_docs:
            return np.zeros(self.n_docs, dtype=np.float32)
        cols = np.array([self.term_pos[t] for t in weights], dtype=np.int64)
        vals = np.array(list(weights.values()), dtype=np.float32)
        sub = self._tfidf[:, cols]
        return np.asarray(sub @ vals).ravel()

    # -- storage ------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        c = self.counts
        np.savez(
            path,
            format=np.array(FORMAT),
            data=c.data,
            indices=c.indices,
            indptr=c.indptr,
            shape=np.array(c.shape),
            vocab=np.array(self.vocab_list, dtype=str),
        )

    @classmethod
    def load(cls, path: Path) -> SparseText:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError(f"{path}: lexical index format {int(z['format'])} != {FORMAT}")
            m = sparse.csr_matrix(
                (z["data"], z["indices"], z["indptr"]), shape=tuple(int(x) for x in z["shape"])
            )
            return cls(m, [str(x) for x in z["vocab"]])
