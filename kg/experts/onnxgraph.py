"""A minimal writer of ONNX models (the protocol-buffer wire format), enough for a BERT encoder.

ikg builds the all-MiniLM-L6-v2 graph itself (``kg.experts.minilm_ort``) from the safetensors
weights that the model package installs, so neither the ``onnx`` package nor a converted model
file is needed: onnxruntime reads the bytes written here. Only the fields used are written
(field numbers from onnx.proto3): ModelProto, GraphProto, NodeProto, AttributeProto,
TensorProto (raw little-endian data), ValueInfoProto with a tensor type and symbolic or fixed
dimensions, and the operator-set import.

Why not the ``onnx`` package's ``helper``: importing it (with ``ml_dtypes``) took 1.1-1.3 s
here (``python -X importtime -c "import onnx"``, load ~6, 3 Dec), more than the whole
onnxruntime session build this graph is for; the bytes written here load in onnxruntime, and
``tests/test_experts_minilm.py`` checks the vectors against the numpy reference.

A message is kept as a list of byte chunks (``Parts``) and joined once at the end, so the
weights (~40 MB) are copied once: a memory-mapped tensor goes in as a view.
"""

from __future__ import annotations

import struct
import sys
from dataclasses import dataclass, field

import numpy as np

FLOAT, UINT8, INT8, INT32, INT64 = 1, 2, 3, 6, 7  # TensorProto.DataType
_DTYPES = {
    np.dtype(np.float32): FLOAT,
    np.dtype(np.uint8): UINT8,
    np.dtype(np.int8): INT8,
    np.dtype(np.int64): INT64,
}
ATTR_FLOAT, ATTR_INT, ATTR_INTS = 1, 2, 7  # AttributeProto.AttributeType
IR_VERSION = 8
Parts = list[bytes | memoryview]


def _varint(n: int) -> bytes:
    n &= (1 << 64) - 1  # negative int64: two's complement, ten bytes
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _int(num: int, value: int) -> bytes:
    return _varint(num << 3) + _varint(value)


def _msg(num: int, parts: Parts) -> Parts:
    """Field ``num`` holding the bytes of ``parts`` (a sub-message, a string, raw data)."""
    size = sum(p.nbytes if isinstance(p, memoryview) else len(p) for p in parts)
    return [_varint(num << 3 | 2) + _varint(size), *parts]


def _str(num: int, text: str) -> bytes:
    data = text.encode("utf-8")
    return _varint(num << 3 | 2) + _varint(len(data)) + data


def _float(num: int, value: float) -> bytes:
    return _varint(num << 3 | 5) + struct.pack("<f", value)


def tensor(name: str, array: np.ndarray) -> Parts:
    """A TensorProto with raw data (float32, uint8, int8 or int64), the array's memory as a
    view."""
    a = np.ascontiguousarray(array)
    if a.dtype not in _DTYPES:
        raise TypeError(f"{name}: dtype {a.dtype} is not float32, uint8, int8 or int64")
    if sys.byteorder != "little":
        a = a.astype(a.dtype.newbyteorder("<"))
    head = b"".join(_int(1, d) for d in a.shape) + _int(2, _DTYPES[a.dtype]) + _str(8, name)
    return [head, *_msg(9, [memoryview(a).cast("B")])]


def value_info(name: str, elem_type: int, dims: list[int | str]) -> Parts:
    """A graph input or output: a tensor of ``elem_type`` with fixed (int) or named dims."""
    shape: Parts = []
    for d in dims:  # TensorShapeProto.dim: Dimension{dim_value=1 | dim_param=2}
        shape += _msg(1, [_int(1, d) if isinstance(d, int) else _str(2, d)])
    tensor_type = [_int(1, elem_type), *_msg(2, shape)]
    return [_str(1, name), *_msg(2, _msg(1, tensor_type))]


def attribute(name: str, value: float | int | list[int]) -> bytes:
    if isinstance(value, float):
        return _str(1, name) + _float(2, value) + _int(20, ATTR_FLOAT)
    if isinstance(value, int):
        return _str(1, name) + _int(3, value) + _int(20, ATTR_INT)
    return _str(1, name) + b"".join(_int(8, v) for v in value) + _int(20, ATTR_INTS)


@dataclass
class Graph:
    """Nodes and initializers added in order; ``model`` serialises the whole ModelProto."""

    name: str
    nodes: Parts = field(default_factory=list)
    inits: Parts = field(default_factory=list)
    count: int = 0
    domains: set[str] = field(default_factory=set)

    def const(self, name: str, array: np.ndarray) -> str:
        self.inits += _msg(5, tensor(name, array))
        return name

    def op(
        self,
        op_type: str,
        inputs: list[str],
        out: str = "",
        domain: str = "",
        **attrs: float | int | list[int],
    ) -> str:
        """Add a node with one output (``out``, else named after its position); its name.
        ``domain``: an operator set other than ONNX's (``com.microsoft``: onnxruntime's)."""
        self.count += 1
        out = out or f"{op_type.lower()}_{self.count}"
        body = b"".join(_str(1, i) for i in inputs) + _str(2, out)
        body += _str(3, out) + _str(4, op_type)
        for k, v in attrs.items():
            body += b"".join(_msg(5, [attribute(k, v)]))
        if domain:
            body += _str(7, domain)
            self.domains.add(domain)
        self.nodes += _msg(1, [body])
        return out

    def model(self, inputs: list[Parts], outputs: list[Parts], opset: int) -> bytes:
        graph: Parts = [*self.nodes, _str(2, self.name), *self.inits]
        for v in inputs:
            graph += _msg(11, v)
        for v in outputs:
            graph += _msg(12, v)
        parts: Parts = [_int(1, IR_VERSION), _str(2, "ikg"), *_msg(7, graph)]
        parts += _msg(8, [_str(1, ""), _int(2, opset)])
        for domain in sorted(self.domains):  # onnxruntime's contrib operators: version 1
            parts += _msg(8, [_str(1, domain), _int(2, 1)])
        return b"".join(parts)
