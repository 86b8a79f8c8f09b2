"""A derived text with a map back to its source, and the re-flow of plain-text reports.

A report's plain text (``ikg:plainText``) is normalised: line ends unified, blank-line runs
collapsed, hard-wrapped lines glued, Markdown markup dropped. ``TextMap`` remembers where each
character of that text came from, so an entity found in it can be given offsets into the file's
text as decoded (``ikg extract FILE``), while the stored plain text keeps its own offsets.

Line ends stay hard boundaries unless the file is hard-wrapped prose (most lines of a paragraph
are as long as the widest line, the next line's first word would not have fitted on them, and
Latin continuation lines mostly start in lower case):
then, and only then, a wrapped line is glued to the next. A list of names, titles or
affiliations, one a line, is never glued.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
# every character Python's str.splitlines() breaks on; \r\n counts as one line end
LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
_WS = " \t\u00a0\u3000\ufeff"
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"\*\*|__|`|~~")
_MD_LEAD = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)")
_MD_BLOCK_START = re.compile(r"#{1,6}\s|>|[-*+]\s|\d+[.)]\s|\||```")  # at a line's first non-space


@dataclass
class TextMap:
    """Copied runs ``(start in text, start in source, length)``; characters between runs were
    inserted (a space or line end joining lines) and map to the source point where they sit."""

    dst: list[int] = field(default_factory=list)
    src: list[int] = field(default_factory=list)
    size: list[int] = field(default_factory=list)

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source offsets of the text span ``[start, end)``."""
        if not self.dst:
            return start, end
        i = max(bisect.bisect_right(self.dst, start) - 1, 0)
        off = start - self.dst[i]
        s = self.src[i] + min(off, self.size[i]) if off >= 0 else self.src[i]
        j = max(bisect.bisect_right(self.dst, end - 1) - 1, 0)
        off = end - 1 - self.dst[j]
        e = self.src[j] + min(off + 1, self.size[j]) if off >= 0 else self.src[j]
        return s, max(s, e)


class TextBuilder:
    """Builds a derived text from pieces of a source, keeping the ``TextMap``."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.map = TextMap()

    def copy(self, a: int, b: int) -> None:
        if b <= a:
            return
        m = self.map
        if m.dst and m.dst[-1] + m.size[-1] == self.length and m.src[-1] + m.size[-1] == a:
            m.size[-1] += b - a
        else:
            m.dst.append(self.length)
            m.src.append(a)
            m.size.append(b - a)
        self.parts.append(self.source[a:b])
        self.length += b - a

    def insert(self, s: str) -> None:
        self.parts.append(s)
        self.length += len(s)

    def text(self) -> str:
        return "".join(self.parts)


def width(s: str) -> int:
    """Display width: two columns for a CJK character."""
    return len(s) + len(CJK.findall(s))


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line's content (line ends excluded)."""
    out, pos = [], 0
    for m in LINE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _WS:
        a += 1
    while b > a and text[b - 1] in _WS:
        b -= 1
    return a, b


def _md_pieces(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """Source ranges of a Markdown line that survive dropping its markup."""
    line = text[a:b]
    keep = [True] * len(line)
    lead = _MD_LEAD.match(line)
    if lead:
        keep[: lead.end()] = [False] * lead.end()
    for m in _MD_LINK.finditer(line):
        for k in range(m.start(), m.end()):
            keep[k] = m.start(1) <= k < m.end(1)
    for m in _MD_MARK.finditer(line):
        keep[m.start() : m.end()] = [False] * (m.end() - m.start())
    pieces: list[tuple[int, int]] = []
    k = 0
    while k < len(line):
        if keep[k]:
            j = k
            while j < len(line) and keep[j]:
                j += 1
            pieces.append((a + k, a + j))
            k = j
        else:
            k += 1
    return pieces


def _trim(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces without whitespace at the start of the first or the end of the last."""
    out = [p for p in pieces if p[1] > p[0]]
    while out and text[out[0][0]] in _WS:
        out[0] = (out[0][0] + 1, out[0][1])
        if out[0][0] == out[0][1]:
            out.pop(0)
    while out and text[out[-1][1] - 1] in _WS:
        out[-1] = (out[-1][0], out[-1][1] - 1)
        if out[-1][0] == out[-1][1]:
            out.pop()
    return out


def _first_word(s: str) -> str:
    if s and CJK.match(s[0]):
        return s[0]
    return s.split(maxsplit=1)[0] if s.split() else ""


def _fits_next(cur: str, nxt: str, widest: int) -> bool:
    """True when the next line's first word would not have fitted on ``cur`` (a soft wrap)."""
    w = _first_word(nxt)
    if (cur and CJK.match(cur[-1])) or CJK.match(w[:1] or " "):
        # no space between CJK characters; a line may stop one character short (a comma
        # or full stop is not put at the start of a line)
        return width(cur) + width(w) > widest - 2
    return width(cur) + 1 + width(w) > widest


def wrapped_lines(lines: list[str]) -> bool:
    """Whether a file's paragraphs are hard-wrapped prose (see the module docstring)."""
    widths = sorted(width(ln) for ln in lines if ln)
    if not widths:
        return False
    widest = widths[int(0.95 * (len(widths) - 1))] if len(widths) >= 20 else widths[-1]
    if widest < 30:
        return False
    inner = [(a, b) for a, b in zip(lines, lines[1:], strict=False) if a and b]
    if len(inner) < 2:
        return False
    soft = sum(_fits_next(a, b, widest) for a, b in inner)
    # in wrapped English most continuation lines start in lower case; the items of a list
    # (titles, names, affiliations) start with a capital, however alike their widths are
    latin = [b[0] for _, b in inner if b[0].isascii() and b[0].isalpha()]
    if len(latin) >= 3 and sum(c.islower() for c in latin) < 0.3 * len(latin):
        return False
    return soft >= 0.6 * len(inner)


def _glue_gap(builder: TextBuilder, prev: str, nxt: str) -> None:
    """Join two wrapped lines: nothing between CJK characters, else one space."""
    if CJK.match(prev[-1:] or " ") or CJK.match(nxt[:1] or " "):
        return
    builder.insert(" ")


@dataclass
class Reflowed:
    text: str
    title: str
    segments: list[tuple[int, int, int, int]]  # start, end, page, paragraph (as ReportText)
    map: TextMap


def reflow_text(source: str, fmt: str) -> Reflowed:
    """The plain text of a TXT/Markdown report: paragraphs (blank-line separated) joined by a
    blank line; inside a paragraph, lines stay lines unless the file is hard-wrapped prose (or
    Markdown, whose paragraph lines are one paragraph); every piece mapped back to ``source``."""
    md = fmt == "md"
    spans = [_strip(source, a, b) for a, b in line_spans(source)]
    title = ""
    lines: list[list[tuple[int, int]]] = []
    for a, b in spans:
        if md and not title and source[a:b].startswith("# "):
            title = source[a + 2 : b].strip()
        pieces = _md_pieces(source, a, b) if md else ([(a, b)] if b > a else [])
        lines.append(_trim(source, pieces))
    plain = ["".join(source[p:q] for p, q in pcs).strip() for pcs in lines]
    wrapped = (not md) and wrapped_lines(plain)
    widest = 0
    if wrapped:
        ws = sorted(width(x) for x in plain if x)
        widest = ws[int(0.95 * (len(ws) - 1))] if len(ws) >= 20 else ws[-1]
    b = TextBuilder(source)
    segs: list[tuple[int, int, int, int]] = []
    para_start: int | None = None
    para_no = 0
    prev = ""
    for i, pcs in enumerate(lines):
        cur = plain[i]
        if not cur:
            if para_start is not None:
                segs.append((para_start, b.length, 0, para_no))
                para_start = None
            continue
        if para_start is None:
            if segs:
                b.insert("\n\n")
            para_no += 1
            para_start = b.length
        elif _joins(prev, cur, i, spans, source, md, wrapped, widest):
            if prev.endswith("-") and cur[:1].islower() and not md:
                _drop_last_char(b)
            else:
                _glue_gap(b, prev, cur)
        else:
            b.insert("\n")
        for p, q in pcs:
            b.copy(p, q)
        prev = cur
    if para_start is not None:
        segs.append((para_start, b.length, 0, para_no))
    return Reflowed(b.text(), title, segs, b.map)


def _joins(prev: str, cur: str, i: int, spans: list[tuple[int, int]], source: str, md: bool,
           wrapped: bool, widest: int) -> bool:  # fmt: skip
    if md:
        raw_prev = source[spans[i - 1][0] : spans[i - 1][1]]
        end = spans[i - 1][1]
        hard_break = source[end : end + 2] == "  " or raw_prev.endswith("\\")
        heading = raw_prev.lstrip().startswith("#")
        return not (hard_break or heading or _MD_BLOCK_START.match(source, spans[i][0]))
    return wrapped and _fits_next(prev, cur, widest)


def _drop_last_char(b: TextBuilder) -> None:
    """Undo the last copied character (a hyphen that only split a word at a line end)."""
    b.parts[-1] = b.parts[-1][:-1]
    b.length -= 1
    m = b.map
    m.size[-1] -= 1
    if m.size[-1] == 0:
        for arr in (m.dst, m.src, m.size):
            arr.pop()
