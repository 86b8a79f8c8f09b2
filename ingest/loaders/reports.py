"""Reports: PDF, DOCX, HTML, TXT/Markdown -> one ``ikg:Report`` record per file.

Detected by content: ``%PDF`` magic, a zip holding ``word/document.xml``, ``<html`` or
``<!doctype html``, else UTF-8/UTF-16/GBK text (``.txt``/``.md``). The record carries the
report's title, language (``ctx.lang`` or detected per document), file name, the extracted plain
text (``ikg:plainText``) with its SHA-256 and paragraph/page map: every mention and fact offset
points into that text. Mentions and relations are added by the extractor stage
(``ingest.extract.stage.RecordTagger`` -> ``ReportExtractor``), which has the store's labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from pyoxigraph import Literal

from ingest.extract.ents import detect_lang
from ingest.loaders import register
from ingest.loaders import report_text as rr
from ingest.loaders.textio import decode, read_bytes
from ingest.types import LoadContext, Record
from kg import vocab
from kg.errors import InputError

_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def read_report(path: Path, data: bytes, max_inflated: int, encoding: str | None = None
                ) -> rr.ReportText:  # fmt: skip
    """The plain text of one report file (raises ``InputError`` with a clear message)."""
    name = path.name
    if not data.strip():
        raise InputError(
            f"{name}: the file is empty; nothing to read (a PDF needs pages with text)"
        )
    kind = rr.sniff_kind(path, data[:8192])
    if kind == "pdf":
        return rr.read_pdf(data, name)
    if kind == "docx":
        return rr.read_docx(data, name, max_inflated)
    if kind == "html":
        return rr.read_html(data, name)
    if kind == "text":
        fmt = "md" if path.suffix.lower() in (".md", ".markdown") else "txt"
        return rr.read_text_report(decode(data, path, encoding), fmt)
    if data.startswith(b"PK\x03\x04"):
        raise InputError(f"{name}: a zip file that is not a DOCX (no word/document.xml)")
    raise InputError(f"{name}: not a PDF, DOCX, HTML or text report")


class ReportsLoader:
    name = "reports"
    priority = 80

    def sniff(self, path: Path, head: bytes) -> bool:
        return rr.sniff_kind(path, head) is not None

    def run(self, files: list[Path], ctx: LoadContext) -> Iterator[Record]:
        for path in files:
            data = read_bytes(path, ctx.settings.max_file_bytes)
            rt = read_report(path, data, ctx.settings.max_inflated_bytes, ctx.encoding)
            if not rt.text.strip():
                raise InputError(f"{path.name}: the report has no text")
            if len(rt.text) > ctx.settings.max_field_chars * 50:
                raise InputError(
                    f"{path.name}: {len(rt.text)} characters of text is over the limit of "
                    f"{ctx.settings.max_field_chars * 50} (50 x max_field_chars); raise "
                    "IKG_MAX_FIELD_CHARS or split the report"
                )
            lang = ctx.lang if ctx.lang in ("en", "zh") else detect_lang(rt.text)
            yield report_record(path, rt, lang, ctx)


def report_record(path: Path, rt: rr.ReportText, lang: str, ctx: LoadContext) -> Record:
    node = ctx.mint("report", path.name)
    rec = Record(file=str(path), locator=f"report {path.name}")
    rec.own(node)
    title = rt.title or path.stem
    rec.add(node, vocab.TYPE, vocab.REPORT)
    rec.add(node, vocab.TITLE, Literal(title, language=lang))
    rec.add(node, vocab.LANGUAGE, Literal(lang))
    rec.add(node, vocab.FILE_P, Literal(path.name))
    rec.add(node, vocab.PLAIN_TEXT, Literal(rt.text))
    rec.add(node, vocab.TEXT_SHA256, Literal(rt.sha256))
    rec.add(node, vocab.TEXT_MAP, Literal(rt.map_json()))
    m = _YEAR.search(title) or _YEAR.search(rt.text[:2000])
    if m:
        rec.add(node, vocab.YEAR, Literal(m.group(1), datatype=vocab.XSD.integer))
    return rec


LOADER = register(ReportsLoader())
