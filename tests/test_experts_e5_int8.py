"""kg.experts.e5_int8: integer projections with the large channels multiplied in float32."""

from __future__ import annotations

import numpy as np
import onnxruntime as ort

from kg.experts import e5_int8, minilm_ort
from kg.experts.onnxgraph import FLOAT, Graph, value_info


def _linear(w: np.ndarray, b: np.ndarray, outliers: np.ndarray, x: np.ndarray) -> np.ndarray:
    """One Int8Linear projection as a graph, run on ``x`` (rows, in)."""
    g = Graph("t")
    lin = e5_int8.Int8Linear(g, lambda i, r: (w, b), {(0, "q"): outliers})
    y = lin("x", 0, "q")
    g.op("Identity", [y], out="y")
    model = g.model(
        [value_info("x", FLOAT, ["m", w.shape[1]])], [value_info("y", FLOAT, ["m", w.shape[0]])], 17
    )
    return ort.InferenceSession(model, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]


def test_experts_e5_int8_outlier_channels_are_the_largest():
    maxima = np.array([0.5, 9.0, 0.1, 30.0, 2.0, 9.0])
    assert e5_int8.outlier_channels(maxima, 3).tolist() == [1, 3, 5]


def test_experts_e5_int8_float_channels_keep_a_projection_exact_where_it_matters():
    rng = np.random.default_rng(3)
    w = rng.standard_normal((48, 64)).astype(np.float32)
    b = rng.standard_normal(48).astype(np.float32)
    x = rng.standard_normal((20, 64)).astype(np.float32)
    x[:, 7] *= 40.0  # one channel 40x the others, as after e5's layer norms
    want = x @ w.T + b
    with_float = _linear(w, b, np.array([7]), x)
    without = _linear(w, b, np.array([0]), x)  # channel 0 is an ordinary one
    err_with = np.abs(with_float - want).max() / np.abs(want).max()
    err_without = np.abs(without - want).max() / np.abs(want).max()
    assert err_with < 0.01 and err_without > 3 * err_with
    # the same input feeds several projections (q, k, v): quantised once
    g = Graph("t")
    lin = e5_int8.Int8Linear(g, lambda i, r: (w, b), {(0, "q"): np.array([7])})
    lin("x", 0, "q"), lin("x", 0, "k")
    assert len(lin.inputs) == 1 and minilm_ort.LEVELS == 127


def test_experts_e5_int8_eight_bit_activations_only_with_exact_kernels():
    # 7 bits keep the second FFN projection in MatMulNBits; 8 bits need no saturating kernel
    assert e5_int8.nbits_roles(127) == e5_int8.NBITS and not e5_int8.nbits_roles(255)
    assert e5_int8.levels() == (255 if e5_int8.wide_levels() else minilm_ort.LEVELS)
    rng = np.random.default_rng(4)
    w = rng.standard_normal((48, 64)).astype(np.float32)
    b = np.zeros(48, dtype=np.float32)
    x = rng.standard_normal((20, 64)).astype(np.float32)
    want = x @ w.T

    def error(n_levels: int) -> float:
        g = Graph("t")
        lin = e5_int8.Int8Linear(g, lambda i, r: (w, b), {(0, "q"): np.array([0])}, n_levels)
        g.op("Identity", [lin("x", 0, "q")], out="y")
        model = g.model(
            [value_info("x", FLOAT, ["m", 64])], [value_info("y", FLOAT, ["m", 48])], 17
        )
        got = ort.InferenceSession(model, providers=["CPUExecutionProvider"]).run(None, {"x": x})[0]
        return float(np.abs(got - want).max())

    if e5_int8.wide_levels():  # the kernels sum in 32 bits: 8 bits halve the step
        assert error(255) < 0.75 * error(127)
