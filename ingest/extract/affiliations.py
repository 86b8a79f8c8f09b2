"""Affiliation strings ("Dept. of Physics, Tsinghua University, Beijing 100084, China"):
segments, their kinds, and the institutions they name.

``parse_affiliation(s, index)`` splits one affiliation string into segments at commas,
semicolons, slashes between names, brackets, spaced dashes and line ends; classifies each
segment as institution, department, address, postcode, city, country or other by English,
European and Chinese keywords (University/大学, Institute/研究所/研究院, Academy/科学院,
Hospital/医院, Company/公司, Laboratory/实验室, College/学院, Inc/Ltd/GmbH, department/系/部 …)
and the country and region lists of ``pycountry``; cuts the institution out of a segment that
also names a unit of it ("University of X School of Medicine", "清华大学计算机系"); and links
institution segments to institutions already in the graph through ``InstitutionIndex`` (folded
name or alternative label). Offsets are character offsets into ``s``.

``affiliation_ents(text, index)`` does this for every line of a one-affiliation-a-line text
and returns ``Ent``s (type Organization, method "affiliation") with offsets into ``text``;
``looks_like_affiliations(text)`` tells such a text from prose.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import pycountry

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


# --- keyword lists ------------------------------------------------------------------------

# heads that name an institution wherever they stand
_STRONG = (
    r"universit(?:y|ies|ät|at|é|e|à|a|eit|ario|aria|air|atea|et|as|i)|univ\.?|uni"
    r"|hospitals?|hôpital|hopital|ospedale|hospital(?:ar|et)|klinikum|kliniken|policlinico"
    r"|clinic|infirmary|medical (?:center|centre)|health (?:system|center|centre|science center)"
    r"|cancer (?:center|centre|institute)|children's|polytechnic|politecnico|polytechnique"
    r"|academy|academia|akademie|académie|accademia|acad\.?|hosp\.?"
    r"|corporation|corp\.?|company|inc\.?|ltd\.?|limited|gmbh|llc|plc|s\.p\.a\.?|co\.,? ltd"
    r"|foundation|stiftung|fundación|fondazione|council|agency|ministry|observatory|museum"
    r"|hochschule|école|ecole|escuela|scuola|gymnasium|zentrum"
)
# research organisations whose name alone makes an institution ("Max Planck Institute for X")
_BRANDS = (
    r"cnrs|inserm|inra|inrae|csic|cnr|nih|nasa|cern|csiro|riken|max planck|fraunhofer"
    r"|helmholtz|leibniz"
)
# heads that name an institution when a name precedes them ("Kimmel Cancer Center"), a
# unit of one when they open the segment ("Center for Diabetes Research")
_WEAK = (
    r"institut(?:e|o|a|es)?|inst\.?|ctr\.?|laborator(?:y|ies|ium|oire|io)|labs?\.?|cent(?:er|re|ro)|centrum"
    r"|college|school|faculty|station|service|unit|network|consortium|group|society"
    r"|association|program(?:me)?|initiative|office|bureau|commission|authority|survey"
)
# segment openers that make a unit of an institution
_UNIT = (
    r"department|dept\.?|dep\.?|departamento|département|dipartimento|abteilung|division"
    r"|div\.?|section|sect\.?|unit|service|servicio|program(?:me)?|chair|lehrstuhl|group"
    r"|team|faculty|fac\.?|coll\.?|sch\.?|facultad|faculté|school of|college of|graduate school|lab of"
    r"|laboratory of|laboratoire de|core|clinic of|clinics of|ward|key laboratory"
)
_ADDRESS = (
    r"street|st\.?|road|rd\.?|avenue|ave\.?|blvd|boulevard|drive|dr\.|lane|way|place|square"
    r"|str\.|straße|strasse|gasse|weg|platz|allee|rue|via|viale|calle|avenida|av\.|p\.?o\.? ?box"
    r"|box|floor|building|bldg|room|suite|campus|highway|cedex|bp|postfach|no\.|number"
)
_ZH_STRONG = (
    r"大学|大學|科学院|科學院|研究院|医院|醫院|公司|集团|银行|研究所|实验室|實驗室|学院|學院|中心"
)
_ZH_UNIT = r"系|部|科|室|处|所|组|课题组|教研室"
_ZH_SPLIT = re.compile(r"[，、；;,\s]+")

_RE_STRONG = re.compile(rf"(?<![\w-])(?:{_STRONG})(?![\w-])", re.I)
_RE_BRAND = re.compile(rf"(?<![\w-])(?:{_BRANDS})(?![\w-])", re.I)
_RE_WEAK = re.compile(rf"(?<![\w-])(?:{_WEAK})(?![\w-])", re.I)
_RE_UNIT_OPEN = re.compile(rf"^(?:the\s+)?(?:{_UNIT})(?![\w-])", re.I)
_RE_UNIT_CLOSE = re.compile(
    r"(?<![\w-])(?:department|dept\.?|division|section|unit|group|team|service|program(?:me)?"
    r")$",
    re.I,
)
_RE_ADDRESS = re.compile(rf"(?<![\w-])(?:{_ADDRESS})(?![\w-])", re.I)
_RE_DIGIT = re.compile(r"\d")
_RE_POSTCODE = re.compile(
    r"^(?:[A-Z]{1,2}-?)?\d{3,6}(?:-\d{3,4})?$|^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"
    r"|^[A-Z]\d[A-Z] ?\d[A-Z]\d$|^\d{4} ?[A-Z]{2}$"
)
_CJK = re.compile(r"[\u3400-\u9fff]")

# split points: , ; | line ends, brackets, slashes between words, " - " dashes, tabs
_SPLIT = re.compile(
    r"\s*(?:[,;|\n\r\t\[\]{}]|#N#|#R#|#TAB#|(?<=\w)\s*/\s*(?=[A-Z])|\s[-–—]\s|，|；|、)\s*"
)
_LEAD = re.compile(
    r"^(?:(?:from|and|the|at|&)\s+)+|^(?:[a-z]\s+|\d{1,2}(?=[A-Z])|[*†‡§#]+\s*)(?=[A-Z])|^[\s\W_]+",
)
_TRAIL = re.compile(r"[\s.,;:)\]\-–—]+$")
_PAREN = re.compile(r"\s*\([^()]*\)?\s*$")


@functools.lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(_key(v))
        names.add(c.alpha_3.lower())
    names |= {_key(x) for x in _COUNTRY_EXTRA}
    return frozenset(names)


_COUNTRY_EXTRA = (
    "USA", "U.S.A.", "US", "U.S.", "United States of America", "UK", "U.K.", "England",
    "Scotland", "Wales", "Northern Ireland", "Great Britain", "PR China", "P.R. China",
    "P. R. China", "People's Republic of China", "Peoples R China", "China", "Korea",
    "South Korea", "Republic of Korea", "Russia", "Iran", "Taiwan", "Vietnam", "The Netherlands",
    "Holland", "Deutschland", "Italia", "España", "Brasil", "Türkiye", "Turkey", "Czech Republic",
    "EU", "Europe", "ROC", "R.O.C.", "Hong Kong", "Macau", "Macao", "中国", "中華人民共和國",
    "中华人民共和国", "美国", "日本", "德国", "英国", "法国", "台湾",
)  # fmt: skip


@functools.lru_cache(maxsize=1)
def _regions() -> frozenset[str]:
    """States, provinces and similar (pycountry subdivisions, their bare names too)."""
    out: set[str] = set()
    for s in pycountry.subdivisions:
        name = _key(s.name)
        out.add(name)
        for suffix in (" sheng", " shi", " zizhiqu", " sar", " province", " state"):
            if name.endswith(suffix):
                out.add(name[: -len(suffix)])
        code = s.code.split("-", 1)[1]
        if s.country_code in ("US", "CA", "AU") and code.isalpha():
            out.add(code.lower())
    return frozenset(out)


def _key(s: str) -> str:
    """Case-, accent- and punctuation-folded text: the form names are compared in."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = re.sub(r"[^\w\s&]", " ", s).replace("&", " and ")
    return " ".join(w for w in s.split() if w != "the")


# abbreviations of affiliation words (Web of Science, PubMed) and their full forms
_ABBREV = {
    "univ": "university", "inst": "institute", "acad": "academy", "sci": "sciences",
    "hosp": "hospital", "coll": "college", "ctr": "center", "cent": "center", "lab": "laboratory",
    "labs": "laboratories", "natl": "national", "technol": "technology", "tech": "technology",
    "dept": "department", "med": "medical", "res": "research", "engn": "engineering",
    "chem": "chemistry", "phys": "physics", "biol": "biology", "agr": "agricultural",
    "co": "company", "corp": "corporation", "ltd": "limited", "intl": "international",
    "st": "saint", "centre": "center",
}  # fmt: skip


def link_key(s: str) -> str:
    """The key an institution is looked up by: ``_key`` with abbreviations written out, so
    "Tsinghua Univ." finds "Tsinghua University" and "Chinese Acad Sci" the Academy."""
    return " ".join(_ABBREV.get(w, w) for w in _key(s).split())


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
            if piece.endswith(")") and "(" in piece:
                m2 = _PAREN.search(piece)
                if m2:
                    b = a + m2.start()
                    continue
            b = a + m.start()
            continue
        return a, b


# --- classifying --------------------------------------------------------------------------


def classify(text: str) -> str:
    """The kind of one segment (see ``KINDS``)."""
    t = text.strip()
    if not t:
        return "other"
    k = _key(t)
    if k in _countries():
        return "country"
    if _CJK.search(t):
        return _classify_zh(t)
    if _RE_POSTCODE.match(t) or (_RE_DIGIT.search(t) and not re.search(r"[^\W\d_]{3}", t)):
        return "postcode"
    if t[:1].isdigit() and _RE_ADDRESS.search(t):
        return "address"
    if _RE_UNIT_OPEN.match(t) or _RE_UNIT_CLOSE.search(t):
        return "department"
    if _RE_STRONG.search(t) or _RE_BRAND.search(t):
        return "institution"
    if _RE_DIGIT.search(t) and _RE_ADDRESS.search(t):
        return "address"
    if _RE_WEAK.search(t):
        return "institution"
    if _RE_DIGIT.search(t):
        last = _key(t.split()[-1]) if t.split() else ""
        rest = _key(" ".join(w for w in t.split() if not _RE_DIGIT.search(w)))
        if rest in _countries() or last in _countries():
            return "country"
        return "address" if _RE_ADDRESS.search(t) or len(t.split()) > 3 else "city"
    if k in _regions():
        return "city"
    return "other"


def _classify_zh(t: str) -> str:
    if re.search(rf"(?:{_ZH_STRONG})", t):
        return "institution"
    if re.search(r"[省市县区镇路街号]$|\d", t):
        return "address" if re.search(r"[路街号]|\d", t) else "city"
    if re.search(rf"(?:{_ZH_UNIT})$", t):
        return "department"
    return "other"


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
        text = s[a:b]
        kind = classify(text)
        iri = index.lookup(text) if index is not None else None
        if iri is not None and kind in ("other", "institution", "city"):
            kind = "institution"
        segs.append(Segment(a, b, text, kind, iri))
    segs = [x for seg in segs for x in _resplit(s, seg, index)]
    segs = [x for seg in segs for x in _split_heads(seg)]
    strong = any(x.kind == "institution" and _is_strong(x.text) for x in segs)
    for seg in segs:
        if seg.kind == "institution" and seg.iri is None and strong and _opens_weak(seg.text):
            seg.kind = "department"  # "Institute of Chemistry" beside a university
    if not any(x.kind == "institution" for x in segs):
        first = next((x for x in segs if x.kind == "other"), None)
        if first is not None and _name_like(first.text):
            first.kind = "institution"
    return segs


def institutions(s: str, index: InstitutionIndex | None = None) -> list[Segment]:
    """The institution spans of one affiliation string (several when it names several)."""
    return [x for x in parse_affiliation(s, index) if x.kind == "institution"]


def _is_strong(text: str) -> bool:
    return bool(_RE_STRONG.search(text) or _RE_BRAND.search(text) or re.search(_ZH_STRONG, text))


def _opens_weak(text: str) -> bool:
    m = _RE_WEAK.match(text)
    return m is not None and not _RE_STRONG.search(text) and not _RE_BRAND.search(text)


def _name_like(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= 8 and any(w[:1].isupper() for w in words) and not _RE_DIGIT.search(text)
    )


def _resplit(s: str, seg: Segment, index: InstitutionIndex | None) -> list[Segment]:
    """Cut the institution out of a segment that also names a unit of it."""
    t = seg.text
    if _CJK.search(t):
        return _resplit_zh(seg)
    if seg.kind == "department" and _RE_STRONG.search(t):
        # "Department of Surgery University of X": the institution starts at its name
        head = _inst_start(t)
        if head > 0:
            unit = Segment(seg.start, seg.start + len(t[:head].rstrip()), t[:head].rstrip(),
                           "department")  # fmt: skip
            rest = Segment(seg.start + head, seg.end, t[head:], "institution")
            return [unit, *_resplit(s, rest, index)]
    m = _RE_UNIT_OF.match(t) if seg.kind == "institution" else None
    if m and _RE_STRONG.search(t[m.end() :]) and not _RE_STRONG.search(m.group()):
        # "Medical College of Nanchang University": a unit of the university named after it
        unit = Segment(seg.start, seg.start + len(m.group().rstrip()), m.group().rstrip(),
                       "department")  # fmt: skip
        rest = Segment(seg.start + m.end(), seg.end, t[m.end() :], "institution", seg.iri)
        return [unit, rest]
    if seg.kind == "institution":
        m = _RE_UNIT_INSIDE.search(t)
        if m and m.start() > 0 and _RE_STRONG.search(t[: m.start()]):
            cut = m.start()
            inst = Segment(seg.start, seg.start + cut, t[:cut], "institution", seg.iri)
            return [inst, Segment(seg.start + cut + 1, seg.end, t[cut + 1 :], "department")]
    return [seg]


_RE_HEAD_END = re.compile(
    rf"(?<![\w-])(?:{_STRONG})(?=[\s–—-]+(?!(?:of|for|and|de|di|du|der|des|in|at|zu)\b)[A-Z])",
    re.I,
)


_RE_AND = re.compile(r"\s+(?:and|&)\s+(?=[A-Z])")
_CONNECT = re.compile(r"\b(?:of|for|de|di|du|der|des|in|at|zu|and|&|the)\b", re.I)


def _ends_in_head(t: str) -> bool:
    words = t.split()
    return bool(words) and bool(_RE_STRONG.fullmatch(words[-1]) or _RE_WEAK.fullmatch(words[-1]))


def _drop_place_tail(t: str) -> str:
    """ "Sichuan University Chengdu China" -> "Sichuan University": a country at the end, and
    the words between it and the last head, go when no connector ("of") ties them to it."""
    words = list(re.finditer(r"\S+", t))
    if len(words) < 3:
        return t
    for i in range(len(words) - 1, 0, -1):
        if _key(t[words[i].start() :]) in _countries():
            heads = [m for m in _RE_STRONG.finditer(t[: words[i].start()])]
            if not heads:
                return t
            end = heads[-1].end()
            if _CONNECT.search(t[end : words[i].start()]):
                return t
            return t[:end]
    return t


_RE_POSTCODE_IN = re.compile(r"\s+[A-Z]{0,2}-?\d{3,}")


def _split_heads(seg: Segment) -> list[Segment]:
    """Split "Huashan Hospital Fudan University" after a head followed by a new name; end an
    institution's name before a postcode ("Wenzhou Medical University 325027 P. R. China")."""
    if seg.kind != "institution" or _CJK.search(seg.text):
        return [seg]
    t = seg.text
    m = _RE_POSTCODE_IN.search(t)
    if m and _RE_STRONG.search(t[: m.start()]):
        t = t[: m.start()]
        seg = Segment(seg.start, seg.start + len(t), t, seg.kind, seg.iri)
    t = _drop_place_tail(t)
    if len(t) < len(seg.text):
        seg = Segment(seg.start, seg.start + len(t), t, seg.kind, seg.iri)
    m = _RE_AND.search(t)
    if m and _ends_in_head(t[: m.start()]) and _is_strong(t[m.end() :]):
        a = Segment(seg.start, seg.start + m.start(), t[: m.start()], "institution", seg.iri)
        b = Segment(seg.start + m.end(), seg.end, t[m.end() :], "institution")
        return [*_split_heads(a), *_split_heads(b)]
    for m in _RE_HEAD_END.finditer(t):
        rest = t[m.end() :].lstrip(" –—-")
        nxt = rest.split()[0] if rest.split() else ""
        if (
            m.start() > 0
            and _RE_STRONG.search(rest)
            and not _RE_STRONG.search(t[: m.start()])
            and not _RE_STRONG.match(rest)
            and not _RE_WEAK.match(nxt)
        ):
            a = Segment(seg.start, seg.start + m.end(), t[: m.end()], "institution", seg.iri)
            off = len(t) - len(rest)
            b = Segment(seg.start + off, seg.end, rest, classify(rest))
            return [a, *_split_heads(b)]
    return [seg]


# words that open a university's name before "University of" ("Medical University of Vienna")
_UNIV_ADJ = (
    "medical", "technical", "technological", "state", "national", "catholic", "free", "open",
    "agricultural", "normal", "federal", "pontifical", "hebrew", "royal", "chinese", "capital",
    "central", "northern", "southern", "eastern", "western", "american", "international",
    "polytechnic", "metropolitan", "municipal", "public", "private", "charles", "city",
)  # fmt: skip
_RE_UNIT_OF = re.compile(
    r"^(?:[A-Z][\w'’-]*\s+){0,3}(?:College|School|Faculty|Graduate School)\s+of\s+(?=[A-Z])"
)


def _inst_start(t: str) -> int:
    """Where the institution's name starts in "Dept of Surgery University of Toronto": at
    "University of" (with an adjective of a university's name before it), else after the
    last lower-case word before the head."""
    m = _RE_STRONG.search(t)
    if m is None:
        return 0
    words = list(re.finditer(r"\S+", t[: m.start()]))
    if re.match(r"universit\w*\s+of\b", t[m.start() :], re.I):
        start = m.start()
        for w in reversed(words):
            if w.group().lower().strip(".,") not in _UNIV_ADJ:
                break
            start = w.start()
        return start
    start = m.start()
    for w in reversed(words):
        if not w.group()[:1].isupper():
            break
        start = w.start()
    return start


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
    hits = sum(1 for line in lines if _affiliation_line(line))
    return hits >= 0.6 * len(lines)


def _affiliation_line(line: str) -> bool:
    if len(line) > 500 or _CJK_SENTENCE.search(line):
        return False
    if _CJK.search(line) and len(line.strip()) > 60:
        return False
    segs = parse_affiliation(line)
    kinds = [x.kind for x in segs]
    if "institution" not in kinds:
        return False
    if len(segs) >= 2:
        return bool(set(kinds) & {"department", "country", "city", "postcode", "address"})
    if _CJK.search(line):
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
