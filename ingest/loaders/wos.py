"""Web of Science exports: the plain-text format (``FN``/``PT``…``ER``/``EF``) and the
tab-delimited format (a header row of field tags). One record per work.

Fields used: PT (J/B/S → Paper, P → Patent), AF (else AU) authors in order, TI, SO, PY, DE and
ID keywords, AB, DI, UT, C1 affiliations (``[Author; Author] Institution, Dept, City, Country``)
and OI/RI (``Name/ORCID``); IP (Derwent patents' IPC codes) links each code's IPC subclass.
A record without a title, or a plain-text record that never closes with ``ER``, is
quarantined with its line number.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import NamedNode

from ingest.loaders import fields as b
from ingest.loaders import register
from ingest.loaders.textio import read_text
from ingest.types import LoadContext, Record, TextField
from kg import vocab

_TAG = re.compile(r"^([A-Z][A-Z0-9]) ?(.*)$")
_C1 = re.compile(r"^\[(?P<names>[^\]]+)\]\s*(?P<addr>.+)$")
_ORCID_IN = re.compile(r"(\d{4}-\d{4}-\d{4}-\d{3}[\dX])")
_COUNTRIES = {
    "peoples r china": "CHN", "china": "CHN", "usa": "USA", "england": "GBR", "scotland": "GBR",
    "wales": "GBR", "north ireland": "GBR", "germany": "DEU", "japan": "JPN", "denmark": "DNK",
    "france": "FRA", "finland": "FIN", "sweden": "SWE", "netherlands": "NLD", "canada": "CAN",
    "australia": "AUS", "south korea": "KOR", "india": "IND", "italy": "ITA", "spain": "ESP",
    "brazil": "BRA", "taiwan": "TWN", "switzerland": "CHE", "austria": "AUT", "norway": "NOR",
    "belgium": "BEL", "russia": "RUS", "singapore": "SGP", "hong kong": "HKG",
}  # fmt: skip
_MULTI = {"AU", "AF", "C1", "DE", "ID", "OI", "RI", "CR", "EM"}


def _country(addr: str) -> str | None:
    last = addr.rstrip(". ").rsplit(",", 1)[-1].strip().lower()
    if last == "usa" or last.endswith(" usa"):  # "MA 02139 USA"
        return "USA"
    return _COUNTRIES.get(re.sub(r"\s*\d{3,}.*$", "", last))


class WosLoader:
    name = "wos"
    priority = 30

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8", "ignore").lstrip("\ufeff")
        if text.startswith("FN ") or re.match(r"^(VR \S+\n)?PT [A-Z]\n", text):
            return True
        first = text.split("\n", 1)[0].split("\t")
        return len(first) > 10 and {"PT", "AU", "TI", "UT"} <= {c.strip() for c in first}

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for f in files:
            text = read_text(f, ctx.settings.max_file_bytes, ctx.encoding).replace("\r\n", "\n")
            first = text.split("\n", 1)[0].split("\t")
            rows = _tabbed(text) if len(first) > 10 else _plain(text)
            for line, fields, error in rows:
                rec = Record(file=str(f), locator=f"line {line}")
                if fields.get("UT"):
                    rec.locator += f" (UT={fields['UT'][0]})"
                if error:
                    rec.errors.append(error)
                else:
                    try:
                        _build(rec, fields, ctx)
                    except ValueError as e:
                        rec.errors.append(str(e))
                yield rec


def _plain(text: str) -> Iterator[tuple[int, dict[str, list[str]], str]]:
    fields: dict[str, list[str]] = {}
    start, tag, open_record = 0, "", False
    for n, raw in enumerate(text.split("\n"), start=1):
        if raw.startswith("   ") and tag:
            value = raw.strip()
            if tag in _MULTI:
                fields[tag].append(value)
            else:
                fields[tag][-1] += " " + value
            continue
        m = _TAG.match(raw)
        if not m:
            continue
        tag, value = m.group(1), m.group(2).strip()
        if tag in ("FN", "VR", "EF"):
            if tag == "EF" and open_record:
                yield start, fields, "the record never closes with ER; fix or remove it"
                open_record = False
            tag = ""
            continue
        if tag == "PT":
            if open_record:
                yield start, fields, "the record never closes with ER before the next PT"
            fields, start, open_record = {}, n, True
        if tag == "ER":
            if open_record:
                yield start, fields, ""
            open_record, tag, fields = False, "", {}
            continue
        fields.setdefault(tag, []).append(value)
    if open_record:
        yield start, fields, "the file ends inside a record (no ER line); fix or remove it"


def _tabbed(text: str) -> Iterator[tuple[int, dict[str, list[str]], str]]:
    lines = text.split("\n")
    header = [h.strip() for h in lines[0].split("\t")]
    for n, raw in enumerate(lines[1:], start=2):
        if not raw.strip():
            continue
        cells = raw.split("\t")
        fields: dict[str, list[str]] = {}
        for tag, cell in zip(header, cells, strict=False):
            cell = cell.strip()
            if not cell:
                continue
            if tag in ("AU", "AF", "DE", "ID", "OI", "RI", "C1"):
                parts = [p.strip() for p in re.split(r";\s*(?![^\[]*\])", cell) if p.strip()]
                fields[tag] = parts
            else:
                fields[tag] = [cell]
        yield n, fields, ""


def _one(fields: dict[str, list[str]], tag: str) -> str:
    return b.clean(" ".join(fields.get(tag, [])))


def _build(rec: Record, fields: dict[str, list[str]], ctx: LoadContext) -> None:
    title = _one(fields, "TI")
    if not title:
        raise ValueError("the record has no TI (title); fix or remove it")
    doi = b.parse_doi(_one(fields, "DI")) if fields.get("DI") else None
    ut = _one(fields, "UT").removeprefix("WOS:")
    key = ut or b.slug_hash(title, _one(fields, "PY"))
    node = rec.own(vocab.mint("work", "doi", doi) if doi else vocab.mint("work", "wos", key))
    pt = _one(fields, "PT")
    rec.add(node, vocab.TYPE, vocab.PATENT if pt == "P" else vocab.PAPER)
    rec.add(node, vocab.TITLE, b.text_lit(title))
    year = b.parse_year(_one(fields, "PY") or None, "PY")
    if year is not None:
        rec.add(node, vocab.YEAR, b.int_lit(year))
    if doi:
        rec.add(node, vocab.DOI, b.plain(doi))
    if fields.get("SO"):
        rec.add(node, vocab.VENUE, b.text_lit(_one(fields, "SO")))
    abstract = _one(fields, "AB")
    if abstract:
        rec.add(node, vocab.ABSTRACT, b.text_lit(abstract))
    keywords = [k.strip() for t in ("DE", "ID") for v in fields.get(t, []) for k in v.split(";")]
    keywords = [k for k in dict.fromkeys(keywords) if k]
    for k in keywords:
        rec.add(node, vocab.KEYWORD, b.text_lit(k))
    rec.texts.append(TextField(node, " ".join([title, abstract, *keywords])))
    for code in (c.strip() for v in fields.get("IP", []) for c in v.split(";")):
        if code:  # Derwent's IPC field, e.g. "H01L-021/027; C23C-016/00"
            rec.add(node, vocab.IPC, b.plain(code))
            b.link_ipc(rec, node, code)
    orcids = {}
    for v in fields.get("OI", []) + fields.get("RI", []):
        for part in v.split(";"):
            name, _, ident = part.rpartition("/")
            m = _ORCID_IN.search(ident)
            if name.strip() and m:
                orcids[b.normalise_name(name)] = m.group(1)
    names = fields.get("AF") or fields.get("AU") or []
    people: dict[str, NamedNode] = {}
    for pos, name in enumerate(names, start=1):
        name = b.clean(name)
        orcid = orcids.get(b.normalise_name(name))
        try:
            orcid = b.parse_orcid(orcid) if orcid else None
        except ValueError:
            orcid = None
        person = rec.own(b.person_iri(ctx.source, orcid=orcid, name=name))
        people[b.normalise_name(name)] = person
        rec.add(person, vocab.TYPE, vocab.EXPERT)
        rec.add(person, vocab.NAME, b.text_lit(name))
        rec.add(person, vocab.PREF_LABEL, b.text_lit(name))
        if orcid:
            rec.add(person, vocab.ORCID, b.plain(orcid))
        role = "inventor" if pt == "P" else "author"
        rec.add(node, vocab.CREATOR, person)
        c = rec.own(NamedNode(f"{node.value}/contribution/{role}/{pos}"))
        rec.add(node, vocab.CONTRIBUTION_P, c)
        rec.add(c, vocab.TYPE, vocab.CONTRIBUTION)
        rec.add(c, vocab.AGENT, person)
        rec.add(c, vocab.ROLE, b.plain(role))
        rec.add(c, vocab.AUTHOR_POSITION, b.int_lit(pos))
        rec.add(c, vocab.AUTHOR_COUNT, b.int_lit(len(names)))
    for aff in fields.get("C1", []):
        m = _C1.match(aff.strip())
        members, addr = (m.group("names"), m.group("addr")) if m else ("", aff.strip())
        inst_name = b.clean(addr.split(",")[0])
        if not inst_name:
            continue
        country = _country(addr)
        # the same abbreviated name ("Inst Chem") exists in many countries: key by both
        inst = rec.own(b.institution_iri(ctx.source, name=f"{inst_name} {country or ''}"))
        rec.add(inst, vocab.TYPE, vocab.INSTITUTION)
        rec.add(inst, vocab.PREF_LABEL, b.text_lit(inst_name))
        if country:
            rec.add(inst, vocab.COUNTRY_CODE, b.plain(country))
        rec.add(node, vocab.AFFILIATED_INSTITUTION, inst)
        for member in members.split(";"):
            person = people.get(b.normalise_name(member))
            if person is not None:
                rec.add(person, vocab.MEMBER_OF, inst)


LOADER = register(WosLoader())
