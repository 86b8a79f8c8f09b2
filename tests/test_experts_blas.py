"""kg.experts.blas: a request sets OpenBLAS to one thread once per process; a user's
OPENBLAS_NUM_THREADS wins. Run in child processes (the test process keeps its threads)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

CODE = """
import json
from kg.experts import blas
before = blas.threads()
first, again = blas.request_threads(), blas.request_threads()
print(json.dumps([before, first, again, blas.threads()]))
"""


def _run(env_threads: str | None) -> list:
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if env_threads:
        env["OPENBLAS_NUM_THREADS"] = env_threads
    out = subprocess.run(
        [sys.executable, "-c", CODE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_experts_blas_request_sets_one_thread_once() -> None:
    before, first, again, after = _run(None)
    assert before is not None, "numpy's OpenBLAS not found: kg.experts.blas needs updating"
    assert (first, again, after) == (True, False, 1)


def test_experts_blas_user_setting_wins() -> None:
    # "1": OpenBLAS caps a larger value at the machine's cores; what is checked is that the
    # user's setting makes request_threads leave the library alone (first is False)
    before, first, again, after = _run("1")
    assert (before, first, again, after) == (1, False, False, 1)
