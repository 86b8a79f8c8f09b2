"""One BLAS thread for answering requests.

numpy's OpenBLAS starts a worker per core and its workers keep spinning for a while after each
call. On a machine whose cores are shared (the 2-core machine these figures come from runs
several jobs), the spinning workers take the core the next numpy step needs: a 256-token
MiniLM request took 0.5-1.6 s with two threads and 0.17-0.5 s with one in the same minutes, and
a warm keyword query 45-62 ms instead of 28-40 ms (p50). ``request_threads`` sets one thread for
the rest of the process the first time a request is parsed (``kg.experts.query.parse_query``);
ingest processes, which encode works in batches, keep OpenBLAS's default. A user's
``OPENBLAS_NUM_THREADS`` wins. A numpy without OpenBLAS (MKL, Accelerate) is left alone.
"""

from __future__ import annotations

import ctypes
import glob
import os
from pathlib import Path
from typing import Any

import numpy as np

PREFIXES = ("scipy_openblas_", "openblas_")  # numpy's own wheel / a system OpenBLAS
SUFFIXES = ("64_", "")
_done = False


def _function(what: str) -> Any:
    """OpenBLAS's ``set_num_threads`` or ``get_num_threads`` in numpy's bundled library, or
    None."""
    libs = Path(np.__file__).parent.parent / "numpy.libs"
    for path in sorted(glob.glob(str(libs / "*openblas*"))):
        try:
            lib = ctypes.CDLL(path)  # already loaded by numpy: the same library
        except OSError:
            continue
        for prefix in PREFIXES:
            for suffix in SUFFIXES:
                fn = getattr(lib, f"{prefix}{what}{suffix}", None)
                if fn is not None:
                    return fn
    return None


def threads() -> int | None:
    """OpenBLAS's current number of threads (None: not found)."""
    fn = _function("get_num_threads")
    return None if fn is None else int(fn())


def request_threads(n: int = 1) -> bool:
    """Set OpenBLAS to ``n`` threads once per process (module doc); True when it was set."""
    global _done
    if _done:
        return False
    _done = True
    if os.environ.get("OPENBLAS_NUM_THREADS"):
        return False
    fn = _function("set_num_threads")
    if fn is None:
        return False
    fn.argtypes = [ctypes.c_int]
    fn(n)
    return True
