"""Bibliographic exports: RIS (rispy) and BibTeX (bibtexparser v2).

Both parsers can drop a broken record silently, so records are counted in the raw text
first and every record the parser did not return is quarantined with its line number.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import bibtexparser
import rispy

from ingest.loaders import fields as b
from ingest.loaders import register
from ingest.loaders.textio import read_text
from ingest.types import LoadContext, Record, TextField
from kg import vocab

logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

_RIS_TYPES = {
    "PAT": vocab.PATENT,
    "RPRT": vocab.REPORT,
    "STAND": vocab.STANDARD,
    "GRANT": vocab.PROJECT,
}
_BIB_TYPES = {"techreport": vocab.REPORT, "patent": vocab.PATENT, "standard": vocab.STANDARD}
_RIS_START = re.compile(r"^TY  - ", re.M)
_BIB_START = re.compile(r"^[ \t]*@(\w+)\s*[{(]", re.M)
_NON_ENTRY = {"comment", "string", "preamble"}


def _work(
    rec: Record,
    ctx: LoadContext,
    *,
    key: str,
    title: str,
    typ: Any,
    year: str | None,
    authors: list[str],
    doi: str | None,
    venue: str | None,
    keywords: list[str],
    abstract: str | None,
) -> None:
    title = b.clean(title)
    if not title:
        raise ValueError("the record has no title; add a TI (RIS) or title (BibTeX) field")
    doi_n = b.parse_doi(doi) if doi else None
    node = rec.own(vocab.mint("work", "doi", doi_n) if doi_n else ctx.mint("work", key))
    rec.add(node, vocab.TYPE, typ)
    rec.add(node, vocab.TITLE, b.text_lit(title))
    y = b.parse_year(year, "year")
    if y is not None:
        rec.add(node, vocab.YEAR, b.int_lit(y))
    if doi_n:
        rec.add(node, vocab.DOI, b.plain(doi_n))
    if venue:
        rec.add(node, vocab.VENUE, b.text_lit(b.clean(venue)))
    kws = [b.clean(k) for k in keywords if b.clean(k)]
    for k in kws:
        rec.add(node, vocab.KEYWORD, b.text_lit(k))
    if abstract:
        rec.add(node, vocab.ABSTRACT, b.text_lit(b.clean(abstract)))
    rec.texts.append(TextField(node, " ".join([title, abstract or "", *kws])))
    people = [b.clean(a) for a in authors if b.clean(a)]
    for pos, name in enumerate(people, start=1):
        person = rec.own(b.person_iri(ctx.source, name=name))
        rec.add(person, vocab.TYPE, vocab.EXPERT)
        rec.add(person, vocab.NAME, b.text_lit(name))
        rec.add(person, vocab.PREF_LABEL, b.text_lit(name))
        rec.add(node, vocab.CREATOR, person)
        role = "inventor" if typ == vocab.PATENT else "author"
        if role == "inventor":
            rec.add(node, vocab.INVENTOR, person)
        c = rec.own(vocab.NamedNode(f"{node.value}/contribution/{role}/{pos}"))
        rec.add(node, vocab.CONTRIBUTION_P, c)
        rec.add(c, vocab.TYPE, vocab.CONTRIBUTION)
        rec.add(c, vocab.AGENT, person)
        rec.add(c, vocab.ROLE, b.plain(role))
        rec.add(c, vocab.AUTHOR_POSITION, b.int_lit(pos))
        rec.add(c, vocab.AUTHOR_COUNT, b.int_lit(len(people)))


class RisLoader:
    name = "ris"
    priority = 30

    def sniff(self, path: Path, head: bytes) -> bool:
        return bool(_RIS_START.search(head.decode("utf-8", "ignore").lstrip("\ufeff")))

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for f in files:
            text = read_text(f, ctx.settings.max_file_bytes, ctx.encoding).replace("\r\n", "\n")
            starts = [m.start() for m in _RIS_START.finditer(text)] + [len(text)]
            for i in range(len(starts) - 1):
                chunk = text[starts[i] : starts[i + 1]]
                line = text.count("\n", 0, starts[i]) + 1
                rec = Record(file=str(f), locator=f"record {i + 1} (line {line})")
                try:
                    entries = rispy.loads(chunk)
                except Exception as e:  # noqa: BLE001 - rispy raises plain exceptions
                    rec.errors.append(f"RIS record does not parse ({e}); fix it")
                    yield rec
                    continue
                if len(entries) != 1:
                    rec.errors.append("RIS record is incomplete (no closing 'ER  -' line?); fix it")
                    yield rec
                    continue
                e = entries[0]
                try:
                    title = e.get("title") or e.get("primary_title") or ""
                    _work(
                        rec,
                        ctx,
                        key=e.get("id") or f"ris-{b.slug_hash(title, e.get('year'))}",
                        title=title,
                        typ=_RIS_TYPES.get(e.get("type_of_reference", ""), vocab.PAPER),
                        year=e.get("year") or (e.get("date") or "")[:4] or None,
                        authors=e.get("authors", []) + e.get("first_authors", []),
                        doi=e.get("doi"),
                        venue=e.get("journal_name") or e.get("secondary_title"),
                        keywords=e.get("keywords", []),
                        abstract=e.get("abstract"),
                    )
                except ValueError as err:
                    rec.errors.append(str(err))
                yield rec


def _unbrace(value: str) -> str:
    return value.replace("{", "").replace("}", "").strip()


class BibtexLoader:
    name = "bibtex"
    priority = 30

    def sniff(self, path: Path, head: bytes) -> bool:
        text = head.decode("utf-8", "ignore")
        return any(m.group(1).lower() not in _NON_ENTRY for m in _BIB_START.finditer(text))

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for f in files:
            text = read_text(f, ctx.settings.max_file_bytes, ctx.encoding).replace("\r\n", "\n")
            declared = [
                (text.count("\n", 0, m.start()) + 1)
                for m in _BIB_START.finditer(text)
                if m.group(1).lower() not in _NON_ENTRY
            ]
            lib = bibtexparser.parse_string(text)
            seen_lines: set[int] = set()
            for entry in lib.entries:
                line = (entry.start_line or 0) + 1
                seen_lines.add(line)
                rec = Record(file=str(f), locator=f"line {line} (key={entry.key})")
                fields = {fl.key.lower(): _unbrace(str(fl.value)) for fl in entry.fields}
                try:
                    _work(
                        rec,
                        ctx,
                        key=entry.key,
                        title=fields.get("title", ""),
                        typ=_BIB_TYPES.get(entry.entry_type.lower(), vocab.PAPER),
                        year=fields.get("year"),
                        authors=[
                            a.strip() for a in re.split(r"\s+and\s+", fields.get("author", "")) if a
                        ],
                        doi=fields.get("doi"),
                        venue=fields.get("journal") or fields.get("booktitle"),
                        keywords=re.split(r"[;,]", fields.get("keywords", "")),
                        abstract=fields.get("abstract"),
                    )
                except ValueError as err:
                    rec.errors.append(str(err))
                yield rec
            # whatever the parser dropped is quarantined, never lost silently
            for line in declared:
                if line not in seen_lines:
                    yield Record(
                        file=str(f),
                        locator=f"line {line}",
                        errors=[
                            "BibTeX entry does not parse (unbalanced braces or a missing "
                            "comma?); fix it"
                        ],
                    )


RIS_LOADER = register(RisLoader())
BIBTEX_LOADER = register(BibtexLoader())
