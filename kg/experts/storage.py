"""The expert index on disk, in safe formats only (JSON and ``.npz`` without pickle).

One folder per store version, ``<state_dir>/index/<version>/``:
- ``experts.json``: names, work IRIs and types, institutions, regions, taxonomy (with its
  labels' tokens);
- ``works.jsonl``: one line per work (title, text, subjects, contributions, institutions), each
  parsed when first read (``arrays.npz`` holds the line offsets);
- ``arrays.npz``: work years, the flattened contributions, the works' line offsets, each
  person's works and each technology's works (offsets + positions: ~0.05-0.1 s of JSON parsing
  per process at 1M triples), the contributions grouped by person (``kg.experts.topk``);
- ``lexical.npz``: the works × terms counts and vocabulary (``kg.experts.lexical``);
- ``dense.npz`` + ``dense.npy``: the model's name, work keys and text hashes; one float32
  vector per work, memory-mapped (``kg.experts.semantic``);
- ``dense_en.npz`` + ``dense_en.npy``: the same for the English model (zero rows for works in
  another script).
Nothing here executes code on load; a damaged or older folder is rebuilt.
"""

from __future__ import annotations

import json
import mmap
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.experts.lexical import SparseText
from kg.experts.semantic import DenseVectors
from kg.experts.topk import group_rows
from kg.textindex import Taxonomy

FORMAT = 12  # 11: dense_en.npz (all-MiniLM-L6-v2); 12: works.jsonl
_ARRAYS = ("work_year", "cf_work", "cf_expert", "cf_class", "cf_slot")


class LazyRows(Sequence[Any]):
    """A read-only list whose rows are made on first access (``get(i)``): a query reads the
    titles and contributions of a few works, not the 45k+ of a 1M-triple store."""

    def __init__(self, n: int, get: Callable[[int], Any]) -> None:
        self.n, self.get = n, get
        self.done: dict[int, Any] = {}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(self.n))]
        i = int(i)
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        if i not in self.done:
            self.done[i] = self.get(i)
        return self.done[i]

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(self.n))


class WorkLines:
    """``works.jsonl``: one JSON line per work ([title, text, subjects, contributions,
    institutions]), parsed when one of its fields is first read."""

    FIELDS = ("work_title", "work_text", "work_subjects", "work_contribs", "work_insts")

    def __init__(self, data: bytes | mmap.mmap, offsets: np.ndarray, contrib_cls: type) -> None:
        self.data, self.offsets, self.contrib_cls = data, offsets, contrib_cls
        self.rows = LazyRows(len(offsets) - 1, self.parse)

    def parse(self, i: int) -> tuple[Any, ...]:
        title, text, subjects, contribs, insts = json.loads(
            self.data[int(self.offsets[i]) : int(self.offsets[i + 1])]
        )
        return title, text, tuple(subjects), [self.contrib_cls(*c) for c in contribs], tuple(insts)

    def field(self, k: int) -> LazyRows:
        return LazyRows(self.rows.n, lambda i: self.rows[i][k])

    @staticmethod
    def write(ix: Any, path: Path) -> np.ndarray:
        offsets = [0]
        with path.open("wb") as f:
            for w in range(len(ix.work_iris)):
                row = [
                    ix.work_title[w],
                    ix.work_text[w],
                    list(ix.work_subjects[w]),
                    [
                        [c.expert, c.role, c.position, c.count, c.sentence]
                        for c in ix.work_contribs[w]
                    ],
                    list(ix.work_insts[w]),
                ]
                line = json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n"
                f.write(line)
                offsets.append(offsets[-1] + len(line))
        return np.array(offsets, dtype=np.int64)


def _sets(d: dict[str, Any]) -> dict[str, list[str]]:
    return {k: sorted(v) for k, v in d.items()}


def to_json(ix: Any) -> dict[str, Any]:
    inst = {
        k: {**v, "types": sorted(v["types"]), "labels": sorted(v["labels"])}
        for k, v in ix.inst.items()
    }
    return {
        "format": FORMAT,
        "version": ix.version,
        "built_s": ix.built_s,
        "work_iris": ix.work_iris,
        "work_type_names": sorted(set(ix.work_type)),  # each work's: arrays.npz work_type
        "expert_iris": ix.expert_iris,
        "expert_names": ix.expert_names,
        "expert_all_names": [sorted(s) for s in ix.expert_all_names],
        "expert_insts": ix.expert_insts,
        "expert_regions": [sorted(s) for s in ix.expert_regions],
        "expert_expertise": ix.expert_expertise,
        "aliases": ix.aliases,
        "inst_aliases": ix.inst_aliases,
        "tech_works_keys": list(ix.tech_works),  # their works: arrays.npz
        "tech_experts": ix.tech_experts,
        "inst": inst,
        "region_labels": _sets(ix.region_labels),
        "region_parent": ix.region_parent,
        "tech_label_rows": ix.tech_label_rows,
        "tech_label_index": ix.taxonomy.label_index,
        "tech_broader_rows": ix.tech_broader_rows,
        "tech_industries": _sets(ix.tech_industries),
    }


def from_json(ix: Any, d: dict[str, Any], contrib_cls: type) -> None:
    """Fill ``ix`` (an empty ExpertIndex) from ``to_json``'s dict."""
    ix.version, ix.built_s = d["version"], d["built_s"]
    for k in ("work_iris", "expert_iris"):
        setattr(ix, k, d[k])
    if "work_type" in d:  # an index saved before arrays.npz held the works' types
        ix.work_type = d["work_type"]
    ix.expert_names = d["expert_names"]
    ix.expert_all_names = [set(x) for x in d["expert_all_names"]]
    ix.expert_insts = [tuple(x) for x in d["expert_insts"]]
    ix.expert_regions = [set(x) for x in d["expert_regions"]]
    ix.expert_expertise = [tuple(x) for x in d["expert_expertise"]]
    if "expert_works" in d:  # an index saved before arrays.npz held them
        ix.expert_works = d["expert_works"]
        ix.tech_works = {k: np.array(v, dtype=np.int64) for k, v in d["tech_works"].items()}
    ix.aliases, ix.inst_aliases = d["aliases"], d["inst_aliases"]
    ix.tech_experts = d["tech_experts"]
    ix.inst = {
        k: {**v, "types": set(v["types"]), "labels": set(v["labels"])} for k, v in d["inst"].items()
    }
    ix.region_labels = {k: set(v) for k, v in d["region_labels"].items()}
    ix.region_parent = d["region_parent"]
    ix.tech_label_rows = [tuple(r) for r in d["tech_label_rows"]]
    ix.tech_broader_rows = [tuple(r) for r in d["tech_broader_rows"]]
    # the labels' tokens as saved (an index saved before them tokenises its labels again)
    saved = d.get("tech_label_index")
    ix.taxonomy = Taxonomy.build(ix.tech_label_rows, ix.tech_broader_rows, saved)
    ix.tech_industries = {k: set(v) for k, v in d["tech_industries"].items()}


def _offsets(lists: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
    """(all items in order, where each list starts and the last ends)."""
    off = np.zeros(len(lists) + 1, dtype=np.int64)
    np.cumsum([len(x) for x in lists], out=off[1:])
    flat = np.fromiter((i for x in lists for i in x), dtype=np.int64, count=int(off[-1]))
    return flat, off


def _groups(ix: Any) -> dict[str, np.ndarray]:
    """The per-person and per-technology work lists and the grouped contributions, as arrays."""
    ew, ew_off = _offsets(ix.expert_works)
    tw, tw_off = _offsets([ix.tech_works[k] for k in ix.tech_works])
    rows, starts, group = ix.expert_rows or group_rows(ix.cf_expert)
    pos = {t: i for i, t in enumerate(sorted(set(ix.work_type)))}
    return {
        "work_type": np.array([pos[t] for t in ix.work_type], dtype=np.int16),
        "expert_works": ew,
        "expert_works_off": ew_off,
        "tech_works": tw,
        "tech_works_off": tw_off,
        "expert_rows": rows,
        "expert_row_starts": starts,
        "expert_row_group": group,
    }


def _load_groups(ix: Any, z: Any, d: dict[str, Any]) -> None:
    """``_groups``' arrays back into ``ix`` (an index saved before them keeps what from_json
    read). The works' types come as codes, which ``kg.experts.weights`` reads as they are."""
    if "expert_works_off" not in z.files:
        return
    if "work_type_names" in d:  # else experts.json held the types (from_json read them)
        names, codes = d["work_type_names"], z["work_type"].astype(np.int64)
        if len(codes) != len(ix.work_iris):
            raise ValueError("arrays.npz: work types do not match experts.json")
        ix.work_type = LazyRows(len(codes), lambda w: names[codes[w]])
        ix.type_codes = (names, codes)
    keys = d.get("tech_works_keys", [])
    ew, off = z["expert_works"], z["expert_works_off"]
    if len(off) != len(ix.expert_iris) + 1 or len(keys) + 1 != len(z["tech_works_off"]):
        raise ValueError("arrays.npz: work lists do not match experts.json")
    ix.expert_works = LazyRows(len(off) - 1, lambda e: ew[off[e] : off[e + 1]].tolist())
    tw, toff = z["tech_works"], z["tech_works_off"]
    ix.tech_works = {k: tw[toff[i] : toff[i + 1]] for i, k in enumerate(keys)}
    rows = z["expert_rows"]
    if len(rows) == len(ix.cf_expert):
        ix.expert_rows = (rows, z["expert_row_starts"], z["expert_row_group"])


def save(ix: Any, folder: Path) -> None:
    """Write the index to ``folder`` (through a temporary folder, then renamed)."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "experts.json").write_text(json.dumps(to_json(ix), ensure_ascii=False), "utf-8")
    offsets = WorkLines.write(ix, tmp / "works.jsonl")
    arrays = {k: getattr(ix, k) for k in _ARRAYS}
    np.savez(tmp / "arrays.npz", work_offsets=offsets, **arrays, **_groups(ix))
    if ix.text is not None:
        ix.text.save(tmp / "lexical.npz")
    if ix.dense is not None:
        ix.dense.save(tmp / "dense.npz")
    if ix.dense_en is not None:
        ix.dense_en.save(tmp / "dense_en.npz")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)


def _mapped(path: Path) -> Any:
    """The file's bytes, memory-mapped (read where a query touches them: reading 17 MB of
    works.jsonl cost a new process ~0.03 s at 1M triples)."""
    with path.open("rb") as f:
        if not os.fstat(f.fileno()).st_size:
            return b""
        return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)


def load(ix: Any, folder: Path, contrib_cls: type) -> bool:
    """Fill ``ix`` from ``folder``; False when it is missing, damaged or of another format."""
    try:
        d = json.loads((folder / "experts.json").read_text("utf-8"))
        if d.get("format") != FORMAT:
            return False
        from_json(ix, d, contrib_cls)
        with np.load(folder / "arrays.npz", allow_pickle=False) as z:
            for k in _ARRAYS:
                setattr(ix, k, z[k])
            offsets = z["work_offsets"]
            _load_groups(ix, z, d)
        lines = WorkLines(_mapped(folder / "works.jsonl"), offsets, contrib_cls)
        if lines.rows.n != len(ix.work_iris):
            return False
        for k, name in enumerate(WorkLines.FIELDS):
            setattr(ix, name, lines.field(k))
        ix.text = SparseText.load(folder / "lexical.npz")
        dense = folder / "dense.npz"
        ix.dense = DenseVectors.load(dense) if dense.exists() else None
        dense_en = folder / "dense_en.npz"
        ix.dense_en = DenseVectors.load(dense_en) if dense_en.exists() else None
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return True


def previous_dense(base: Path, keep: str, name: str = "dense.npz") -> DenseVectors | None:
    """The newest other version's vectors in file ``name`` (reused for unchanged works at the
    next build)."""
    if not base.is_dir():
        return None
    olds = sorted(
        (p for p in base.glob(f"*/{name}") if p.parent.name != keep),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for p in olds:
        try:
            return DenseVectors.load(p)
        except (OSError, ValueError, KeyError):
            continue
    return None
