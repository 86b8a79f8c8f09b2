"""Caches of ``ikg topics`` under ``<store state dir>/topics/``: the phrases (of two works or
more) of a store version (``terms-VERSION-LANG.json``; older versions' files are removed) and
phrase vectors (``vectors-MODEL.npz``, keyed by a hash of the text). Both are optimisations: a
cache that cannot be read or written is rebuilt or skipped, never an error. Plain JSON and
``.npz`` (``allow_pickle`` off)."""

from __future__ import annotations

import contextlib
import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from kg.experts.semantic import text_hash
from kg.store.base import Store
from kg.topics.candidates import Embed, Term

FORMAT = 4  # raise when the phrase rules change (old caches are rebuilt)
MAX_VECTORS = 100_000


def _folder(store: Store) -> Path | None:
    with contextlib.suppress(Exception):
        return Path(store.state_dir) / "topics"
    return None


def cached_terms(
    store: Store,
    lang: str | None,
    n_works: int,
    compute: Callable[[], dict[str, Term]],
    min_works: int = 2,
) -> dict[str, Term]:
    """The phrases of the store's current version in at least two works (computed once per
    version and language; a phrase of one work only counts for ``min_works`` 1, which is not
    cached: most distinct phrases are of one work)."""
    version, folder = store.current_version(), _folder(store)
    if min_works < 2:
        return compute()
    if not version or folder is None:
        return _shared(compute())
    path = folder / f"terms-{version}-{lang or 'all'}.json"
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data["format"] == FORMAT and data["works"] == n_works:
            return {t["key"]: _term(t) for t in data["terms"]}
    terms = _shared(compute())
    with contextlib.suppress(OSError):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("terms-*.json"):
            if not old.name.startswith(f"terms-{version}-"):
                old.unlink(missing_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        rows = [_row(t) for t in terms.values()]
        payload = {"format": FORMAT, "works": n_works, "terms": rows}
        tmp.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
    return terms


def _shared(terms: dict[str, Term]) -> dict[str, Term]:
    return {k: t for k, t in terms.items() if len(t.works) >= 2}


def _row(t: Term) -> dict[str, object]:
    return {
        "key": t.key,
        "lang": t.lang,
        "tokens": t.tokens,
        "works": sorted(t.works),
        "keyword_works": sorted(t.keyword_works),
        "surfaces": dict(t.surfaces),
    }


def _term(d: dict) -> Term:
    return Term(
        d["key"],
        d["lang"],
        int(d["tokens"]),
        set(d["works"]),
        set(d["keyword_works"]),
        Counter(d["surfaces"]),
    )


def cached_embed(store: Store, embed: Embed, model: str) -> Embed:
    """``embed`` through a per-store cache of phrase vectors."""
    folder = _folder(store)
    if folder is None:
        return embed
    path = folder / f"vectors-{model}.npz"

    def run(texts: Sequence[str]) -> np.ndarray:
        cache: dict[str, np.ndarray] = {}
        with (
            contextlib.suppress(OSError, ValueError, KeyError),
            np.load(path, allow_pickle=False) as z,
        ):
            cache = dict(zip((str(h) for h in z["hashes"]), z["vectors"], strict=True))
        hashes = [text_hash(t) for t in texts]
        todo = sorted({t for t, h in zip(texts, hashes, strict=True) if h not in cache})
        if todo:
            for t, v in zip(todo, embed(todo), strict=True):
                cache[text_hash(t)] = v
            _save(path, cache)
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([cache[h] for h in hashes]).astype(np.float32)

    return run


def _save(path: Path, cache: dict[str, np.ndarray]) -> None:
    items = list(cache.items())[-MAX_VECTORS:]
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp.npz")
        np.savez(
            tmp,
            hashes=np.array([h for h, _ in items], dtype=str),
            vectors=np.array([v for _, v in items], dtype=np.float16),
        )
        tmp.replace(path)
