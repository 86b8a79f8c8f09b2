"""The review queue: uncertain merges wait here for a person to accept or reject them.

State lives in ``STORE/state/review.json`` (guarded by ``review.lock``). Accepting writes
``owl:sameAs`` between the two entities into the ``review`` source graph (all accepted pairs,
so the graph survives re-ingests of other sources); rejecting records the pair so it is never
proposed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from filelock import FileLock

from kg import vocab
from kg.errors import NotFoundError, StoreError
from kg.store.base import Store

REVIEW_SOURCE = "review"
STATUSES = ("pending", "accepted", "rejected")


def pair_id(a: str, b: str) -> str:
    x, y = sorted((a, b))
    return hashlib.sha1(f"{x}\n{y}".encode()).hexdigest()[:10]


class ReviewQueue:
    """Pending, accepted and rejected pairs of one store. Touches nothing until used."""

    def __init__(self, store: Store) -> None:
        self.store = store

    @property
    def path(self) -> Path:
        return Path(self.store.state_dir) / "review.json"

    def _lock(self) -> FileLock:
        return FileLock(str(Path(self.store.state_dir) / "review.lock"), timeout=30)

    def _read(self) -> dict[str, dict[str, Any]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, json.JSONDecodeError) as e:
            raise StoreError(
                f"cannot read the review queue {self.path}: {e}; fix or delete the file"
            ) from None
        return {item["id"]: item for item in data.get("items", [])}

    def _write(self, items: dict[str, dict[str, Any]]) -> None:
        tmp = self.path.with_suffix(".json.tmp")
        tmp.write_text(
            json.dumps({"items": list(items.values())}, ensure_ascii=False, indent=1),
            encoding="utf-8",
        )
        os.replace(tmp, self.path)

    def items(self, status: str | None = "pending") -> list[dict[str, Any]]:
        with self._lock():
            items = list(self._read().values())
        if status:
            items = [i for i in items if i["status"] == status]
        return sorted(items, key=lambda i: (-i["score"], i["id"]))

    def add(self, candidates: list[dict[str, Any]]) -> int:
        """Queue candidate pairs (``Candidate.as_json()`` dicts); known pairs are skipped."""
        added = 0
        now = datetime.now(UTC).replace(microsecond=0).isoformat()
        with self._lock():
            items = self._read()
            for c in candidates:
                if c["a"] == c["b"]:
                    continue
                pid = pair_id(c["a"], c["b"])
                if pid in items:
                    continue  # pending, accepted or rejected: never proposed twice
                items[pid] = {"id": pid, "status": "pending", "created": now} | {
                    k: c.get(k) for k in
                    ("kind", "a", "b", "a_name", "b_name", "score", "reasons", "mentions")
                }  # fmt: skip
                added += 1
            if added:
                self._write(items)
        return added

    def is_rejected(self, a: str, b: str) -> bool:
        item = self._read().get(pair_id(a, b))
        return bool(item and item["status"] == "rejected")

    def decide(self, item_id: str, accept: bool) -> dict[str, Any]:
        with self._lock():
            items = self._read()
            item = items.get(item_id)
            if item is None:
                raise NotFoundError(
                    f"no review item {item_id!r} in {self.path}; see `ikg review list`"
                )
            item["status"] = "accepted" if accept else "rejected"
            item["decided"] = datetime.now(UTC).replace(microsecond=0).isoformat()
            if accept:
                self._publish(items)
            self._write(items)
        return item

    def _publish(self, items: dict[str, dict[str, Any]]) -> None:
        """Rewrite the review source graph with owl:sameAs for every accepted IRI pair."""
        triples: list[ox.Triple] = []
        n = 0
        for it in items.values():
            if it["status"] != "accepted":
                continue
            try:
                a, b = ox.NamedNode(it["a"]), ox.NamedNode(it["b"])
            except ValueError:
                continue  # mention ids, not entities: recorded, nothing to write
            triples += [ox.Triple(a, vocab.OWL.sameAs, b), ox.Triple(b, vocab.OWL.sameAs, a)]
            n += 1
        with self.store.writer() as w:
            w.replace_source(REVIEW_SOURCE, triples, records=n)
