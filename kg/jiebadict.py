"""jieba's dictionary as memory-mapped arrays, for processes that cut a few Chinese texts.

Before it cuts anything, jieba loads its prefix dictionary (``FREQ``: ~350k words and their
prefixes, ~580k keys) from a ``marshal`` cache in the temporary directory: 9 MB, 0.3-1.5 s per
process (1.5 s at load ~8 on the 2-core machine), which made a Chinese ``ikg experts`` request
from the command line ~2 s slower than an English one; and a marshal file in a shared ``/tmp``
may be planted by another user. ``use_saved_dictionary`` gives a ``jieba.Tokenizer`` the same
``FREQ`` and ``total``, saved once per user and jieba version as two ``.npy`` arrays (the keys
sorted, their counts; loaded memory-mapped, ``allow_pickle`` off) in ``$IKG_CACHE_DIR`` or
``~/.cache/ikg``. ``FreqMap`` answers jieba's own lookups by binary search, so the cuts are
jieba's (``tests/test_jiebadict.py`` compares them); words jieba adds later go to an overlay.
A process that cuts many texts (an index build) would pay ~10 us per lookup: after
``FreqMap.LOOKUPS`` lookups the map copies the arrays into a dict once (~0.3-1 s) and reads that.
Before that, each key's binary search is remembered (a 270-character Chinese request looks up
~2,000 fragments per cut, ~600 distinct, and a request is cut up to three times: 25 -> 9 ms).
``import_jieba`` imports jieba without ``pkg_resources`` (which jieba's ``_compat`` imports only
to open its own data files, and falls back to ``open`` without: ~0.12 s of a new process).
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

import numpy as np


class FreqMap(MutableMapping[str, int]):
    """jieba's ``FREQ`` dict over sorted ``keys`` and their ``counts`` (read-only arrays, e.g.
    memory-mapped) plus an overlay for words added afterwards."""

    LOOKUPS = 100_000  # binary searches before the arrays are copied into a dict

    def __init__(self, keys: np.ndarray, counts: np.ndarray) -> None:
        self.keys, self.counts = keys, counts
        self.extra: dict[str, int] = {}
        self.full: dict[str, int] | None = None  # the arrays as a dict, once LOOKUPS passed
        self.found: dict[str, int] = {}  # key -> its position (or -1), before LOOKUPS
        self.lookups = 0

    def _find(self, key: str) -> int:
        if key in self.found:
            return self.found[key]
        self.lookups += 1
        if self.lookups > self.LOOKUPS and self.full is None:
            self.full = dict(zip(self.keys.tolist(), self.counts.tolist(), strict=True))
            self.found.clear()
        i = int(np.searchsorted(self.keys, key))
        i = i if i < len(self.keys) and self.keys[i] == key else -1
        if self.full is None:
            self.found[key] = i
        return i

    def get(self, key: str, default: Any = None) -> Any:  # jieba's hot path
        if key in self.extra:
            return self.extra[key]
        if self.full is not None:
            return self.full.get(key, default)
        i = self._find(key)
        return int(self.counts[i]) if i >= 0 else default

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            return False
        if key in self.extra or (self.full is not None and key in self.full):
            return True
        return self.full is None and self._find(key) >= 0

    def __getitem__(self, key: str) -> int:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: int) -> None:
        self.extra[key] = value

    def __delitem__(self, key: str) -> None:
        del self.extra[key]  # the saved words stay (jieba deletes none: del_word sets 0)

    def __iter__(self) -> Iterator[str]:
        yield from (str(k) for k in self.keys)
        yield from (k for k in self.extra if self._find(k) < 0)

    def __len__(self) -> int:
        return len(self.keys) + sum(1 for k in self.extra if self._find(k) < 0)


def import_jieba() -> Any:
    """``import jieba`` with ``pkg_resources`` hidden while it loads (module doc)."""
    if "jieba" in sys.modules:
        return sys.modules["jieba"]
    had = "pkg_resources" in sys.modules
    saved = sys.modules.get("pkg_resources")
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        return importlib.import_module("jieba")
    finally:
        if had:
            sys.modules["pkg_resources"] = saved  # type: ignore[assignment]
        else:
            del sys.modules["pkg_resources"]


def cache_dir() -> Path:
    base = os.environ.get("IKG_CACHE_DIR") or str(Path.home() / ".cache" / "ikg")
    return Path(base)


def _paths(jieba: Any) -> tuple[Path, Path, Path]:
    """The arrays' files (keys, counts, total) for this jieba version and dictionary file."""
    dict_file = Path(jieba.__file__).parent / "dict.txt"
    st = dict_file.stat()
    key = f"jieba-{jieba.__version__}-{st.st_size}-{int(st.st_mtime)}"
    base = cache_dir()
    return base / f"{key}-keys.npy", base / f"{key}-counts.npy", base / f"{key}-total.npy"


def _save(path: Path, array: np.ndarray) -> None:
    tmp = path.with_name(f"{path.stem}.{os.getpid()}.tmp.npy")
    np.save(tmp, array, allow_pickle=False)
    tmp.replace(path)


def use_saved_dictionary(tok: Any, jieba: Any) -> bool:
    """Initialise ``tok`` (a ``jieba.Tokenizer`` on jieba's default dictionary) from the saved
    arrays, building them first when missing; False (``tok`` left to jieba) for a tokenizer
    already initialised or on another dictionary."""
    if tok.initialized or tok.dictionary is not None:
        return False
    keys_path, counts_path, total_path = _paths(jieba)
    try:
        keys = np.load(keys_path, mmap_mode="r", allow_pickle=False)
        counts = np.load(counts_path, mmap_mode="r", allow_pickle=False)
        total = int(np.load(total_path, allow_pickle=False)[0])
        if keys.shape != counts.shape or keys.dtype.kind != "U":
            raise ValueError(f"{keys_path}: damaged")
        freq: MutableMapping[str, int] = FreqMap(keys, counts)
    except (OSError, ValueError, IndexError):
        freq, total = tok.gen_pfdict(tok.get_dict_file())  # jieba's own build (~1-3 s)
        order = sorted(freq)
        try:
            keys_path.parent.mkdir(parents=True, exist_ok=True)
            _save(counts_path, np.array([freq[k] for k in order], dtype=np.int64))
            _save(total_path, np.array([total], dtype=np.int64))
            _save(keys_path, np.array(order))  # last: the others exist when it does
        except OSError:
            pass  # an unwritable cache: this process uses the dict it built
    tok.FREQ, tok.total = freq, total
    tok.initialized = True
    return True
