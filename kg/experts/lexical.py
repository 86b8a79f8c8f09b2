"""Lexical side of expert finding: BM25 and TF-IDF over the works' tokens, in one sparse matrix.

``SparseText`` keeps a works × terms count matrix (compressed rows: ``data``, ``indices``,
``indptr``, as scipy's CSR) and derives from it, by columns (one term's works at a time)
- BM25 per term (``term_scores``/``term_column``: the short keyword queries), and
- TF-IDF cosine (sublinear tf, smoothed idf, L2-normalised rows; ``cosine``): an absolute
  similarity of a whole text to each work, comparable across queries.
Plain numpy: importing scipy.sparse cost ~0.15-0.3 s of every ``ikg experts`` start-up. Each
view is made on first use. It is saved as ``.npz`` (arrays only, ``allow_pickle=False``) plus
the vocabulary in the same file, and loads without re-tokenising anything. Both views are saved
too (their values by column): making them cost a new ``ikg experts`` process ~0.1 s at 1M
triples; an index saved without them makes them on use.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

FORMAT = 1


class Columns:
    """A works × terms matrix stored by columns: term ``i``'s works are
    ``rows[indptr[i]:indptr[i + 1]]`` (ascending) with ``values`` beside them."""

    def __init__(self, rows: np.ndarray, values: np.ndarray, indptr: np.ndarray) -> None:
        self.rows, self.values, self.indptr = rows, values, indptr

    @classmethod
    def from_entries(
        cls,
        doc: np.ndarray,
        term: np.ndarray,
        values: np.ndarray,
        n_terms: int,
        order: np.ndarray | None = None,
    ) -> Columns:
        """From entries in row order (``doc`` ascending): a stable sort by term (``order``,
        when the caller has it) keeps each term's works ascending."""
        if order is None:
            order = np.argsort(term, kind="stable")
        indptr = np.zeros(n_terms + 1, dtype=np.int64)
        np.cumsum(np.bincount(term, minlength=n_terms), out=indptr[1:])
        return cls(doc[order], values[order], indptr)

    def column(self, i: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = self.indptr[i], self.indptr[i + 1]
        return self.rows[lo:hi], self.values[lo:hi]


class SparseText:
    """Works × terms counts with BM25 and TF-IDF views (see the module doc)."""

    def __init__(
        self,
        data: np.ndarray,
        indices: np.ndarray,
        indptr: np.ndarray,
        vocab: list[str],
        k1: float = 1.2,
        b: float = 0.75,
    ) -> None:
        self.data = np.asarray(data, dtype=np.float32)  # term counts, row by row
        self.indices = np.asarray(indices, dtype=np.int64)  # their terms
        self.indptr = np.asarray(indptr, dtype=np.int64)  # row i: [indptr[i], indptr[i + 1])
        self.vocab_list = vocab
        self.term_pos = {t: i for i, t in enumerate(vocab)}
        self.vocab = set(vocab)
        self.n_docs = len(self.indptr) - 1
        self.k1, self.b = k1, b
        df = np.bincount(self.indices, minlength=len(vocab)).astype(np.float64)
        n = max(self.n_docs, 1)
        self.idf = np.log((1 + n) / (1 + df)) + 1.0  # TF-IDF (smoothed)
        self.bm25_idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        self._doc = np.repeat(np.arange(self.n_docs, dtype=np.int64), np.diff(self.indptr))
        self._bm25: Columns | None = None
        self._tfidf: Columns | None = None
        self._by_term: np.ndarray | None = None  # entries ordered by term (stable)

    @property
    def by_term(self) -> np.ndarray:
        """The entries' order by term (stable): both views read it; saved with the index so a
        query process does not sort ~2M entries (~0.1 s at 1M triples)."""
        if self._by_term is None or len(self._by_term) != len(self.indices):
            self._by_term = np.argsort(self.indices, kind="stable")
        return self._by_term

    @classmethod
    def build(cls, docs: Sequence[Sequence[str]]) -> SparseText:
        vocab: dict[str, int] = {}
        indptr, cols, vals = [0], [], []
        for toks in docs:
            for t, k in Counter(toks).items():
                cols.append(vocab.setdefault(t, len(vocab)))
                vals.append(k)
            indptr.append(len(cols))
        return cls(
            np.array(vals, dtype=np.float32),
            np.array(cols, dtype=np.int64),
            np.array(indptr, dtype=np.int64),
            list(vocab),
        )

    @property
    def bm25(self) -> Columns:
        if self._bm25 is None:
            tf = self.data.astype(np.float64)
            lengths = np.bincount(self._doc, weights=tf, minlength=self.n_docs)
            avg = lengths.mean() if lengths.size else 1.0
            norm = self.k1 * (1 - self.b + self.b * lengths / max(avg, 1e-9))
            vals = self.bm25_idf[self.indices] * tf * (self.k1 + 1) / (tf + norm[self._doc])
            self._bm25 = Columns.from_entries(
                self._doc, self.indices, vals, len(self.vocab_list), self.by_term
            )
        return self._bm25

    @property
    def tfidf(self) -> Columns:
        if self._tfidf is None:
            vals = (1 + np.log(self.data)) * self.idf[self.indices].astype(np.float32)
            norms = np.sqrt(np.bincount(self._doc, weights=vals * vals, minlength=self.n_docs))
            norms[norms == 0] = 1
            vals = (vals / norms[self._doc].astype(np.float32)).astype(np.float32)
            self._tfidf = Columns.from_entries(
                self._doc, self.indices, vals, len(self.vocab_list), self.by_term
            )
        return self._tfidf

    # -- BM25 (keyword queries) -----------------------------------------------------------
    def term_scores(self, term: str) -> np.ndarray | None:
        """BM25 of one term for every work (None when no work has it)."""
        col = self.term_column(term)
        if col is None:
            return None
        out = np.zeros(self.n_docs)
        out[col[0]] = col[1]
        return out

    def term_column(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(works, BM25 values) of one term, only where it occurs (None: no work has it)."""
        i = self.term_pos.get(term)
        return None if i is None else self.bm25.column(i)

    def doc_terms(self, doc: int) -> set[str]:
        """The terms of one work."""
        row = self.indices[self.indptr[doc] : self.indptr[doc + 1]]
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
        m = self.tfidf
        cols = [m.column(self.term_pos[t]) for t in weights]
        rows = np.concatenate([c[0] for c in cols])
        vals = np.concatenate(
            [c[1] * np.float32(w) for c, w in zip(cols, weights.values(), strict=True)]
        )
        return np.bincount(rows, weights=vals, minlength=self.n_docs).astype(np.float32)

    # -- storage ------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        big = len(self.indices) >= 2**31
        bm25, tfidf = self.bm25, self.tfidf  # same rows and indptr (both from by_term)
        np.savez(
            path,
            format=np.array(FORMAT),
            data=self.data,
            indices=self.indices.astype(np.int32),
            indptr=self.indptr.astype(np.int32 if self.indptr[-1] < 2**31 else np.int64),
            shape=np.array([self.n_docs, len(self.vocab_list)]),
            vocab=np.array(self.vocab_list, dtype=str),
            by_term=self.by_term.astype(np.int64 if big else np.int32),
            col_rows=bm25.rows.astype(np.int64 if big else np.int32),
            col_indptr=bm25.indptr,
            bm25_values=bm25.values,
            tfidf_values=tfidf.values,
        )

    def _load_views(self, z: np.lib.npyio.NpzFile) -> None:
        """The saved views (an index saved before them has none: made on use)."""
        if not {"col_rows", "col_indptr", "bm25_values", "tfidf_values"} <= set(z.files):
            return
        rows, indptr = z["col_rows"].astype(np.int64), z["col_indptr"].astype(np.int64)
        if len(rows) != len(self.indices) or len(indptr) != len(self.vocab_list) + 1:
            raise ValueError("lexical index views do not match its counts")
        self._bm25 = Columns(rows, z["bm25_values"], indptr)
        self._tfidf = Columns(rows, z["tfidf_values"], indptr)

    @classmethod
    def load(cls, path: Path) -> SparseText:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT:
                raise ValueError(f"{path}: lexical index format {int(z['format'])} != {FORMAT}")
            shape = tuple(int(x) for x in z["shape"])
            text = cls(z["data"], z["indices"], z["indptr"], [str(x) for x in z["vocab"]])
            if text.n_docs != shape[0] or len(text.vocab_list) != shape[1]:
                raise ValueError(f"{path}: lexical index shape {shape} does not match its arrays")
            if "by_term" in z.files:  # absent from an index saved before it (sorted on use)
                text._by_term = z["by_term"].astype(np.int64)
            text._load_views(z)
            return text
