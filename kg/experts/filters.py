"""Filters for expert finding: institution, type, region, industry, chain segment, years."""

from __future__ import annotations

from dataclasses import dataclass, field

from kg import queries, vocab
from kg.errors import ConfigError, KGError, NotFoundError
from kg.experts.index import ExpertIndex
from kg.schemes import industry_iri
from kg.store.base import Store


@dataclass
class Filters:
    institutions: list[str] = field(default_factory=list)  # NAME | IRI, any of them
    institution_types: list[str] = field(default_factory=list)
    regions: list[str] = field(default_factory=list)  # NAME | ID | IRI | ISO3 country
    industries: list[str] = field(default_factory=list)  # CODE | IRI
    segments: list[str] = field(default_factory=list)  # chain segment ID | NAME | IRI
    year_from: int | None = None
    year_to: int | None = None
    exclude_institutions: list[str] = field(default_factory=list)

    def active(self) -> bool:
        return any(
            [
                self.institutions,
                self.institution_types,
                self.regions,
                self.industries,
                self.segments,
                self.year_from,
                self.year_to,
                self.exclude_institutions,
            ]
        )


def _norm(s: str) -> str:
    return " ".join(s.lower().split())


def resolve_institution(ix: ExpertIndex, ref: str) -> set[str]:
    """Institution IRIs named by ``ref``: an IRI, or a name/acronym/alt label (exact, else part)."""
    ref = ref.strip()
    if ref.startswith(("http://", "https://", "urn:")):
        ref = ix.inst_aliases.get(ref, ref)
        if ref in ix.inst:
            return {ref}
        raise NotFoundError(f"no institution with IRI {ref}; check it with `ikg query`")
    key = _norm(ref)
    exact = {
        iri
        for iri, info in ix.inst.items()
        if key in {_norm(x) for x in info["labels"]} or iri.rsplit("/", 1)[-1].lower() == key
    }
    if exact:
        return exact
    part = {iri for iri, info in ix.inst.items() if any(key in _norm(x) for x in info["labels"])}
    if part:
        return part
    raise NotFoundError(
        f"no institution named {ref!r}; give its name, acronym or IRI as stored in the graph"
    )


def with_children(ix: ExpertIndex, iris: set[str]) -> set[str]:
    """Institutions and their sub-organizations (org:subOrganizationOf, any depth)."""
    out = set(iris)
    changed = True
    while changed:
        changed = False
        for iri, info in ix.inst.items():
            if iri not in out and info.get("parent") in out:
                out.add(iri)
                changed = True
    return out


def _region_matches(ix: ExpertIndex, refs: list[str]) -> set[str]:
    """Region IRIs (and upper-case country codes) named by refs, with regions inside them."""
    found: set[str] = set()
    for ref in refs:
        r = ref.strip()
        hit = {reg for reg, labs in ix.region_labels.items() if r == reg or r.lower() in labs}
        if len(r) == 3 and r.isalpha():
            hit.add(r.upper())
        if not hit:
            raise NotFoundError(
                f"no region named {ref!r}; give a region id, name (en/zh), IRI or ISO3 country code"
            )
        found |= hit
    changed = True
    while changed:  # regions contained in a matched region
        changed = False
        for reg, parent in ix.region_parent.items():
            if parent in found and reg not in found:
                found.add(reg)
                changed = True
    return found


def _industry_techs(store: Store, ix: ExpertIndex, refs: list[str]) -> set[str]:
    techs: set[str] = set()
    for ref in refs:
        iris = _industry_iris(ref)
        got: set[str] = set()
        for iri in iris:
            rows = store.select(queries.load("experts/industry_techs"), {"industry": iri})
            got |= {r["tech"].value for r in rows}
        if not got:
            raise NotFoundError(
                f"no technology is linked to industry {ref!r}; give a code such as C2614 or "
                "GBT4754:C2614, ISIC:2011, or an industry IRI"
            )
        techs |= got
    return ix.taxonomy.closure(techs)


def _industry_iris(ref: str) -> list[str]:
    ref = ref.strip()
    if ref.startswith(("http://", "https://")):
        return [ref]

    if ":" in ref:
        try:
            return [industry_iri(ref).value]
        except KGError as e:
            raise ConfigError(f"--industry {ref!r}: {e}") from None
    code = ref.upper()
    if len(code) == 1 and code.isalpha():  # a GB/T 4754 section
        return [vocab.mint("industry", "gbt4754", code).value]
    out = []
    for scheme in ("GBT4754", "ISIC", "NAICS"):
        try:
            out.append(industry_iri(f"{scheme}:{code}").value)
        except KGError:
            continue
    if not out:
        raise ConfigError(
            f"--industry {ref!r}: not a GB/T 4754, ISIC or NAICS code in the built-in "
            "vocabularies; write e.g. C2614, GBT4754:C2614 or an industry IRI"
        )
    return out


def _segment_techs(store: Store, ix: ExpertIndex, refs: list[str]) -> set[str]:
    rows = store.select(queries.load("experts/segment_find"))
    techs: set[str] = set()
    for ref in refs:
        key = _norm(ref)
        segs = {
            r["segment"].value
            for r in rows
            if r["segment"].value == ref.strip()
            or (r["id"] is not None and r["id"].value.lower() == key)
            or (r["label"] is not None and _norm(r["label"].value) == key)
        }
        if not segs:
            raise NotFoundError(
                f"no chain segment {ref!r}; give its segment_id, name (en/zh) or IRI"
            )
        for s in segs:
            techs |= {
                r["tech"].value
                for r in store.select(queries.load("experts/segment_techs"), {"segment": s})
            }
    return ix.taxonomy.closure(techs)


@dataclass
class Resolved:
    allowed: set[int] | None  # expert positions allowed (None: all)
    tech_scope: set[str] | None  # technologies an expert must be linked to (industry/segment)
    year_from: int | None
    year_to: int | None
    excluded: set[str]


def resolve(store: Store, ix: ExpertIndex, f: Filters) -> Resolved:
    """Turn the user's filter strings into expert positions and a technology scope."""
    allowed: set[int] | None = None

    def narrow(keep: set[int]) -> None:
        nonlocal allowed
        allowed = keep if allowed is None else allowed & keep

    if f.institutions:
        iris: set[str] = set()
        for ref in f.institutions:
            iris |= resolve_institution(ix, ref)
        iris = with_children(ix, iris)
        narrow({i for i, ins in enumerate(ix.expert_insts) if iris & set(ins)})
    if f.institution_types:
        kinds = set()
        for t in f.institution_types:
            k = t.strip().lower().replace("-", "_").replace(" ", "_")
            if k not in vocab.INSTITUTION_TYPES:
                raise ConfigError(
                    f"--institution-type {t!r}: use one of {', '.join(vocab.INSTITUTION_TYPES)}"
                )
            kinds.add(k)
        narrow(
            {
                i
                for i, ins in enumerate(ix.expert_insts)
                if any(kinds & ix.inst.get(x, {}).get("types", set()) for x in ins)
            }
        )
    if f.regions:
        regs = _region_matches(ix, f.regions)
        keep = set()
        for i, ins in enumerate(ix.expert_insts):
            own = ix.expert_regions[i]
            via = {ix.inst.get(x, {}).get("region") for x in ins}
            via |= {ix.inst.get(x, {}).get("country") for x in ins}
            if (own | via) & regs:
                keep.add(i)
        narrow(keep)
    excluded: set[str] = set()
    if f.exclude_institutions:
        for ref in f.exclude_institutions:
            excluded |= resolve_institution(ix, ref)
        excluded = with_children(ix, excluded)
        keep = {i for i, ins in enumerate(ix.expert_insts) if not excluded & set(ins)}
        narrow(keep)
    scope: set[str] | None = None
    if f.industries:
        scope = _industry_techs(store, ix, f.industries)
    if f.segments:
        seg = _segment_techs(store, ix, f.segments)
        scope = seg if scope is None else scope & seg
    if scope is not None:
        linked = set()
        for i in range(len(ix.expert_iris)):
            if scope & set(ix.expert_expertise[i]) or any(
                scope & set(ix.work_subjects[w]) for w in ix.expert_works[i]
            ):
                linked.add(i)
        narrow(linked)
    if f.year_from is not None and f.year_to is not None and f.year_from > f.year_to:
        raise ConfigError(f"--year-from {f.year_from} is after --year-to {f.year_to}")
    return Resolved(allowed, scope, f.year_from, f.year_to, excluded)
