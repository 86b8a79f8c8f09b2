"""The expert-finding index: built from named SPARQL queries once per store version.

Holds the lexical index (BM25 and TF-IDF) and one sentence vector per evidence work, per-work
contributor lists, per-expert names, institutions, regions and declared expertise, institution
types/regions, and the technology taxonomy with its narrower closure. It is built when a source
is ingested (``refresh``, called by the ingest pipeline), saved in safe formats under
``store.state_dir / "index" / <version> /`` (``kg.experts.storage``) and kept in memory; a
version without a saved index is built at first use. Vectors of works whose text did not change
are carried over from the previous version. The SPARQL store stays the source of truth.
"""

from __future__ import annotations

import contextlib
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kg import queries, vocab
from kg.experts import semantic, storage
from kg.experts.contrib import Contrib, role_class
from kg.experts.identity import canonical
from kg.experts.lexical import SparseText
from kg.experts.semantic import DenseVectors
from kg.store.base import Store, py, stable_rows
from kg.textindex import Taxonomy, is_cjk, tokenize

TYPE_NAMES = {
    vocab.PAPER.value: "paper",
    vocab.PATENT.value: "patent",
    vocab.PROJECT.value: "project",
    vocab.REPORT.value: "report",
}
INST_TYPE_NAMES = {v.value: k for k, v in vocab.INSTITUTION_TYPES.items()}


@dataclass
class ExpertIndex:
    version: str | None = None
    built_s: float = 0.0
    # works
    work_iris: list[str] = field(default_factory=list)
    work_type: list[str] = field(default_factory=list)
    work_year: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    work_title: list[dict[str, str]] = field(default_factory=list)  # lang -> title
    work_text: list[str] = field(default_factory=list)
    work_subjects: list[tuple[str, ...]] = field(default_factory=list)
    work_contribs: list[list[Contrib]] = field(default_factory=list)
    work_insts: list[tuple[str, ...]] = field(default_factory=list)  # affiliated/assignee
    text: SparseText | None = None  # works × terms: BM25 (keywords) and TF-IDF (whole texts)
    dense: DenseVectors | None = None  # one sentence vector per work (kg.experts.semantic)
    dense_en: DenseVectors | None = None  # all-MiniLM-L6-v2 vectors (zero rows: not English)
    tech_label_rows: list[tuple[str, str, str, bool]] = field(default_factory=list)
    tech_broader_rows: list[tuple[str, str]] = field(default_factory=list)
    # derived on first use, never saved
    type_codes: tuple[list[str], np.ndarray] | None = None  # kg.experts.rank
    profiles_cache: Any = None  # kg.experts.similar
    dense_floors: dict[tuple[str, float], float] = field(default_factory=dict)  # hybrid
    narrower_tokens: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # rank
    expert_rows: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None  # rank.rows_by_expert
    tech_expert_arrays: dict[str, np.ndarray] | None = None  # rank.expertise_pairs
    # experts
    expert_iris: list[str] = field(default_factory=list)
    expert_names: list[dict[str, str]] = field(default_factory=list)
    expert_all_names: list[set[str]] = field(default_factory=list)
    expert_insts: list[tuple[str, ...]] = field(default_factory=list)
    expert_regions: list[set[str]] = field(default_factory=list)  # region IRIs + country codes
    expert_expertise: list[tuple[str, ...]] = field(default_factory=list)
    expert_works: list[list[int]] = field(default_factory=list)
    aliases: dict[str, str] = field(default_factory=dict)  # owl:sameAs alias -> canonical IRI
    inst_aliases: dict[str, str] = field(default_factory=dict)
    tech_works: dict[str, np.ndarray] = field(default_factory=dict)  # subject -> work positions
    tech_experts: dict[str, list[int]] = field(default_factory=dict)  # declared expertise
    # contributions flattened (one row per person on a work) for vectorised ranking
    cf_work: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cf_expert: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    cf_class: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    cf_slot: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    # institutions / regions / taxonomy
    inst: dict[str, dict[str, Any]] = field(default_factory=dict)
    region_labels: dict[str, set[str]] = field(default_factory=dict)
    region_parent: dict[str, str] = field(default_factory=dict)
    taxonomy: Taxonomy = field(default_factory=Taxonomy)
    tech_industries: dict[str, set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._expert_pos: dict[str, int] = {}
        self._work_pos: dict[str, int] = {}

    def expert_pos(self, iri: str) -> int | None:
        if len(self._expert_pos) != len(self.expert_iris):
            self._expert_pos = {e: i for i, e in enumerate(self.expert_iris)}
        return self._expert_pos.get(self.aliases.get(iri, iri))

    def work_pos(self, iri: str) -> int | None:
        if len(self._work_pos) != len(self.work_iris):
            self._work_pos = {w: i for i, w in enumerate(self.work_iris)}
        return self._work_pos.get(iri)

    def expert_name(self, i: int, lang: str = "en") -> str:
        names = self.expert_names[i]
        return names.get(lang) or names.get("en") or next(iter(names.values()), "")

    def inst_name(self, iri: str, lang: str = "en") -> str:
        info = self.inst.get(iri)
        if not info:
            return iri.rsplit("/", 1)[-1]
        return info["names"].get(lang) or info["names"].get("en") or iri.rsplit("/", 1)[-1]

    def work_display_title(self, w: int, lang: str = "en") -> str:
        t = self.work_title[w]
        return t.get(lang) or t.get("en") or next(iter(t.values()), self.work_iris[w])


def _lang(term: Any) -> str:
    lang = getattr(term, "language", None)
    if lang:
        return "zh" if lang.lower().startswith("zh") else lang.lower()
    return "en"


Query = Callable[[str], list[dict[str, Any]]]


def build(
    store: Store, prev_dense: DenseVectors | None = None, prev_en: DenseVectors | None = None
) -> ExpertIndex:
    """Run the named queries in ``queries/experts/`` and assemble the index; ``prev_dense`` and
    ``prev_en`` (an older version's vectors of each model) save re-encoding works whose text did
    not change."""
    t0 = time.perf_counter()
    ix = ExpertIndex(version=store.current_version())

    def q(name: str) -> list[dict[str, Any]]:  # rows in one order on every store
        return stable_rows(store.select(queries.load(f"experts/{name}")))

    canon = canonical(q("same_as"))  # owl:sameAs clusters are merged into one canonical IRI
    epos = _load_experts(ix, q, canon)
    _load_institutions(ix, q, canon)
    _load_taxonomy(ix, q)
    texts = _load_works(ix, q, canon)
    _load_contributions(ix, q, epos, texts)
    ix.work_text = [" ".join(t) for t in texts]
    assemble(ix, prev_dense, prev_en)
    ix.built_s = time.perf_counter() - t0
    return ix


def _load_experts(ix: ExpertIndex, q: Query, canon: dict[str, str]) -> dict[str, int]:
    names: dict[str, dict[str, str]] = {}
    all_names: dict[str, set[str]] = {}
    rows = q("experts")
    rows.sort(key=lambda r: canon.get(r["e"].value, r["e"].value) != r["e"].value)
    for r in rows:
        e = canon.get(r["e"].value, r["e"].value)
        names.setdefault(e, {})
        all_names.setdefault(e, set())
        if r["name"] is not None:
            lang = "zh" if _lang(r["name"]) == "zh" or _is_zh(r["name"].value) else "en"
            own = r["e"].value == e
            if own and r["prop"] is not None and r["prop"].value == vocab.PREF_LABEL.value:
                names[e][lang] = r["name"].value
            else:
                names[e].setdefault(lang, r["name"].value)
            all_names[e].add(r["name"].value)
    ix.expert_iris = sorted(names)
    epos = {e: i for i, e in enumerate(ix.expert_iris)}
    for alias, c in canon.items():
        if c in epos:
            epos[alias] = epos[c]
    ix.aliases = {a: c for a, c in canon.items() if a != c and c in epos}
    ix.expert_names = [names[e] for e in ix.expert_iris]
    ix.expert_all_names = [all_names[e] for e in ix.expert_iris]
    insts: list[list[str]] = [[] for _ in ix.expert_iris]
    for r in q("affiliations"):
        i = epos.get(r["e"].value)
        inst = canon.get(r["inst"].value, r["inst"].value)
        if i is not None and inst not in insts[i]:
            insts[i].append(inst)
    ix.expert_insts = [tuple(x) for x in insts]
    regions: list[set[str]] = [set() for _ in ix.expert_iris]
    for r in q("expert_regions"):
        i = epos.get(r["e"].value)
        if i is not None:
            for k in ("region", "country"):
                if r[k] is not None:
                    regions[i].add(py(r[k]) if k == "region" else r[k].value.upper())
    ix.expert_regions = regions
    expertise: list[list[str]] = [[] for _ in ix.expert_iris]
    for r in q("expertise"):
        i = epos.get(r["e"].value)
        if i is not None:
            expertise[i].append(r["tech"].value)
    ix.expert_expertise = [tuple(x) for x in expertise]
    return epos


def _load_institutions(ix: ExpertIndex, q: Query, canon: dict[str, str]) -> None:
    for r in sorted(
        q("institutions"),
        key=lambda r: canon.get(r["inst"].value, r["inst"].value) != r["inst"].value,
    ):
        iri = canon.get(r["inst"].value, r["inst"].value)
        info = ix.inst.setdefault(
            iri,
            {
                "types": set(),
                "names": {},
                "labels": set(),
                "region": None,
                "country": None,
                "parent": None,
            },
        )
        t = INST_TYPE_NAMES.get(r["type"].value)
        if t and t != "institution":
            info["types"].add(t)
        if r["label"] is not None:
            lab = r["label"].value
            info["labels"].add(lab)
            if r["prop"] is not None and r["prop"].value == vocab.PREF_LABEL.value:
                info["names"].setdefault("zh" if _is_zh(lab) else "en", lab)
            if r["inst"].value != iri:
                ix.inst_aliases[r["inst"].value] = iri
        for k in ("region", "country", "parent"):
            if r[k] is not None and not info[k]:
                info[k] = r[k].value.upper() if k == "country" else r[k].value
    for info in ix.inst.values():
        if not info["names"] and info["labels"]:
            lab = sorted(info["labels"])[0]
            info["names"]["zh" if _is_zh(lab) else "en"] = lab
        if not info["types"]:
            info["types"].add("institution")
    for r in q("regions"):
        reg = r["region"].value
        labs = ix.region_labels.setdefault(reg, set())
        labs.add(reg.rsplit("/", 1)[-1].lower())
        if r["label"] is not None:
            labs.add(r["label"].value.lower())
        if r["country"] is not None:
            labs.add(r["country"].value.lower())
        if r["parent"] is not None:
            ix.region_parent[reg] = r["parent"].value


def _load_taxonomy(ix: ExpertIndex, q: Query) -> None:
    ix.tech_label_rows = [
        (r["tech"].value, r["label"].value, _lang(r["label"]), bool(py(r["pref"])))  # Virtuoso: 1/0
        for r in q("tech_labels")
    ]
    ix.tech_broader_rows = [(r["tech"].value, r["broader"].value) for r in q("tech_broader")]
    ix.taxonomy = Taxonomy.build(ix.tech_label_rows, ix.tech_broader_rows)
    for r in q("tech_industries"):
        ix.tech_industries.setdefault(r["tech"].value, set()).add(r["industry"].value)


def _load_works(ix: ExpertIndex, q: Query, canon: dict[str, str]) -> list[list[str]]:
    """Works, their titles, subjects and institutions; returns each work's text parts."""
    wtype: dict[str, str] = {}
    wyear: dict[str, int] = {}
    for r in q("works"):
        w = r["w"].value
        t = TYPE_NAMES[r["type"].value]
        # a work typed twice keeps the most specific evidence type (paper < patent < project)
        if w not in wtype or t != "report":
            wtype[w] = t
        if r["year"] is not None:
            with contextlib.suppress(TypeError, ValueError):
                wyear[w] = int(py(r["year"]))
    ix.work_iris = sorted(wtype)
    wpos = {w: i for i, w in enumerate(ix.work_iris)}
    n = len(ix.work_iris)
    ix.work_type = [wtype[w] for w in ix.work_iris]
    ix.work_year = np.array([wyear.get(w, 0) for w in ix.work_iris], dtype=np.int32)
    titles: list[dict[str, str]] = [{} for _ in range(n)]
    texts: list[list[str]] = [[] for _ in range(n)]
    for r in q("work_texts"):
        i = wpos.get(r["w"].value)
        if i is None:
            continue
        val = r["text"].value
        if r["prop"].value == vocab.TITLE.value:
            titles[i].setdefault("zh" if _lang(r["text"]) == "zh" or _is_zh(val) else "en", val)
            texts[i].insert(0, val)
        else:
            texts[i].append(val)
    ix.work_title = titles
    subjects: list[list[str]] = [[] for _ in range(n)]
    for r in q("work_subjects"):
        i = wpos.get(r["w"].value)
        if i is not None:
            subjects[i].append(r["tech"].value)
    ix.work_subjects = [tuple(s) for s in subjects]
    tw: dict[str, list[int]] = {}
    for i, subs in enumerate(subjects):
        for t in subs:
            tw.setdefault(t, []).append(i)
    ix.tech_works = {t: np.array(v, dtype=np.int64) for t, v in tw.items()}
    winsts: list[list[str]] = [[] for _ in range(n)]
    for r in q("work_institutions"):
        i = wpos.get(r["w"].value)
        inst = canon.get(r["inst"].value, r["inst"].value)
        if i is not None and inst not in winsts[i]:
            winsts[i].append(inst)
    ix.work_insts = [tuple(x) for x in winsts]
    return texts


def _load_contributions(
    ix: ExpertIndex, q: Query, epos: dict[str, int], texts: list[list[str]]
) -> None:
    wpos = {w: i for i, w in enumerate(ix.work_iris)}
    contribs: list[list[Contrib]] = [[] for _ in ix.work_iris]
    seen: set[tuple[int, int]] = set()
    for r in q("contributions"):
        i, e = wpos.get(r["w"].value), epos.get(r["agent"].value)
        if i is None or e is None:
            continue
        role = str(py(r["role"]) or "author")
        pos = int(py(r["pos"]) or 0)
        cnt = int(py(r["count"]) or 0)
        if (i, e) in seen:  # keep the strongest role of a person on one work
            old = next(c for c in contribs[i] if c.expert == e)
            if role in ("pi", "inventor") or (old.role == "member" and role != "member"):
                old.role, old.position, old.count = role, pos, cnt
            continue
        seen.add((i, e))
        contribs[i].append(Contrib(e, role, pos, cnt))
    rel_role = {
        vocab.CREATOR.value: "creator",
        vocab.INVENTOR.value: "inventor",
        vocab.PRINCIPAL_INVESTIGATOR.value: "pi",
    }
    for r in q("creators"):
        i, e = wpos.get(r["w"].value), epos.get(r["agent"].value)
        if i is None or e is None or (i, e) in seen:
            continue
        seen.add((i, e))
        contribs[i].append(Contrib(e, rel_role[r["rel"].value]))
    for r in q("mentions"):
        i, e = wpos.get(r["report"].value), epos.get(r["agent"].value)
        if i is None or e is None:
            continue
        sent = str(py(r["sentence"]) or "")
        if (i, e) in seen:
            for c in contribs[i]:
                if c.expert == e and c.role == "mentioned" and not c.sentence:
                    c.sentence = sent
            continue
        seen.add((i, e))
        contribs[i].append(Contrib(e, "mentioned", sentence=sent))
        if sent:
            texts[i].append(sent)
    ix.work_contribs = contribs


def assemble(
    ix: ExpertIndex, prev_dense: DenseVectors | None, prev_en: DenseVectors | None = None
) -> None:
    """Derive the ranking structures from works, texts and contributions: author counts, each
    expert's works, the flattened contributions, the lexical index and the works' vectors."""
    contribs = ix.work_contribs
    for cs in contribs:  # fill in author counts the data left out
        m = len([c for c in cs if c.role in ("author", "creator", "inventor")])
        for c in cs:
            if not c.count and c.role in ("author", "inventor", "creator"):
                c.count = m
    ix.expert_works = [[] for _ in ix.expert_iris]
    for i, cs in enumerate(contribs):
        for c in cs:
            ix.expert_works[c.expert].append(i)
    cw, ce, cc, cs_ = [], [], [], []
    for i, cs in enumerate(contribs):
        for k, c in enumerate(cs):
            cw.append(i)
            ce.append(c.expert)
            cc.append(role_class(c))
            cs_.append(k)
    ix.cf_work = np.array(cw, dtype=np.int64)
    ix.cf_expert = np.array(ce, dtype=np.int64)
    ix.cf_class = np.array(cc, dtype=np.int8)
    ix.cf_slot = np.array(cs_, dtype=np.int32)
    ix.tech_experts = {}
    for e, techs in enumerate(ix.expert_expertise):
        for t in techs:
            ix.tech_experts.setdefault(t, []).append(e)
    ix.text = SparseText.build([tokenize(t) for t in ix.work_text])
    ix.dense = semantic.update(prev_dense, ix.work_iris, ix.work_text, semantic.encoder())
    en_texts = semantic.english_texts(ix.work_text)
    ix.dense_en = semantic.update(prev_en, ix.work_iris, en_texts, semantic.english_encoder())


def _is_zh(text: str) -> bool:
    return is_cjk(text)


# -- caching ----------------------------------------------------------------------------
_MEMORY: dict[str, ExpertIndex] = {}


def _cache_dir(store: Store) -> Path:
    return store.state_dir / "index"


def get_index(
    store: Store, *, rebuild: bool = False, notice: Callable[[str], None] | None = None
) -> ExpertIndex:
    """The index of the store's current version: memory, else disk, else built and saved.
    ``notice`` is told, before a build, why the index is built (a build can take minutes:
    the works' vectors are encoded again after an encoder change)."""
    version = store.current_version()
    key = f"{store.path}::{version}"
    if not rebuild and version is not None and key in _MEMORY:
        return _MEMORY[key]
    base = _cache_dir(store) if version is not None else None
    folder = base / version if base is not None and version else None
    ix = ExpertIndex()
    why = "" if folder is None else _why_build(ix, folder, rebuild)
    if folder is None or why:
        if notice is not None and folder is not None:
            notice(f"building the expert index of store version {version}: {why}")
        prev = prev_en = None
        if base is not None:  # any saved version (this one too, if of an older format)
            prev = storage.previous_dense(base, "", "dense.npz")
            prev_en = storage.previous_dense(base, "", "dense_en.npz")
        ix = build(store, prev, prev_en)
        if folder is not None and base is not None:
            try:
                storage.save(ix, folder)
                for old in base.iterdir():  # drop indexes of versions no longer current
                    if old.name != version and old.is_dir():
                        shutil.rmtree(old, ignore_errors=True)
            except OSError:
                pass  # a read-only store still answers from memory
    if version is not None:
        _MEMORY.clear()
        _MEMORY[key] = ix
    return ix


def _why_build(ix: ExpertIndex, folder: Path, rebuild: bool) -> str:
    """Why the saved index in ``folder`` cannot serve (it is loaded into ``ix`` when it can);
    "" when it serves."""
    if rebuild:
        return "a rebuild was asked for"
    if not storage.load(ix, folder, Contrib):
        return "no saved index of this version in this format (later queries reuse it)"
    if stale(ix):
        return (
            f"its English vectors were made by {ix.dense_en.model if ix.dense_en else '?'}, "
            f"the encoder is now {semantic.english_model()}: the works are encoded again "
            "(once; later queries reuse it)"
        )
    return ""


def stale(ix: ExpertIndex) -> bool:
    """True when the loaded index's English vectors were made by another encoder than the
    current one (``semantic.english_model``: e.g. float32 all-MiniLM-L6-v2 before its int8
    projections): the index is then rebuilt, its e5 vectors carried over and the English side
    encoded again (the user's vector cache is keyed by the encoder's id)."""
    return ix.dense_en is not None and ix.dense_en.model != semantic.english_model()


def refresh(store: Store) -> ExpertIndex:
    """Build (or load) and save the index of the store's current version: the ingest pipeline
    calls this after a source lands, so the first query finds it ready."""
    return get_index(store)
