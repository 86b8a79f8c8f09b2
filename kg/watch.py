"""Watch lists (``ikg watch``): named queries over works, patents, demands or experts, with a
digest of what arrived since the last one, as text, JSON or an Atom feed.

Works are matched with the relevance ``ikg experts`` ranks by (``kg.experts.rank.parse_query``
/ ``work_relevance`` over the expert index): a keyword query with the text index, technology-
taxonomy expansion and sentence vectors, so "biofuels" also catches works on "cellulosic
ethanol"; a longer query (an abstract, a demand text) as a whole text, by sentence-vector and
TF-IDF similarity in standard deviations above the store's typical work. Demands get a BM25
index of their own built with the same tokeniser. An item matches when its relevance is at
least ``MIN_RELEVANCE`` (keyword works and demands) or ``MIN_TEXT_RELEVANCE`` (whole-text
works), or when expert finding ranks the expert (experts).

State lives in ``store.state_dir / "watches.json"`` (written atomically under a file lock):
per watch its query, type, the IRIs already reported and the last digests. "Arrived" is
tracked by IRI: a digest lists the matching items not reported before and remembers them, so
a re-ingest never reports an item twice, and a re-run with nothing new lists nothing.
``watch add`` remembers the items matching at that moment (a watch reports what arrives
after it is made) unless ``backfill`` is asked for.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock, Timeout

from kg import vocab
from kg.errors import ConfigError, InputError, LockError, NotFoundError
from kg.experts.index import get_index
from kg.experts.rank import RankSettings, check_query, parse_query, search, work_relevance
from kg.queries import load
from kg.store.base import Store, py
from kg.textindex import TextIndex, tokenize

TYPES = ("work", "patent", "demand", "expert")
WORK_TYPES = {"work": {"paper", "patent", "project", "report"}, "patent": {"patent"}}
MIN_RELEVANCE = 0.1
MIN_TEXT_RELEVANCE = 2.0  # standard deviations (kg.experts.rank.text_relevance)
HISTORY_KEPT = 20
FEED_ENTRIES = 50
STATE_FORMAT = 1
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_CACHE: dict[str, Any] = {}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


# --- state --------------------------------------------------------------------------------


def _state_path(store: Store) -> Path:
    return store.state_dir / "watches.json"


def _read(path: Path) -> dict[str, Any]:
    if not path.exists():
        return {"format": STATE_FORMAT, "watches": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as e:
        raise ConfigError(f"cannot read the watch lists in {path}: {e}; fix or remove it") from None
    data.setdefault("watches", {})
    return data


@contextmanager
def _state(store: Store, write: bool = True) -> Iterator[dict[str, Any]]:
    """The state under the file lock; written back atomically when ``write``."""
    path = _state_path(store)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(path) + ".lock")
    try:
        lock.acquire(timeout=30)
    except Timeout:
        raise LockError(f"the watch lists are locked by another process ({path}.lock)") from None
    try:
        data = _read(path)
        yield data
        if write:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".watches.", suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(data, fh, ensure_ascii=False, indent=1)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
    finally:
        lock.release()


def _public(w: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": w["name"],
        "query": w["query"],
        "type": w["type"],
        "created": w["created"],
        "last_digest": w.get("last_digest"),
        "reported": len(w.get("seen", [])),
    }


def add(store: Store, name: str, query: str, type_: str = "work", backfill: bool = False) -> dict:
    """A new watch; it remembers what matches now unless ``backfill``."""
    if not _NAME_RE.match(name or ""):
        raise InputError(
            f"watch name {name!r}: use 1-64 letters, digits, '_', '-' or '.', starting with a "
            "letter or digit (it becomes the feed's file name)"
        )
    if type_ not in TYPES:
        raise InputError(f"--type {type_}: give one of {', '.join(TYPES)}")

    query = check_query(query, RankSettings())
    seen = [] if backfill else sorted(i["iri"] for i in matches(store, query, type_))
    with _state(store) as data:
        if name in data["watches"]:
            raise InputError(f"a watch named {name!r} exists; remove it first or pick a new name")
        w = {
            "name": name,
            "query": query,
            "type": type_,
            "created": now_iso(),
            "last_digest": None,
            "seen": seen,
            "history": [],
        }
        data["watches"][name] = w
        return _public(w)


def list_watches(store: Store) -> list[dict[str, Any]]:
    with _state(store, write=False) as data:
        return [_public(w) for _, w in sorted(data["watches"].items())]


def get(store: Store, name: str) -> dict[str, Any]:
    with _state(store, write=False) as data:
        if name not in data["watches"]:
            raise NotFoundError(_unknown(name, data))
        return data["watches"][name]


def _unknown(name: str, data: dict[str, Any]) -> str:
    known = ", ".join(sorted(data["watches"])) or "none (add one with `ikg watch add`)"
    return f"no watch named {name!r}; known watches: {known}"


def remove(store: Store, name: str) -> None:
    with _state(store) as data:
        if name not in data["watches"]:
            raise NotFoundError(_unknown(name, data))
        del data["watches"][name]


# --- matching -----------------------------------------------------------------------------


def _version_key(store: Store) -> str:
    return f"{store.path}::{store.current_version()}"


def _arrivals(store: Store) -> dict[str, tuple[str, str]]:
    """item IRI -> (source name, ingested time) of the latest source that holds it."""
    key = "arrivals::" + _version_key(store)
    if key in _CACHE:
        return _CACHE[key]
    sources = store.sources()
    graphs = sorted(
        ((i.graph, n, i.ingested) for n, i in sources.items()), key=lambda x: -len(x[0])
    )
    out: dict[str, tuple[str, str]] = {}
    for r in store.select(load("watch/item_graphs")):
        g = py(r["g"])
        hit = next(((n, at) for gr, n, at in graphs if g == gr or g.startswith(gr + "/")), None)
        if hit is None:
            continue
        item = py(r["item"])
        if item not in out or hit[1] > out[item][1]:
            out[item] = hit
    _CACHE.clear() if len(_CACHE) > 8 else None
    _CACHE[key] = out
    return out


def _demand_index(store: Store, ix: Any) -> dict[str, Any]:
    key = "demands::" + _version_key(store)
    if key in _CACHE:
        return _CACHE[key]

    docs: dict[str, dict[str, Any]] = {}
    for r in store.select(load("watch/demand_texts")):
        d = docs.setdefault(py(r["d"]), {"texts": [], "titles": {}, "subjects": [], "year": None})
        prop, v = py(r["prop"]), r["value"]
        if prop == vocab.SUBJECT.value:
            d["subjects"].append(py(v))
        elif prop == vocab.YEAR.value:
            d["year"] = py(v)
        else:
            d["texts"].append(v.value)
            if prop == vocab.TITLE.value:
                lang = "zh" if (getattr(v, "language", "") or "").startswith("zh") else "en"
                d["titles"].setdefault(lang, v.value)
    iris = sorted(docs)
    out = {
        "iris": iris,
        "docs": [docs[i] for i in iris],
        "text": TextIndex([tokenize(" ".join(docs[i]["texts"])) for i in iris]),
    }
    _CACHE[key] = out
    return out


def matches(store: Store, query: str, type_: str) -> list[dict[str, Any]]:
    """Items of ``type_`` matching ``query`` now: iri, title, type, year, score, source."""

    s = RankSettings()
    text = check_query(query, s)
    ix = get_index(store)
    arrivals = _arrivals(store)
    items: list[dict[str, Any]] = []
    if type_ in WORK_TYPES:
        q = parse_query(ix, text, s)
        rel = work_relevance(ix, q, s)  # the ranking of `ikg experts`, keywords or whole text
        floor = MIN_TEXT_RELEVANCE if q.mode == "text" else MIN_RELEVANCE
        allowed = WORK_TYPES[type_]
        for w in np.flatnonzero(rel >= floor).tolist():
            if ix.work_type[w] not in allowed:
                continue
            items.append(
                {
                    "iri": ix.work_iris[w],
                    "title": ix.work_display_title(w, q.lang),
                    "type": ix.work_type[w],
                    "year": int(ix.work_year[w]) or None,
                    "score": round(float(rel[w]), 6),
                }
            )
    elif type_ == "demand":
        q = parse_query(ix, text, s)
        di = _demand_index(store, ix)
        n = len(di["iris"])
        raw = np.zeros(n)
        for t, weight in q.terms.items():
            sc = di["text"].term_scores(t)
            if sc is not None:
                raw += weight * sc
        top = raw.max() if n else 0.0
        rel = raw / top if top > 0 else raw
        for i, d in enumerate(di["docs"]):
            subj = set(d["subjects"])
            bonus = s.subject_bonus if subj & set(q.techs) else 0.0
            bonus = bonus or (s.narrower_subject_bonus if subj & q.scope else 0.0)
            score = float(rel[i]) + bonus
            if score >= MIN_RELEVANCE:
                titles = d["titles"]
                items.append(
                    {
                        "iri": di["iris"][i],
                        "title": titles.get(q.lang)
                        or titles.get("en")
                        or next(iter(titles.values()), di["iris"][i]),
                        "type": "demand",
                        "year": d["year"],
                        "score": round(score, 6),
                    }
                )
    elif type_ == "expert":
        for r in search(store, text, limit=0, index=ix)["results"]:
            items.append(
                {
                    "iri": r["iri"],
                    "title": r["name"] + (f" {r['name_zh']}" if r.get("name_zh") else ""),
                    "type": "expert",
                    "year": None,
                    "score": r["score"],
                }
            )
    else:
        raise InputError(f"watch type {type_!r}: give one of {', '.join(TYPES)}")
    for it in items:
        src, at = arrivals.get(it["iri"], (None, None))
        it["source"], it["ingested"] = src, at
    items.sort(key=lambda i: (i["ingested"] or "", i["score"], i["iri"]), reverse=True)
    return items


# --- digests ------------------------------------------------------------------------------


def _parse_since(since: str) -> str:
    try:
        dt = datetime.fromisoformat(since.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"--since {since!r}: give an ISO date or time, e.g. 2025-01-31 or 2025-01-31T08:00"
        ) from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _after(ingested: str | None, since: str) -> bool:
    if not ingested:
        return False
    try:
        return _parse_since(ingested) > since
    except InputError:
        return False


def digest(
    store: Store, since: str | None = None, names: list[str] | None = None, remember: bool = True
) -> dict[str, Any]:
    """What arrived for each watch since its last digest (or, with ``since``, the matching
    items of sources ingested after that time; that look-back changes nothing remembered)."""
    cut = _parse_since(since) if since else None
    with _state(store, write=False) as data:
        watches = dict(data["watches"])
    for n in names or []:
        if n not in watches:
            raise NotFoundError(_unknown(n, data))
    at = now_iso()
    out = []
    for name, w in sorted(watches.items()):
        if names and name not in names:
            continue
        current = matches(store, w["query"], w["type"])
        if cut:
            new = [i for i in current if _after(i.get("ingested"), cut)]
        else:
            seen = set(w.get("seen", []))
            new = [i for i in current if i["iri"] not in seen]
        out.append(
            {
                "name": name,
                "query": w["query"],
                "type": w["type"],
                "since": cut or w.get("last_digest") or w["created"],
                "items": new,
            }
        )
    result = {"generated": at, "since": cut, "watches": out}
    if remember and not cut:
        with _state(store) as data:
            for d in out:
                w = data["watches"].get(d["name"])
                if w is None:  # removed meanwhile
                    continue
                w["seen"] = sorted(set(w.get("seen", [])) | {i["iri"] for i in d["items"]})
                w["last_digest"] = at
                w.setdefault("history", []).append({"at": at, "items": d["items"][:200]})
                w["history"] = w["history"][-HISTORY_KEPT:]
    return result


def latest_digest(store: Store, name: str) -> dict[str, Any] | None:
    hist = get(store, name).get("history") or []
    return hist[-1] if hist else None


# --- Atom ---------------------------------------------------------------------------------


def _dt(value: str | None, fallback: str) -> datetime:
    try:
        return datetime.fromisoformat((value or fallback).replace("Z", "+00:00"))
    except ValueError:
        return datetime.fromisoformat(fallback.replace("Z", "+00:00"))


def atom(
    items_by_watch: list[tuple[str, list[dict[str, Any]]]],
    *,
    feed_id: str,
    title: str,
    self_href: str | None = None,
    updated: str | None = None,
) -> bytes:
    """An Atom 1.0 feed (feedgen): one entry per item IRI, categories naming the watches."""
    from feedgen.feed import FeedGenerator

    stamp = updated or now_iso()
    fg = FeedGenerator()
    fg.id(feed_id)
    fg.title(title)
    fg.author({"name": "ikg"})
    fg.generator("ikg watch")
    fg.updated(_dt(stamp, stamp))
    fg.link(href=self_href or feed_id, rel="self")
    entries: dict[str, Any] = {}
    for watch, items in items_by_watch:
        for it in items:
            fe = entries.get(it["iri"])
            if fe is None:
                fe = fg.add_entry(order="append")
                fe.id(it["iri"])
                fe.title(it["title"] or it["iri"])
                fe.link(href=it["iri"])
                fe.updated(_dt(it.get("ingested"), stamp))
                bits = [it["type"]] + ([str(it["year"])] if it.get("year") else [])
                if it.get("source"):
                    bits.append(f"source {it['source']}, ingested {it.get('ingested')}")
                fe.summary(" · ".join(bits) + f" · score {it['score']:g}")
                entries[it["iri"]] = fe
            fe.category(term=watch)
    return fg.atom_str(pretty=True)


def digest_atom(result: dict[str, Any]) -> bytes:
    return atom(
        [(d["name"], d["items"]) for d in result["watches"]],
        feed_id="urn:ikg:watch:digest",
        title="ikg watch digest " + result["generated"],
        updated=result["generated"],
    )


def feed(store: Store, name: str, base: str = "", limit: int = FEED_ENTRIES) -> bytes:
    """A watch's live feed: its latest ``limit`` matching items, newest ingest first."""
    w = get(store, name)
    items = matches(store, w["query"], w["type"])[:limit]
    newest = max((i["ingested"] for i in items if i.get("ingested")), default=w["created"])
    return atom(
        [(name, items)],
        feed_id=f"urn:ikg:watch:{name}",
        title=f"ikg watch {name}: {w['query']} ({w['type']})",
        self_href=f"{base.rstrip('/')}/feeds/{name}.atom" if base else None,
        updated=newest,
    )
