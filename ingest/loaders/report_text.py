"""Plain text out of report files (PDF, DOCX, HTML, TXT/Markdown), with a paragraph map.

The plain text is what every offset points into: paragraphs joined by a blank line. Each
``Segment`` says where one paragraph came from (page for PDF). Nothing here fetches anything:
HTML is parsed by lxml without network access, and no external entity is resolved.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ingest.loaders.textio import decode_complete
from ingest.loaders.textmap import TextMap, reflow_text
from kg.errors import InputError, LimitError

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_END = tuple('。！？；：.!?;:」』”"')
_BLOCKS = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "td",
    "th",
    "tr",
    "blockquote",
    "pre",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "br",
    "dt",
    "dd",
    "caption",
    "figcaption",
    "title",
    "table",
    "ul",
    "ol",
]


@dataclass
class ReportText:
    text: str
    fmt: str
    title: str = ""
    segments: list[tuple[int, int, int, int]] = field(default_factory=list)  # start,end,page,para
    # text files: the decoded file text and where each character of ``text`` came from in it
    source: str | None = None
    textmap: TextMap | None = None

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Offsets in the file's decoded text of ``text[start:end]`` (PDF, DOCX and HTML have
        no such text: their offsets are those of ``text``)."""
        if self.textmap is None:
            return start, end
        return self.textmap.to_source(start, end)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def map_json(self) -> str:
        return json.dumps([list(s) for s in self.segments], separators=(",", ":"))


def _join(paragraphs: list[tuple[str, int]], fmt: str, title: str = "") -> ReportText:
    parts: list[str] = []
    segs = []
    pos = 0
    for n, (para, page) in enumerate(paragraphs, start=1):
        para = para.strip()
        if not para:
            continue
        if parts:
            pos += 2
        segs.append((pos, pos + len(para), page, n))
        parts.append(para)
        pos += len(para)
    return ReportText("\n\n".join(parts), fmt, title.strip(), segs)


def _glue(a: str, b: str) -> str:
    """Join a wrapped line: no space between Chinese characters, one between words."""
    if not a:
        return b
    if a.endswith("-") and b[:1].islower():
        return a[:-1] + b
    if _CJK.match(a[-1]) or _CJK.match(b[:1] or " "):
        return a + b
    return a + " " + b


def _width(s: str) -> int:
    return sum(2 if _CJK.match(c) else 1 for c in s)


def lines_to_paragraphs(lines: list[str]) -> list[str]:
    """Re-flow wrapped lines: a line ends a paragraph when it ends a sentence and is short, or
    is much shorter than the page's longest line."""
    lines = [ln.strip() for ln in lines]
    widest = max((_width(ln) for ln in lines), default=0)
    out: list[str] = []
    cur = ""
    for ln in lines:
        if not ln:
            if cur:
                out.append(cur)
                cur = ""
            continue
        cur = _glue(cur, ln)
        short = _width(ln) < 0.8 * widest
        if short or (ln.endswith(_END) and _width(ln) < 0.95 * widest):
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    return out


def read_pdf(data: bytes, name: str) -> ReportText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    if not data.strip():
        raise InputError(f"{name}: the file is empty; nothing to read")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except (PyPdfError, NotImplementedError, ValueError):
                ok = 0
            if not ok:
                raise InputError(
                    f"{name}: the PDF is encrypted (password protected); decrypt it first "
                    "(e.g. qpdf --decrypt --password=... in.pdf out.pdf)"
                )
        pages = list(reader.pages)
        paragraphs: list[tuple[str, int]] = []
        for i, page in enumerate(pages, start=1):
            raw = (page.extract_text() or "").replace("\x00", "")
            for para in lines_to_paragraphs(raw.splitlines()):
                paragraphs.append((para, i))
        title = ""
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title)
    except InputError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError,
            RecursionError, AttributeError, IndexError, zlib_error()) as e:  # fmt: skip
        raise InputError(
            f"{name}: the PDF is corrupt or unreadable ({type(e).__name__}: {e}); "
            "re-export it or repair it (e.g. qpdf in.pdf out.pdf)"
        ) from None
    if not pages:
        raise InputError(f"{name}: the PDF has no pages")
    if not any(p.strip() for p, _ in paragraphs):
        raise InputError(
            f"{name}: the PDF has no extractable text (scanned images?); run OCR first "
            "(e.g. ocrmypdf in.pdf out.pdf)"
        )
    return _join(paragraphs, "pdf", title)


def zlib_error() -> type[Exception]:
    import zlib

    return zlib.error


def check_zip(data: bytes, name: str, max_inflated: int) -> zipfile.ZipFile:
    """Open a zip after checking the inflated sizes its entries declare (zipfile stops at the
    declared size, so a lying header fails its CRC instead of filling memory)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(f"{name}: not a readable zip/DOCX container ({e})") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > max_inflated or total > max_inflated:
            raise LimitError(
                f"{name}: inflates to more than {max_inflated} bytes (entry {info.filename}: "
                f"{info.file_size} bytes), over the max_inflated_bytes limit; raise it with "
                "IKG_MAX_INFLATED_BYTES if the file is genuine"
            )
    return zf


def read_docx(data: bytes, name: str, max_inflated: int) -> ReportText:
    import docx
    from docx.oxml.ns import qn

    zf = check_zip(data, name, max_inflated)
    if "word/document.xml" not in zf.namelist():
        raise InputError(f"{name}: a zip file but not a DOCX (no word/document.xml)")
    try:
        d = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise InputError(f"{name}: the DOCX is corrupt ({type(e).__name__}: {e})") from None
    except Exception as e:  # noqa: BLE001 - python-docx/lxml raise many types on broken XML
        raise InputError(f"{name}: the DOCX is corrupt ({type(e).__name__}: {e})") from None
    paragraphs: list[tuple[str, int]] = []
    title = d.core_properties.title or ""
    for block in d.element.body.iterchildren():
        if block.tag == qn("w:p"):
            text = "".join(t.text or "" for t in block.iter(qn("w:t")))
            paragraphs.append((text, 0))
            if not title:
                style = block.find(qn("w:pPr"))
                sid = style.find(qn("w:pStyle")) if style is not None else None
                if sid is not None and sid.get(qn("w:val"), "").lower() in ("title", "heading1"):
                    title = text
        elif block.tag == qn("w:tbl"):
            for row in block.iter(qn("w:tr")):
                cells = ["".join(t.text or "" for t in c.iter(qn("w:t"))) for c in
                         row.iter(qn("w:tc"))]  # fmt: skip
                paragraphs.append(("\t".join(c.strip() for c in cells), 0))
    return _join(paragraphs, "docx", title)


def read_html(data: bytes, name: str) -> ReportText:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as e:  # noqa: BLE001 - parser failures surface as many types
        raise InputError(f"{name}: cannot parse the HTML ({e})") from None
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object", "svg"]):
        tag.decompose()
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    if soup.title:
        soup.title.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    raw = soup.get_text()
    paragraphs = [(" ".join(ln.split()), 0) for ln in raw.split("\n")]
    rt = _join(paragraphs, "html", title)
    if not title and rt.segments:
        s = rt.segments[0]
        rt.title = rt.text[s[0] : s[1]][:200]
    return rt


def read_text_report(text: str, fmt: str) -> ReportText:
    """A TXT/Markdown report: paragraphs re-flowed (see ``ingest.textmap``), mapped to ``text``."""
    r = reflow_text(text, fmt)
    rt = ReportText(r.text, fmt, r.title, r.segments, source=text, textmap=r.map)
    if not rt.title and rt.segments:
        s = rt.segments[0]
        rt.title = rt.text[s[0] : s[1]].split("\n", 1)[0][:200]
    return rt


def sniff_kind(path: Path, head: bytes) -> str | None:
    """ "pdf", "docx", "html", "text" or None, from the content (the extension is a hint)."""
    if head.lstrip(b"\r\n\t ").startswith(b"%PDF") or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as zf:
                return "docx" if "word/document.xml" in zf.namelist() else None
        except (zipfile.BadZipFile, OSError):
            return None
    low = head[:2048].lstrip(b"\xef\xbb\xbf\r\n\t ").lower()
    if low.startswith(b"<!doctype html") or b"<html" in low[:1024]:
        return "html"
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    ext = path.suffix.lower()
    if ext in (".csv", ".tsv", ".json", ".jsonl", ".ris", ".bib", ".ttl", ".nt", ".nq", ".trig",
               ".jsonld", ".rdf", ".xml", ".owl", ".n3", ".enw", ".nbib"):  # fmt: skip
        return None
    first = low[:1]
    if first in (b"{", b"[", b"<", b"@"):
        return None
    # the head may end inside a character: decode its complete characters only
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    for enc in ("utf-16",) if utf16 else ("utf-8-sig", "gb18030"):
        try:
            decode_complete(head, enc)
            return "text"
        except UnicodeDecodeError:
            continue
    return None
