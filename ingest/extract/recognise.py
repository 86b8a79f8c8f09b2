"""Running the recognisers over a whole text: line ends are hard boundaries.

The text is cut into chunks, one a line or tab-separated cell (a line over ``MAX_CHUNK`` characters is cut further at
a sentence end), and each language's pipeline (``ingest.extract.nlp.build_pipeline``) runs over the
chunks; so no entity can run across a line end, and a text of any length fits
spaCy's ``max_length``. Offsets are then shifted back into the whole text, and a last filter
makes sure of the contract every caller relies on: no entity holds a line end or a tab, none
starts or ends with white space, and ``text[start:end] == ent.text`` for every entity.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ingest.extract.affiliations import InstitutionIndex, affiliation_ents, looks_like_affiliations
from ingest.extract.ents import Ent, Label
from ingest.extract.nlp_en import recognise_en
from ingest.extract.nlp_zh import recognise_zh

# the characters str.splitlines() breaks on ("\r\n" is one line end), and the tab that
# separates table cells: the recognisers never see text across one
LINE_END = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
BOUNDARY = re.compile(r"\r\n|[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
NOT_INSIDE = re.compile(r"[\t\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
MAX_CHUNK = 5000
_SENT_END = re.compile(r"[。！？；!?;]|\.(?=\s)")
_SPACE = re.compile(r"\s")
_WS = " \t\u00a0\u3000\ufeff\u200b"
_SEP = "-–—|•·/"  # a separator standing apart ("John Mellencamp - ...") is not part of a name


def line_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every line (line ends only; tabs do not cut)."""
    out, pos = [], 0
    for m in LINE_END.finditer(text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def line_chunks(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line (or table cell: tabs cut too), long lines cut
    at sentence ends."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in BOUNDARY.finditer(text):
        _add_line(text, pos, m.start(), max_chunk, out)
        pos = m.end()
    _add_line(text, pos, len(text), max_chunk, out)
    return out


def _add_line(text: str, a: int, b: int, max_chunk: int, out: list[tuple[int, int]]) -> None:
    while b - a > max_chunk:
        window = text[a + max_chunk // 5 : a + max_chunk]
        cut = None
        for pattern in (_SENT_END, _SPACE):
            ends = [m.end() for m in pattern.finditer(window)]
            if ends:
                cut = a + max_chunk // 5 + ends[-1]
                break
        cut = cut or a + max_chunk
        if text[a:cut].strip():
            out.append((a, cut))
        a = cut
    if text[a:b].strip():
        out.append((a, b))


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    """White space and separators standing apart trimmed off both ends of ``text[a:b]``."""
    while True:
        while a < b and text[a] in _WS:
            a += 1
        while b > a and text[b - 1] in _WS:
            b -= 1
        if b - a >= 2 and text[b - 1] in _SEP and text[b - 2] in _WS:
            b -= 1
        elif b - a >= 2 and text[a] in _SEP and text[a + 1] in _WS:
            a += 1
        else:
            return a, b


def clean_entities(text: str, ents: Iterable[Ent]) -> list[Ent]:
    """The entities that keep the offset contract, trimmed of white space, sorted."""
    out: list[Ent] = []
    seen: set[tuple[int, int, str]] = set()
    for e in ents:
        a, b = _trim(text, e.start, e.end)
        if b <= a or NOT_INSIDE.search(text, a, b):
            continue
        if (a, b, e.type) in seen:
            continue
        seen.add((a, b, e.type))
        e.start, e.end, e.text = a, b, text[a:b]
        out.append(e)
    out.sort(key=lambda e: (e.start, e.end))
    return out


# a sentence ends after 。！？!?； (and closing quotes), or after "." before white space and an
# upper-case letter, digit or CJK character, unless the word before it is an abbreviation
_SENT = re.compile(r"[。！？!?；]+[”’」』\"')）]*|\.(?=\s+[\"'(（]?[A-Z0-9\u3400-\u9fff])")
_ABBREV = frozenset(
    [
        "dr",
        "prof",
        "dept",
        "mr",
        "mrs",
        "ms",
        "st",
        "inc",
        "ltd",
        "co",
        "corp",
        "jr",
        "sr",
        "no",
        "univ",
        "inst",
        "vs",
        "etc",
        "fig",
        "vol",
        "ph.d",
        "u.s",
        "e.g",
        "i.e",
        "mt",
        "ave",
        "rd",
        "assoc",
        "natl",
        "sci",
        "tech",
        "acad",
        "med",
        "eng",
        "chem",
        "phys",
        "res",
        "lab",
        "dep",
        "al",
    ]
)


def sentences(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """The sentences of ``text[a:b]`` (one line or cell) as offsets into ``text``."""
    out: list[tuple[int, int]] = []
    start = a
    for m in _SENT.finditer(text, a, b):
        if m.group() == ".":
            word = text[max(a, m.start() - 12) : m.start()].split()
            w = word[-1].lower() if word else ""
            if len(w) <= 1 or w in _ABBREV:
                continue
        out.append((start, m.end()))
        start = m.end()
    if text[start:b].strip():
        out.append((start, b))
    elif out:
        out[-1] = (out[-1][0], b)
    return out or [(a, b)]


KINDS = ("auto", "text", "affiliations")
_PROSE_END = re.compile(r"[。！？]\s*$")


def _affiliation_list(text: str) -> bool:
    """Most lines are affiliation strings, and few end like a Chinese sentence (a report's
    paragraphs name institutions too)."""
    lines = [ln for ln in LINE_END.split(text[:200_000]) if ln.strip()]
    prose = sum(1 for ln in lines if _PROSE_END.search(ln))
    return prose <= 0.2 * len(lines) and looks_like_affiliations(text)


def recognise_chunks(texts: list[str], lang: str, labels: list[Label]) -> list[list[Ent]]:
    """Entities of each text (offsets into it); the texts hold no line end."""
    if lang == "zh":
        return recognise_zh(texts, labels)
    return recognise_en(texts, labels)


def recognise(
    text: str, lang: str, labels: Iterable[Label] = (), kind: str = "auto"
) -> tuple[list[Ent], list[tuple[int, int]]]:
    """Entities with offsets into ``text``, and the sentences (never across a line end).

    ``kind`` "affiliations" (or "auto" when most lines are affiliation strings) parses every
    line as an affiliation (``ingest.extract.affiliations``: its institutions, cities and
    countries); "text" (or "auto" otherwise) runs the language's recogniser."""
    labels = list(labels)
    spans = line_chunks(text)
    if kind == "affiliations" or (kind == "auto" and _affiliation_list(text)):
        ents = affiliation_ents(text, InstitutionIndex.from_labels(labels))
        return clean_entities(text, ents), [(a, b) for a, b in line_spans(text) if b > a]
    sents = [s for a, b in spans for s in sentences(text, a, b)]
    found = recognise_chunks([text[a:b] for a, b in spans], lang, labels)
    ents: list[Ent] = []
    for (a, _), chunk_ents in zip(spans, found, strict=True):
        for e in chunk_ents:
            e.start += a
            e.end += a
            ents.append(e)
    return clean_entities(text, ents), sents
