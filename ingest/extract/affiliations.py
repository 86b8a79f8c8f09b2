"""Affiliation strings ("Dept. of Physics, Tsinghua University, Beijing 100084, China"):
segments, their kinds, and the institutions they name.

``parse_affiliation(s, index)`` splits one affiliation string into segments at commas,
semicolons, slashes between names, brackets, spaced dashes and line ends; classifies each
segment as institution, department, address, postcode, city, country or other
(``affiliation_kinds.classify``: English, European and Chinese keywords — University/大学,
Institute/研究所/研究院, Academy/科学院, Hospital/医院, Company/公司, Laboratory/实验室,
College/学院, Inc/Ltd/GmbH, department/系/部 … — and the country and region lists of
``pycountry``); cuts the institution out of a segment that
also names a unit of it ("University of X School of Medicine", "清华大学计算机系"); and links
institution segments to institutions already in the graph through ``InstitutionIndex`` (folded
name or alternative label). Offsets are character offsets into ``s``.

``affiliation_ents(text, index)`` does this for every line of a one-affiliation-a-line text
and returns ``Ent``s (institutions as Organization, cities and countries as Place, method
"affiliation") with offsets into ``text``;
``looks_like_affiliations(text)`` tells such a text from prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.extract.affiliation_kinds import (
    CJK,
    RE_BRAND,
    RE_DIGIT,
    RE_LEGAL_FORM,
    RE_STRONG,
    RE_WEAK,
    STRONG,
    ZH_STRONG,
    classify,
    link_key,
)
from ingest.extract.affiliation_spans import (
    cut_unit_prefix,
    drop_address_tail,
    drop_doubled_city,
    drop_place_tail,
    inst_start,
    univ_of_cut,
)
from ingest.extract.ents import Ent, Label

CONF_LINKED = 0.9
CONF_SEGMENT = 0.7
KINDS = ("institution", "department", "address", "postcode", "city", "country", "other")


@dataclass
class Segment:
    start: int
    end: int
    text: str
    kind: str
    iri: str | None = None


# split points: , ; | line ends, brackets, slashes between words, " - " dashes, tabs
_SPLIT = re.compile(
    r"\s*(?:[,;|\n\r\t\[\]{}()]|#N#|#R#|#TAB#|(?<=\w)\s*/\s*(?=[A-Z])|\s[-–—]\s|，|；|、)\s*"
)
_LEAD = re.compile(
    r"^(?i:(?:from|and|the|at|&|also|part of|affiliated (?:to|with)|present address:?)\s+)+"
    r"|^(?:[a-z]\s+|\d{1,2}(?=[A-Z])|[*†‡§#]+\s*)(?=[A-Z])|^[\s\W_]+",
)
# a research unit's code beside its institution's name ("INSERM U955", "UMR CNRS 6251")
_UNIT_CODE = re.compile(r"(?:^|\s+)(?:UMR|UPR|UMS|UMI|ERL|EA|FRE|USR|U)\s*-?\s*[A-Z]?\d+(?=\s|$)")
_UNIT_OPEN = re.compile(r"^(?:UMR|UPR|UMS|USR)\s+(?=[A-Z]{2,}\s+\d)")
_TRAIL = re.compile(r"[\s.,;:)\]\-–—]+$")

# --- splitting ----------------------------------------------------------------------------


def _pieces(s: str) -> list[tuple[int, int]]:
    """(start, end) of the non-empty pieces between split points, trimmed."""
    out = []
    pos = 0
    for m in [*_SPLIT.finditer(s), None]:
        a, b = pos, (m.start() if m else len(s))
        pos = m.end() if m else len(s)
        a, b = _trim(s, a, b)
        if b > a:
            out.append((a, b))
    return out


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while True:
        piece = s[a:b]
        m = _LEAD.match(piece)
        if m and m.end() > 0:
            a += m.end()
            continue
        m = _TRAIL.search(piece)
        if m and m.start() < len(piece):
            b = a + m.start()
            continue
        return a, b


# --- institution spans ---------------------------------------------------------------------

# where a unit starts inside an institution's segment ("University of X School of Medicine")
_RE_UNIT_INSIDE = re.compile(
    r"\s+(?:(?:the\s+)?(?:school|college|faculty|institute|department|dept\.?|division|centre"
    r"|center|graduate school|laboratory|section|unit)\s+(?:of|for|de|d')\s"
    r"|(?:medical|dental|law|business|nursing|graduate) school\b"
    r"|(?:department|dept\.?|division|faculty|fac\.?)\b)",
    re.I,
)
_ZH_INST = re.compile(r"^.*(?:大学|大學|科学院|科學院|医院|醫院|公司|集团|银行|研究院)")
_ZH_WEAK_INST = re.compile(r"^.*?(?:学院|學院|研究所|实验室|實驗室|中心)")


def parse_affiliation(s: str, index: InstitutionIndex | None = None) -> list[Segment]:
    """All segments of one affiliation string, each with its kind and offsets into ``s``."""
    segs: list[Segment] = []
    for a, b in _pieces(s):
        if segs and RE_LEGAL_FORM.fullmatch(s[a:b]) and segs[-1].kind != "country":
            a = segs.pop().start  # "Samsung Electronics Co., Ltd.": the legal form ends the name
        text = s[a:b]
        kind = classify(text)
        iri = index.lookup(text) if index is not None else None
        if iri is not None and kind in ("other", "institution", "city"):
            kind = "institution"
        segs.append(Segment(a, b, text, kind, iri))
    segs = [x for seg in segs for x in _resplit(s, seg, index)]
    segs = [x for seg in segs for x in _split_heads(seg)]
    strong = any(x.kind == "institution" and _is_strong(x.text) for x in segs)
    univ = any(x.kind == "institution" and _RE_UNIV.search(x.text) for x in segs)
    for seg in segs:
        if seg.kind == "institution" and seg.iri is None and strong and _is_unit(seg.text, univ):
            seg.kind = "department"  # "Institute of Chemistry" beside a university
    generic = [x for x in segs if x.kind == "institution" and x.iri is None and _generic(x.text)]
    for seg in generic:
        seg.kind = "other"  # "University", "Medical Center", "The First Affiliated Hospital"
    if not generic and not any(x.kind == "institution" for x in segs):
        first = next((x for x in segs if x.kind == "other" and not _generic(x.text)), None)
        if first is not None and _name_like(first.text):
            first.kind = "institution"
    return segs


def institutions(s: str, index: InstitutionIndex | None = None) -> list[Segment]:
    """The institution spans of one affiliation string (several when it names several)."""
    return [x for x in parse_affiliation(s, index) if x.kind == "institution"]


def _is_strong(text: str) -> bool:
    return bool(RE_STRONG.search(text) or RE_BRAND.search(text) or re.search(ZH_STRONG, text))


# words that name no institution on their own
_GENERIC = frozenset(
    ("the", "of", "and", "&", "for", "university", "universities", "hospital", "hospitals",
     "center", "centre", "institute", "research", "clinical", "cancer", "medical", "general",
     "health", "college", "school", "faculty", "teaching", "affiliated", "first", "second",
     "third", "fourth", "fifth", "sixth", "seventh", "eighth", "eye", "heart", "clinic",
     "laboratory", "lab", "children's", "childrens", "children’s", "women's")
)  # fmt: skip


def _generic(text: str) -> bool:
    return all(w in _GENERIC for w in text.casefold().split())


_RE_SCHOOL = re.compile(r"(?<![\w-])(?:school|faculty|fac\.?|sch\.?)(?![\w-])", re.I)


_RE_UNIV = re.compile(r"(?<![\w-])univ", re.I)
# a laboratory or centre named by its field ("Molecular Pathology Laboratory", "Radiation
# Oncology Center"), beside an institution that it belongs to; not one named after a person or
# place ("McLaughlin Centre", "Ames Laboratory")
_RE_LAB_END = re.compile(
    r"(?<![\w-])(?:\w+(?:ology|ics|istry|icine|ing)|research|sciences?|studies|care|health)"
    r"\s+(?:laboratory|lab|center|centre|ctr\.?)$",
    re.I,
)


def _is_unit(text: str, univ: bool) -> bool:
    """A unit of an institution when another segment names one: "Institute of Chemistry"
    (opens with a weak head); "Warwick Medical School", "Medical Faculty Mannheim" when
    another segment names a university."""
    if RE_STRONG.search(text) or RE_BRAND.search(text):
        return False
    heads = list(RE_WEAK.finditer(text))
    if not heads:
        return False
    if heads[0].start() == 0 or (univ and bool(_RE_SCHOOL.fullmatch(heads[-1].group()))):
        return True
    return bool(_RE_LAB_END.search(text))


def _name_like(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 8 and any(w[:1].isupper() for w in words) and not RE_DIGIT.search(text)


def _resplit(s: str, seg: Segment, index: InstitutionIndex | None) -> list[Segment]:
    """Cut the institution out of a segment that also names a unit of it."""
    t = seg.text
    if CJK.search(t):
        return _resplit_zh(seg)
    if seg.kind == "department" and RE_STRONG.search(t):
        # "Department of Surgery University of X": the institution starts at its name
        head = inst_start(t)
        if head > 0:
            unit = Segment(seg.start, seg.start + len(t[:head].rstrip()), t[:head].rstrip(),
                           "department")  # fmt: skip
            rest = Segment(seg.start + head, seg.end, t[head:], "institution")
            return [unit, *_resplit(s, rest, index)]
    m = _RE_UNIT_OF.match(t) if seg.kind == "institution" else None
    if m and RE_STRONG.search(t[m.end() :]) and not RE_STRONG.search(m.group()):
        # "Medical College of Nanchang University": a unit of the university named after it
        unit = Segment(seg.start, seg.start + len(m.group().rstrip()), m.group().rstrip(),
                       "department")  # fmt: skip
        rest = Segment(seg.start + m.end(), seg.end, t[m.end() :], "institution", seg.iri)
        return [unit, rest]
    if seg.kind == "institution":
        m = _RE_UNIT_INSIDE.search(t)
        if m and m.start() > 0 and RE_STRONG.search(t[: m.start()]):
            cut = m.start()
            inst = Segment(seg.start, seg.start + cut, t[:cut], "institution", seg.iri)
            return [inst, Segment(seg.start + cut + 1, seg.end, t[cut + 1 :], "department")]
    return [seg]


_RE_HEAD_END = re.compile(
    rf"(?<![\w-])(?:{STRONG})(?=[\s–—-]+(?!(?:of|for|and|de|di|du|der|des|in|at|zu)\b)[A-Z])",
    re.I,
)


_RE_AND = re.compile(r"\s+(?:and|&)\s+(?=[A-Z])")


# a dash between two names, unspaced ("University Health Network-Toronto General Hospital")
_RE_DASH = re.compile(r"(?<=[\w.])[-–—](?=[A-Z])")


def _two_names(left: str, right: str, dash: bool) -> bool:
    """ "X University and Y Hospital", "Jena University Hospital–Friedrich Schiller University":
    both sides name an institution, the left one ends in its head word or (at a dash, or
    after "and" when it holds a head of its own) the right one is a complete name."""
    if not (RE_STRONG.search(right) and RE_STRONG.search(left)):
        return _ends_in_head(left) and _is_strong(right) and not dash
    if _ends_in_head(left):
        return True
    first = right.split()[0] if right.split() else ""
    return bool(RE_STRONG.fullmatch(first)) if dash else first[:1].isupper()


def _ends_in_head(t: str) -> bool:
    words = t.split()
    return bool(words) and bool(RE_STRONG.fullmatch(words[-1]) or RE_WEAK.fullmatch(words[-1]))


_RE_POSTCODE_IN = re.compile(r"\s+[A-Z]{0,2}-?\d{3,}")


def _drop_unit_code(seg: Segment) -> Segment:
    """ "INSERM U955" -> "INSERM", "UMR CNRS 6251" -> "CNRS": the institution without the code
    of its research unit."""
    t, a = seg.text, 0
    m = _UNIT_OPEN.match(t)
    if m:
        a = m.end()
        t = re.sub(r"\s+\d+$", "", t[a:])
    else:
        codes = list(_UNIT_CODE.finditer(t))
        if codes and codes[-1].end() == len(t):
            t = t[: codes[-1].start()]
    if not t[:1].isupper() or t == seg.text:
        return seg
    return Segment(seg.start + a, seg.start + a + len(t), t, seg.kind, seg.iri)


def _split_heads(seg: Segment) -> list[Segment]:
    """Split "Huashan Hospital Fudan University" after a head followed by a new name; end an
    institution's name before a postcode ("Wenzhou Medical University 325027 P. R. China")."""
    if seg.kind != "institution" or CJK.search(seg.text):
        return [seg]
    seg = _drop_unit_code(seg)
    t = seg.text
    cut = univ_of_cut(t)
    if cut is not None:
        a = Segment(seg.start, seg.start + cut[0], t[: cut[0]], "institution", seg.iri)
        b = Segment(seg.start + cut[1], seg.end, t[cut[1] :], "institution")
        return [*_split_heads(a), *_split_heads(b)]
    head = cut_unit_prefix(t)
    if head:
        seg = Segment(seg.start + head, seg.end, t[head:], seg.kind, seg.iri)
        t = seg.text
    m = _RE_POSTCODE_IN.search(t)
    if m and RE_STRONG.search(t[: m.start()]):
        t = t[: m.start()]
        seg = Segment(seg.start, seg.start + len(t), t, seg.kind, seg.iri)
    t = drop_doubled_city(drop_address_tail(drop_place_tail(t)))
    if len(t) < len(seg.text):
        seg = Segment(seg.start, seg.start + len(t), t, seg.kind, seg.iri)
    for m in [*_RE_AND.finditer(t), *_RE_DASH.finditer(t)]:
        left, right = t[: m.start()], t[m.end() :]
        if _two_names(left, right, m.group().strip() in "-–—"):
            a = Segment(seg.start, seg.start + m.start(), left, "institution", seg.iri)
            b = Segment(seg.start + m.end(), seg.end, right, "institution")
            return [*_split_heads(a), *_split_heads(b)]
    for m in _RE_HEAD_END.finditer(t):
        rest = t[m.end() :].lstrip(" –—-")
        nxt = rest.split()[0] if rest.split() else ""
        if (
            m.start() > 0
            and not _univ_hospital(m.group(), rest)
            and RE_STRONG.search(rest)
            and not RE_STRONG.search(t[: m.start()])
            and not RE_STRONG.match(rest)
            and not RE_WEAK.match(nxt)
        ):
            a = Segment(seg.start, seg.start + m.end(), t[: m.end()], "institution", seg.iri)
            off = len(t) - len(rest)
            b = Segment(seg.start + off, seg.end, rest, classify(rest))
            return [a, *_split_heads(b)]
    return [seg]


def _univ_hospital(head: str, rest: str) -> bool:
    """ "Seoul National University" + "Bundang Hospital": a university's hospital named after
    it is one name."""
    return (
        bool(_RE_UNIV.match(head))
        and bool(re.search(r"(?:hospital|medical cent(?:er|re))$", rest, re.I))
        and not re.search(r"universit", rest, re.I)
    )


# words that open a university's name before "University of" ("Medical University of Vienna")
_RE_UNIT_OF = re.compile(
    r"^(?:[A-Z][\w'’-]*\s+){0,4}(?:College|School|Faculty|Graduate School)\s+of\s+(?=[A-Z])"
)


def _resplit_zh(seg: Segment) -> list[Segment]:
    t = seg.text
    m = _ZH_INST.match(t) or _ZH_WEAK_INST.match(t)
    if not m:
        return [seg]
    out = [Segment(seg.start, seg.start + m.end(), t[: m.end()], "institution", seg.iri)]
    if m.end() < len(t):
        rest = t[m.end() :]
        out.append(Segment(seg.start + m.end(), seg.end, rest, "department"))
    return out


class InstitutionIndex:
    """Institutions already in the graph, looked up by folded name or alternative label."""

    def __init__(self, labels: Iterable[tuple[str, str]] = ()) -> None:
        self._by_key: dict[str, set[str]] = {}
        for name, iri in labels:
            k = link_key(name)
            if len(k) >= 3:
                self._by_key.setdefault(k, set()).add(iri)

    @classmethod
    def from_labels(cls, labels: Iterable[Label]) -> InstitutionIndex:
        """The Organization labels of the gazetteer (graph names and alternative labels)."""
        return cls((lab.text, lab.iri) for lab in labels if lab.kind == "Organization" and lab.iri)

    def __len__(self) -> int:
        return len(self._by_key)

    def lookup(self, text: str) -> str | None:
        """The IRI of the one institution with this name (None: unknown or ambiguous)."""
        iris = self._by_key.get(link_key(text))
        return next(iter(iris)) if iris and len(iris) == 1 else None


def looks_like_affiliations(text: str) -> bool:
    """True when most non-empty lines are affiliation strings: a list of segments naming an
    institution beside a unit or a place, or a lone institution name ("Arkansas State
    University")."""
    lines = [x for x in text.splitlines() if x.strip()][:2000]
    if not lines:
        return False
    misses, most = 0, 0.4 * len(lines)
    for line in lines:
        misses += not _affiliation_line(line)
        if misses > most:
            return False  # prose: stop as soon as 60 % can no longer be reached
    return True


def _affiliation_line(line: str) -> bool:
    if len(line) > 500 or _CJK_SENTENCE.search(line):
        return False
    if CJK.search(line) and len(line.strip()) > 60:
        return False
    segs = parse_affiliation(line)
    kinds = [x.kind for x in segs]
    if "institution" not in kinds:
        return False
    if len(segs) >= 2:
        return bool(set(kinds) & {"department", "country", "city", "postcode", "address"})
    if CJK.search(line):
        return len(line.strip()) <= 30 and segs[0].end - segs[0].start == len(line.strip())
    words = line.split()
    return (
        len(words) <= 8
        and _is_strong(line)
        and all(w[:1].isupper() or w.lower() in _CONNECTORS or not w[:1].isalpha() for w in words)
    )


# a Chinese sentence, not an affiliation: sentence punctuation, or a verb of a report
_CJK_SENTENCE = re.compile(
    r"[。！？：]|[\u3400-\u9fff](?:是|在|于|和|与|将|已|为|由|对|从|把|被|让|向|的)[\u3400-\u9fff]{2,}[的了着过]"
)


_CONNECTORS = {"of", "for", "and", "&", "de", "del", "der", "des", "di", "du", "the", "at", "in",
               "und", "la", "le", "van", "von", "y", "e", "i", "zu"}  # fmt: skip


def affiliation_ents(text: str, index: InstitutionIndex | None = None) -> list[Ent]:
    """Every line of ``text`` parsed: its institutions as Organization entities, its city and
    country segments (without postcodes) as Place entities; offsets into ``text``."""
    out: list[Ent] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        for seg in parse_affiliation(
            line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), index
        ):
            if seg.kind == "institution":
                conf = CONF_LINKED if seg.iri else CONF_SEGMENT
                cands = [seg.iri] if seg.iri else []
                out.append(Ent(pos + seg.start, pos + seg.end, seg.text, "Organization", seg.iri,
                               conf, "affiliation", cands))  # fmt: skip
            elif seg.kind in ("city", "country"):
                m = max(_PLACE_WORDS.finditer(seg.text), key=lambda x: len(x.group()), default=None)
                if m:
                    a, b = pos + seg.start + m.start(), pos + seg.start + m.end()
                    out.append(Ent(a, b, m.group(), "Place", None, CONF_SEGMENT, "affiliation"))
        pos += len(line)
    return out


# the name in a city segment: the words around a postcode ("CH-4058 Basel", "Beijing 100084")
_PLACE_WORDS = re.compile(r"[^\W\d_][^\d,;]*[^\W\d_]|[^\W\d_]{2,}")


def primary_institution(s: str, index: InstitutionIndex | None = None) -> str | None:
    """The first institution an affiliation string names (None: it names none)."""
    found = institutions(s, index)
    return found[0].text if found else None
