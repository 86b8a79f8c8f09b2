"""The expert index on disk, in safe formats only (JSON and ``.npz`` without pickle).

One folder per store version, ``<state_dir>/index/<version>/``:
- ``experts.json``: names, works, contributions, institutions, regions, taxonomy;
- ``arrays.npz``: work years and the flattened contributions;
- ``lexical.npz``: the works × terms counts and vocabulary (``kg.experts.lexical``);
- ``dense.npz``: one vector per work and the model's name (``kg.experts.semantic``);
- ``dense_en.npz``: the same for the English model (zero rows for works in another script).
Nothing here executes code on load; a damaged or older folder is rebuilt.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kg.experts.lexical import SparseText
from kg.experts.semantic import DenseVectors
from kg.textindex import Taxonomy

FORMAT = 11  # 11: dense_en.npz (all-MiniLM-L6-v2)
_ARRAYS = ("work_year", "cf_work", "cf_expert", "cf_class", "cf_slot")


class LazyRows(Sequence[Any]):
    """A read-only list whose rows are converted from their JSON form on first access: a query
    reads the contributions of a few works, not the 100k+ of a 1M-triple store."""

    def __init__(self, raw: list[Any], convert: Callable[[Any], Any]) -> None:
        self.raw, self.convert = raw, convert
        self.done: dict[int, Any] = {}

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self.raw)))]
        i = int(i)
        if i < 0:
            i += len(self.raw)
        row = self.done.get(i)
        if row is None:
            row = self.done[i] = self.convert(self.raw[i])
        return row

    def __iter__(self) -> Iterator[Any]:
        return (self[i] for i in range(len(self.raw)))


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
        "work_type": ix.work_type,
        "work_title": ix.work_title,
        "work_text": ix.work_text,
        "work_subjects": ix.work_subjects,
        "work_contribs": [
            [[c.expert, c.role, c.position, c.count, c.sentence] for c in cs]
            for cs in ix.work_contribs
        ],
        "work_insts": ix.work_insts,
        "expert_iris": ix.expert_iris,
        "expert_names": ix.expert_names,
        "expert_all_names": [sorted(s) for s in ix.expert_all_names],
        "expert_insts": ix.expert_insts,
        "expert_regions": [sorted(s) for s in ix.expert_regions],
        "expert_expertise": ix.expert_expertise,
        "expert_works": ix.expert_works,
        "aliases": ix.aliases,
        "inst_aliases": ix.inst_aliases,
        "tech_works": {k: v.tolist() for k, v in ix.tech_works.items()},
        "tech_experts": ix.tech_experts,
        "inst": inst,
        "region_labels": _sets(ix.region_labels),
        "region_parent": ix.region_parent,
        "tech_label_rows": ix.tech_label_rows,
        "tech_broader_rows": ix.tech_broader_rows,
        "tech_industries": _sets(ix.tech_industries),
    }


def from_json(ix: Any, d: dict[str, Any], contrib_cls: type) -> None:
    """Fill ``ix`` (an empty ExpertIndex) from ``to_json``'s dict."""
    ix.version, ix.built_s = d["version"], d["built_s"]
    for k in ("work_iris", "work_type", "work_title", "work_text", "expert_iris"):
        setattr(ix, k, d[k])
    ix.expert_names = d["expert_names"]
    ix.work_subjects = LazyRows(d["work_subjects"], tuple)
    ix.work_insts = LazyRows(d["work_insts"], tuple)
    ix.work_contribs = LazyRows(d["work_contribs"], lambda cs: [contrib_cls(*c) for c in cs])
    ix.expert_all_names = [set(x) for x in d["expert_all_names"]]
    ix.expert_insts = [tuple(x) for x in d["expert_insts"]]
    ix.expert_regions = [set(x) for x in d["expert_regions"]]
    ix.expert_expertise = [tuple(x) for x in d["expert_expertise"]]
    ix.expert_works = d["expert_works"]
    ix.aliases, ix.inst_aliases = d["aliases"], d["inst_aliases"]
    ix.tech_works = {k: np.array(v, dtype=np.int64) for k, v in d["tech_works"].items()}
    ix.tech_experts = d["tech_experts"]
    ix.inst = {
        k: {**v, "types": set(v["types"]), "labels": set(v["labels"])} for k, v in d["inst"].items()
    }
    ix.region_labels = {k: set(v) for k, v in d["region_labels"].items()}
    ix.region_parent = d["region_parent"]
    ix.tech_label_rows = [tuple(r) for r in d["tech_label_rows"]]
    ix.tech_broader_rows = [tuple(r) for r in d["tech_broader_rows"]]
    ix.taxonomy = Taxonomy.build(ix.tech_label_rows, ix.tech_broader_rows)
    ix.tech_industries = {k: set(v) for k, v in d["tech_industries"].items()}


def save(ix: Any, folder: Path) -> None:
    """Write the index to ``folder`` (through a temporary folder, then renamed)."""
    tmp = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    (tmp / "experts.json").write_text(json.dumps(to_json(ix), ensure_ascii=False), "utf-8")
    np.savez(tmp / "arrays.npz", **{k: getattr(ix, k) for k in _ARRAYS})
    if ix.text is not None:
        ix.text.save(tmp / "lexical.npz")
    if ix.dense is not None:
        ix.dense.save(tmp / "dense.npz")
    if ix.dense_en is not None:
        ix.dense_en.save(tmp / "dense_en.npz")
    shutil.rmtree(folder, ignore_errors=True)
    tmp.replace(folder)


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
