"""jieba set up for ikg: a per-user dictionary cache, private tokenizers, gazetteer words."""

from __future__ import annotations

import functools
import logging
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def jieba_cache_dir() -> Path:
    """jieba's dictionary cache, per user (``$XDG_CACHE_HOME/ikg/jieba``, else ``~/.cache``):
    never jieba's default ``/tmp/jieba.cache``, which another user may own (a traceback) or
    plant (jieba loads it with ``marshal``). An unwritable home gets a private temporary dir."""
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    path = base / "ikg" / "jieba"
    try:
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError:
        path = Path(_private_tmp())
    return path


@functools.cache
def _private_tmp() -> str:
    return tempfile.mkdtemp(prefix="ikg-jieba-")


def configure_jieba() -> None:
    """Quiet jieba and point its global tokenizer's cache at ``jieba_cache_dir()``."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    if jieba.dt.tmp_dir is None:
        jieba.dt.tmp_dir = str(jieba_cache_dir())


def new_jieba_tokenizer() -> Any:
    """A private, initialised ``jieba.Tokenizer`` (its cache in ``jieba_cache_dir()``)."""
    import jieba

    configure_jieba()
    tok = jieba.Tokenizer()
    tok.tmp_dir = str(jieba_cache_dir())
    tok.initialize()
    return tok


def add_jieba_words(tok: Any, seen: set[str], words: Iterable[str]) -> None:
    """Add the Chinese gazetteer names among ``words`` to ``tok`` (once each, by ``seen``)."""
    for w in words:
        if _CJK.search(w) and w not in seen and " " not in w:
            tok.add_word(w, freq=max(2000, 200 * len(w)))
            seen.add(w)
