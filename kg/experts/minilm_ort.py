"""all-MiniLM-L6-v2's transformer layers on onnxruntime (the request path of ``kg.experts.minilm``).

The graph is written here from the model package's weights (``kg.experts.onnxgraph``): the six
BERT layers of ``MiniLMEncoder._layer`` (the numpy reference), as standard ONNX operators
(opset 17: MatMul, Add, Reshape, Transpose, Softmax, LayerNormalization; GELU as onnxruntime's
``Gelu``, one pass instead of five operators: with the attention's scale on q rather than on the
scores, e5's 221-token request 50.6 ms of CPU instead of 59.9, interleaved, load ~3, 3 Dec).
The embeddings and the mean pooling stay in numpy (a gather and a sum). In float32, the same vectors as the numpy
forward to float32 rounding (max |difference| < 1e-5, ``tests/test_experts_minilm.py``). With ``int8`` (the default, ``MiniLMEncoder``) each
projection is an integer product: MatMulInteger of the token's activations quantized to 0..127
(per token: a text's vector does not depend on its batch) by int8 weights (per output column),
rescaled in float32 (``_int8_linear``; numpy twin ``quantize_rows``/``quantize_weight``); at
load ~1 a 256-token request took 35-40 ms against 63-68 ms in float32 and ~110 ms in numpy.

One intra-op thread in a process that answers requests, two for batch encoding at ingest; idle
threads do not spin (``kg.experts.blas`` says why: the cores are shared).
``IKG_ENCODER_THREADS`` sets another number.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np

from kg.errors import ConfigError
from kg.experts import blas, onnxgraph
from kg.experts.onnxgraph import FLOAT, UINT8, Graph, value_info
from kg.jiebadict import cache_dir

PACKAGE = "onnxruntime"
OPSET = 17
THREADS_ENV = "IKG_ENCODER_THREADS"
WEIGHT_MAX = 127  # int8 weights: symmetric, one scale per output column
LEVELS = 127  # activations: 0..LEVELS per row (7 bits: see quantize_rows)
TINY = 1e-12


def model_name(int8: bool) -> str:
    """The encoder's id: ``all-MiniLM-L6-v2``, with ``-int8`` for the integer projections
    (``minilm.model_id``; also the graph's name and its per-user cache file's)."""
    return "all-MiniLM-L6-v2-int8" if int8 else "all-MiniLM-L6-v2"


def quantize_weight(w: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A projection ``w`` (in, out) as int8 ``q`` (in, out), its per-column scale (out,) and the
    column sums of ``q`` × scale (out,): ``w`` ≈ ``q`` × scale."""
    w = np.asarray(w, dtype=np.float32)
    scale = np.abs(w).max(axis=0) / np.float32(WEIGHT_MAX)
    scale = np.where(scale > 0, scale, np.float32(1.0)).astype(np.float32)
    q = np.clip(np.rint(w / scale), -WEIGHT_MAX, WEIGHT_MAX).astype(np.int8)
    colsum = (q.sum(axis=0, dtype=np.int64).astype(np.float32) * scale).astype(np.float32)
    return q, scale, colsum


def quantize_rows(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row of ``x`` (M, K) as integers 0..LEVELS (float32), with its step and its minimum:
    ``x`` ≈ step × levels + minimum. Per row, so a text's vector does not depend on the other
    texts of its batch; 7 bits, so that no pair of products overflows 16 bits in the int8
    kernels of CPUs without VNNI (255 × 127 × 2 does). The numpy twin of ``_int8_linear``."""
    lo = x.min(axis=-1, keepdims=True)
    step = np.maximum((x.max(axis=-1, keepdims=True) - lo) / np.float32(LEVELS), np.float32(TINY))
    levels = np.clip(np.rint((x - lo) / step), 0, LEVELS)
    return levels.astype(np.float32), step.astype(np.float32), lo.astype(np.float32)


def _int8_linear(g: Graph, x: str, name: str, w: np.ndarray, bias: np.ndarray) -> str:
    """``x`` @ ``w`` + ``bias`` as an integer product (``quantize_rows``, ``quantize_weight``):
    step × (levels @ q × scale) + [minimum, 1] @ [colsum; bias], the product scaled per column
    by onnxruntime's ``MatMulIntegerToFloat`` (three full-size operators after the product
    instead of five; English text requests ~1.5 ms of CPU less, interleaved, load ~3.2)."""
    c = g.const
    q, scale, colsum = quantize_weight(w)
    lo = g.op("ReduceMin", [x], axes=[-1], keepdims=1)
    hi = g.op("ReduceMax", [x], axes=[-1], keepdims=1)
    step = g.op("Max", [g.op("Div", [g.op("Sub", [hi, lo]), "q_levels"]), "q_tiny"])
    levels = g.op("Round", [g.op("Div", [g.op("Sub", [x, lo]), step])])
    levels = g.op("Cast", [g.op("Clip", [levels, "q_zero", "q_levels"])], to=UINT8)
    scaled = [levels, c(name + ".q", q), "q_unit", c(name + ".scale", scale)]
    y = g.op("Mul", [g.op("MatMulIntegerToFloat", scaled, domain="com.microsoft"), step])
    extra = g.op("Concat", [lo, g.op("Expand", ["q_one", g.op("Shape", [lo])])], axis=1)
    w_extra = np.stack([colsum, bias]).astype(np.float32)
    return g.op("Add", [y, g.op("MatMul", [extra, c(name + ".extra", w_extra)])])


# a BERT layer's projections and layer norms, by role: (MiniLM's weight name, its place)
ROLES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "aln": "attention.output.LayerNorm",
    "oln": "output.LayerNorm",
}
Linear = Callable[[str, int, str], str]  # (input, layer, role) -> output
Norm = Callable[[int, str], tuple[str, str]]  # (layer, role) -> (gamma, beta) constants


def bert_graph(
    g: Graph,
    d: int,
    layers: int,
    heads: int,
    eps: float,
    linear: Linear,
    norm: Norm,
    probes: Mapping[tuple[int, str], str] | None = None,
) -> bytes:
    """BERT's post-norm encoder layers (``MiniLMEncoder._layer``) as an ONNX model: input ``x``
    (B, T, D) embeddings after their layer norm, ``bias`` (B, 1, 1, T) attention mask bias;
    output ``hidden`` (B, T, D), then the tensors named in ``probes`` (rows (B·T, K): the
    projection inputs that ``linear`` recorded there while the layers were built). ``linear`` adds a
    projection of (B·T, D_in) rows, ``norm`` gives a layer norm's weights: how the model stores
    its weights is theirs."""
    hd = d // heads
    c = g.const
    shape = g.op("Shape", ["x"])  # (B, T, D)
    bt = g.op("Slice", [shape, c("zero", np.array([0])), c("two", np.array([2]))])
    split = g.op("Concat", [bt, c("heads", np.array([heads, hd]))], axis=0)  # (B, T, H, hd)
    flat = c("flat", np.array([-1, d]))  # (B·T, D): every projection is one product
    scale = c("scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))

    def layer_norm(x: str, i: int, role: str) -> str:
        gamma, beta = norm(i, role)
        return g.op("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=eps)

    x = g.op("Reshape", ["x", flat])
    for i in range(layers):

        def heads_of(role: str, perm: list[int], x: str = x, i: int = i) -> str:
            return g.op("Transpose", [g.op("Reshape", [linear(x, i, role), split])], perm=perm)

        q = heads_of("q", [0, 2, 1, 3])
        k = heads_of("k", [0, 2, 3, 1])
        v = heads_of("v", [0, 2, 1, 3])
        # the scale on q (T x D) rather than on the scores (H x T x T: 7x more at 221 tokens)
        s = g.op("Add", [g.op("MatMul", [g.op("Mul", [q, scale]), k]), "bias"])
        ctx = g.op("MatMul", [g.op("Softmax", [s], axis=-1), v])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), flat])
        x = layer_norm(g.op("Add", [linear(ctx, i, "ao"), x]), i, "aln")
        h = linear(x, i, "fi")
        h = g.op("Gelu", [h], domain="com.microsoft")  # erf's GELU, one pass over h
        x = layer_norm(g.op("Add", [linear(h, i, "fo"), x]), i, "oln")
    g.op("Reshape", [x, shape], out="hidden")
    inputs = [
        value_info("x", FLOAT, ["batch", "tokens", d]),
        value_info("bias", FLOAT, ["batch", 1, 1, "tokens"]),
    ]
    outputs = [value_info("hidden", FLOAT, ["batch", "tokens", d])]
    outputs += [value_info(p, FLOAT, ["rows", "k"]) for p in (probes or {}).values()]
    return g.model(inputs, outputs, OPSET)


def build_graph(
    w: dict[str, np.ndarray], layers: int, heads: int, eps: float, int8: bool = False
) -> bytes:
    """all-MiniLM-L6-v2's layers (``bert_graph``) from ``MiniLMEncoder.w`` (projection matrices
    as (in, out) views of the stored (out, in) tensors, which Gemm reads as they are stored:
    ``transB``). ``int8``: the projections as integer products (``_int8_linear``); attention,
    GELU and layer norms stay float32."""
    g = Graph(model_name(int8))
    c = g.const
    if int8:  # _int8_linear's constants
        c("q_levels", np.array(LEVELS, dtype=np.float32))
        c("q_tiny", np.array(TINY, dtype=np.float32))
        c("q_zero", np.array(0.0, dtype=np.float32))
        c("q_one", np.ones((1, 1), dtype=np.float32))
        c("q_unit", np.ones(1, dtype=np.float32))

    def linear(x: str, i: int, role: str) -> str:
        name = f"encoder.layer.{i}.{ROLES[role]}"
        if int8:
            return _int8_linear(g, x, name, w[name + ".weight"], w[name + ".bias"])
        weight, bias = (
            c(name + ".weight", w[name + ".weight"].T),
            c(name + ".bias", w[name + ".bias"]),
        )
        return g.op("Gemm", [x, weight, bias], transB=1)

    def norm(i: int, role: str) -> tuple[str, str]:
        name = f"encoder.layer.{i}.{ROLES[role]}"
        return c(name + ".weight", w[name + ".weight"]), c(name + ".bias", w[name + ".bias"])

    d = int(w["embeddings.LayerNorm.weight"].shape[0])
    return bert_graph(g, d, layers, heads, eps, linear, norm)


def threads() -> int:
    """``$IKG_ENCODER_THREADS``, else 1 once the process answers requests, else up to 2."""
    raw = os.environ.get(THREADS_ENV, "").strip()
    if not raw:
        return 1 if blas.answering() else min(2, os.cpu_count() or 1)
    try:
        n = int(raw)
    except ValueError:
        raise ConfigError(f"{THREADS_ENV}={raw!r}: give a whole number of threads") from None
    return max(1, n)


def cached_model(name: str, sources: Sequence[Path], build: Callable[[], bytes]) -> bytes:
    """The model ``build`` writes, saved once per user in ``$IKG_CACHE_DIR`` or ``~/.cache/ikg``
    as ``<name>-<key>.onnx`` (key: the size and time of each of ``sources``: the weights file
    and the modules that write the graph, so a new package or a code change builds it again;
    older files of ``name`` are removed): building e5's graph cost a new process ~0.1 s,
    MiniLM's int8 graph ~0.06 s, reading the file a few ms. Built in memory when the cache
    cannot be written."""
    h = hashlib.blake2b(digest_size=8)
    for src in sources:
        st = src.stat()
        h.update(f"{src}:{st.st_size}:{st.st_mtime_ns};".encode())
    path = cache_dir() / f"{name}-{h.hexdigest()}.onnx"
    try:  # read whole: another tree's process may remove it (below) once it is open
        return path.read_bytes()
    except OSError:
        pass
    model = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp")
        tmp.write_bytes(model)
        tmp.replace(path)
        for old in path.parent.glob(f"{name}-*.onnx"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # an unwritable cache: this process uses the bytes
    return model


class Session:
    """A ``bert_graph`` model (inputs ``x``, ``bias``; output ``hidden``) as one onnxruntime
    session: ``threads()`` intra-op threads, which sleep when idle."""

    def __init__(self, model: bytes, basic: bool = False) -> None:
        """``basic``: onnxruntime's basic graph optimisations only (e5's int8 graph: its session
        starts in 72-81 ms of CPU instead of 99-106, its requests as fast; 3 Dec, load ~3)."""
        try:
            import onnxruntime as ort
        except ImportError:
            raise ConfigError(
                f"expert finding needs {PACKAGE} to encode requests: run `pip install "
                f"{PACKAGE}` (scripts/install.sh installs it)"
            ) from None
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads()
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")
        opts.log_severity_level = 3
        if basic:
            opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])

    def __call__(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        feed = {"x": np.ascontiguousarray(x, np.float32), "bias": bias.astype(np.float32)}
        return self.session.run(["hidden"], feed)[0]


class OrtLayers(Session):
    """all-MiniLM-L6-v2's transformer layers (``build_graph``), built on first use; saved per
    user (``cached_model``) when ``weights_file`` names the file the weights came from."""

    def __init__(
        self,
        w: dict[str, np.ndarray],
        layers: int,
        heads: int,
        eps: float,
        int8: bool = False,
        weights_file: Path | None = None,
    ) -> None:
        def build() -> bytes:
            return build_graph(w, layers, heads, eps, int8)

        if weights_file is None:
            super().__init__(build())
            return
        sources = [weights_file, Path(__file__), Path(onnxgraph.__file__)]
        super().__init__(cached_model(model_name(int8), sources, build))
