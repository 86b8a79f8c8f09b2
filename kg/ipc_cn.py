"""CNIPA's Chinese edition of the IPC and its IPC <-> 战略性新兴产业 table, when present.

The data is the MIT compilation github roy-tian/cn-patent-ipc (CNIPA's 《国际专利分类表》
2026.01 titles; CNIPA's 《战略性新兴产业分类与国际专利分类参照关系表》). It is not shipped
with ikg: put its ``data/ipc.jsonl``, ``data/sei.jsonl`` and ``data/ipc-sei.jsonl`` into
``data/vocab-src/cn-patent-ipc/`` and run ``python -m kg.schemes``; ``kg/ipc.py`` then adds
the Chinese titles of classes and subclasses, and the 战略性新兴产业 (SEI) classification as an
industry scheme whose industries the table's subclass rows link (``ikg:relatedIndustry``,
declared). Without the folder the IPC is built as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kg.errors import InputError, ValidationError
from kg.settings import PROJECT_ROOT
from kg.vocab import (
    BROADER,
    DCT_SOURCE,
    IN_SCHEME,
    INDUSTRY,
    NOTATION,
    PREF_LABEL,
    RELATED_INDUSTRY,
    SKOS,
    TYPE,
    mint,
)

CN_DIR = PROJECT_ROOT / "data" / "vocab-src" / "cn-patent-ipc"
SCHEME_SEI = mint("scheme", "sei2018")
SEI_SOURCE = (
    "战略性新兴产业分类（2018）and CNIPA 战略性新兴产业分类与国际专利分类参照关系表（2021）, "
    "via github roy-tian/cn-patent-ipc (MIT compilation)"
)
# the nine top categories of 战略性新兴产业分类（2018）; sei.jsonl names the 40 below them
SEI_TOP = {
    "1": "新一代信息技术产业",
    "2": "高端装备制造产业",
    "3": "新材料产业",
    "4": "生物产业",
    "5": "新能源汽车产业",
    "6": "新能源产业",
    "7": "节能环保产业",
    "8": "数字创意产业",
    "9": "相关服务业",
}
# a cross-reference or note in a Chinese title: （…入A01C5/00…）, （A01B39/00优先）, 〔2〕
# (CNIPA mixes the bracket widths: G05B "（…G05D)")
_ZH_REFERENCE = re.compile(r"（[^（）]*）|\([^()]*\)|[（(][^（）()]*[）)]|〔[^〔〕]*〕")
Triple = ox.Triple


def present(folder: Path = CN_DIR) -> bool:
    """The Chinese titles are there (``ipc.jsonl``)."""
    return (folder / "ipc.jsonl").is_file()


def sei_present(folder: Path = CN_DIR) -> bool:
    """The 战略性新兴产业 classification and its IPC table are there."""
    return (folder / "sei.jsonl").is_file() and (folder / "ipc-sei.jsonl").is_file()


def _rows(path: Path) -> Iterator[tuple[int, dict]]:
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc}); restore the cn-patent-ipc data") from exc
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ValidationError(f"{path}:{n}: not a JSON object ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise ValidationError(f"{path}:{n}: not a JSON object")
        yield n, row


def clean_zh_title(title: str) -> str:
    prev = None
    while prev != title:
        prev, title = title, _ZH_REFERENCE.sub("", title)
    title = re.sub(r"^[A-H]部——", "", title.strip())  # "A部——人类生活必需"
    # B82B: CNIPA glued the subclass note onto the title ("…其制造或处理注意：本小类不涵盖…")
    title = re.split(r"注意[：:]", title)[0]
    return title.strip(" ；;，,")


def zh_titles(folder: Path = CN_DIR) -> dict[str, str]:
    """IPC section/class/subclass code -> Chinese title (cross-references cut)."""
    out: dict[str, str] = {}
    for n, row in _rows(folder / "ipc.jsonl"):
        code, name = row.get("code"), row.get("name")
        if not isinstance(code, str) or not isinstance(name, str):
            raise ValidationError(f"{folder / 'ipc.jsonl'}:{n}: needs string code and name")
        if name.startswith(code) and len(code) == 4:  # "G21FX射线…": its own code glued on
            name = name[len(code) :]
        title = clean_zh_title(name)
        if re.search(r"[（）()]", title):  # G09G: a reference lost its "（", no title boundary
            continue
        if re.fullmatch(r"[A-H](\d{2}[A-Z]?)?", code) and title:
            out[code] = title
    return out


def sei_iri(code: str) -> ox.NamedNode:
    return mint("industry", "sei2018", code)


def sei_triples(folder: Path = CN_DIR, codes: frozenset[str] = frozenset()) -> list[Triple]:
    """The SEI scheme (9 categories, their industries) and the table's rows that name a whole
    class or subclass of ``codes`` as ``ikg:relatedIndustry`` links to the SEI industry."""
    out = [
        Triple(SCHEME_SEI, TYPE, SKOS.ConceptScheme),
        Triple(SCHEME_SEI, PREF_LABEL, ox.Literal("战略性新兴产业分类（2018）", language="zh")),
        Triple(SCHEME_SEI, PREF_LABEL, ox.Literal("Strategic emerging industries", language="en")),
        Triple(SCHEME_SEI, DCT_SOURCE, ox.Literal(SEI_SOURCE)),
    ]
    names = dict(SEI_TOP)
    by_id: dict[int, str] = {}
    for n, row in _rows(folder / "sei.jsonl"):
        code, name, rid = row.get("seiCode"), row.get("seiName"), row.get("id")
        if not (isinstance(code, str) and re.fullmatch(r"[1-9]\.\d{1,2}", code)):
            raise ValidationError(f"{folder / 'sei.jsonl'}:{n}: seiCode {code!r} is not like 1.2")
        if not isinstance(name, str) or not isinstance(rid, int):
            raise ValidationError(f"{folder / 'sei.jsonl'}:{n}: needs an integer id and seiName")
        names.setdefault(code, name)
        by_id[rid] = code
    for code, name in sorted(names.items()):
        iri = sei_iri(code)
        out += [Triple(iri, TYPE, SKOS.Concept), Triple(iri, TYPE, INDUSTRY)]
        out += [Triple(iri, IN_SCHEME, SCHEME_SEI), Triple(iri, NOTATION, ox.Literal(code))]
        out.append(Triple(iri, PREF_LABEL, ox.Literal(name, language="zh")))
        if "." in code:
            out.append(Triple(iri, BROADER, sei_iri(code.split(".")[0])))
        else:
            out.append(Triple(iri, SKOS.topConceptOf, SCHEME_SEI))
    links = set()
    for n, row in _rows(folder / "ipc-sei.jsonl"):
        ipc, sid = row.get("ipcCode"), row.get("seiId")
        if sid not in by_id:
            raise ValidationError(f"{folder / 'ipc-sei.jsonl'}:{n}: seiId {sid!r} not in sei.jsonl")
        if ipc in codes:  # a whole class or subclass; group rows need main groups in the scheme
            links.add((ipc, by_id[sid]))
    for ipc, code in sorted(links):
        out.append(Triple(mint("technology", "ipc", ipc), RELATED_INDUSTRY, sei_iri(code)))
    return out


__all__ = [
    "CN_DIR",
    "sei_present",
    "SCHEME_SEI",
    "clean_zh_title",
    "present",
    "sei_iri",
    "sei_triples",
    "zh_titles",
]
