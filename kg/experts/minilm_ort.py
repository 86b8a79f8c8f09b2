"""all-MiniLM-L6-v2's transformer layers on onnxruntime (the request path of ``kg.experts.minilm``).

The graph is written here from the model package's weights (``kg.experts.onnxgraph``): the six
BERT layers of ``MiniLMEncoder._layer`` (the numpy reference), as standard ONNX operators
(opset 17: MatMul, Add, Reshape, Transpose, Softmax, LayerNormalization, Erf), which
onnxruntime fuses into its own attention, GELU and layer-norm kernels. The embeddings and the
mean pooling stay in numpy (a gather and a sum). Same vectors as the numpy forward to float32
rounding (max |difference| < 1e-5, ``tests/test_experts_minilm.py``); at load ~4-5 a 256-token
request took 140-185 ms against 380-490 ms in numpy, and a batch of 64 abstracts 11 s against
89 s (``kg.experts.minilm.MiniLMEncoder`` says when each runs).

One intra-op thread in a process that answers requests, two for batch encoding at ingest; idle
threads do not spin (``kg.experts.blas`` says why: the cores are shared).
``IKG_ENCODER_THREADS`` sets another number.
"""

from __future__ import annotations

import os

import numpy as np

from kg.errors import ConfigError
from kg.experts import blas
from kg.experts.onnxgraph import FLOAT, Graph, value_info

PACKAGE = "onnxruntime"
OPSET = 17
THREADS_ENV = "IKG_ENCODER_THREADS"


def build_graph(w: dict[str, np.ndarray], layers: int, heads: int, eps: float) -> bytes:
    """The ONNX model: input ``x`` (B, T, D) embeddings after their layer norm, ``bias`` (B, 1,
    1, T) attention mask bias; output ``hidden`` (B, T, D). ``w`` is ``MiniLMEncoder.w``
    (projection matrices as (in, out) views of the stored (out, in) tensors, which Gemm reads
    as they are stored: ``transB``)."""
    g = Graph("all-MiniLM-L6-v2")
    d = int(w["embeddings.LayerNorm.weight"].shape[0])
    hd = d // heads
    c = g.const
    shape = g.op("Shape", ["x"])  # (B, T, D)
    bt = g.op("Slice", [shape, c("zero", np.array([0])), c("two", np.array([2]))])
    split = g.op("Concat", [bt, c("heads", np.array([heads, hd]))], axis=0)  # (B, T, H, hd)
    flat = c("flat", np.array([-1, d]))  # (B·T, D): every projection is one Gemm
    scale = c("scale", np.array(1.0 / np.sqrt(hd), dtype=np.float32))
    half = c("half", np.array(0.5, dtype=np.float32))
    one = c("one", np.array(1.0, dtype=np.float32))
    inv_sqrt2 = c("inv_sqrt2", np.array(1.0 / np.sqrt(2.0), dtype=np.float32))

    def linear(x: str, name: str) -> str:
        weight, bias = (
            c(name + ".weight", w[name + ".weight"].T),
            c(name + ".bias", w[name + ".bias"]),
        )
        return g.op("Gemm", [x, weight, bias], transB=1)

    def norm(x: str, name: str) -> str:
        gamma, beta = c(name + ".weight", w[name + ".weight"]), c(name + ".bias", w[name + ".bias"])
        return g.op("LayerNormalization", [x, gamma, beta], axis=-1, epsilon=eps)

    x = g.op("Reshape", ["x", flat])
    for i in range(layers):
        p = f"encoder.layer.{i}."

        def heads_of(name: str, perm: list[int], x: str = x, p: str = p) -> str:
            return g.op("Transpose", [g.op("Reshape", [linear(x, p + name), split])], perm=perm)

        q = heads_of("attention.self.query", [0, 2, 1, 3])
        k = heads_of("attention.self.key", [0, 2, 3, 1])
        v = heads_of("attention.self.value", [0, 2, 1, 3])
        s = g.op("Add", [g.op("Mul", [g.op("MatMul", [q, k]), scale]), "bias"])
        ctx = g.op("MatMul", [g.op("Softmax", [s], axis=-1), v])
        ctx = g.op("Reshape", [g.op("Transpose", [ctx], perm=[0, 2, 1, 3]), flat])
        att = g.op("Add", [linear(ctx, p + "attention.output.dense"), x])
        x = norm(att, p + "attention.output.LayerNorm")
        h = linear(x, p + "intermediate.dense")
        erf = g.op("Erf", [g.op("Mul", [h, inv_sqrt2])])
        h = g.op("Mul", [g.op("Mul", [h, half]), g.op("Add", [erf, one])])
        out = g.op("Add", [linear(h, p + "output.dense"), x])
        x = norm(out, p + "output.LayerNorm")
    g.op("Reshape", [x, shape], out="hidden")
    inputs = [
        value_info("x", FLOAT, ["batch", "tokens", d]),
        value_info("bias", FLOAT, ["batch", 1, 1, "tokens"]),
    ]
    return g.model(inputs, [value_info("hidden", FLOAT, ["batch", "tokens", d])], OPSET)


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


class OrtLayers:
    """The transformer layers as one onnxruntime session (built on first use)."""

    def __init__(self, w: dict[str, np.ndarray], layers: int, heads: int, eps: float) -> None:
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
        model = build_graph(w, layers, heads, eps)
        self.session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])

    def __call__(self, x: np.ndarray, bias: np.ndarray) -> np.ndarray:
        feed = {"x": np.ascontiguousarray(x, np.float32), "bias": bias.astype(np.float32)}
        return self.session.run(["hidden"], feed)[0]
