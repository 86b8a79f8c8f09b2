"""Name normalisation for the resolver: persons (pinyin, initials) and institutions (acronyms).

Everything here is pure and cached; ``ingest/resolve/cluster.py`` does the matching and clustering.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin, pinyin

_HAN_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_PUNCT_RE = re.compile(r"[^\w\s]+", re.UNICODE)
_SPACE_RE = re.compile(r"\s+")
ORCID_RE = re.compile(r"\b(\d{4}-\d{4}-\d{4}-\d{3}[\dX])\b")
ROR_RE = re.compile(r"(?:ror\.org/)?\b(0[a-hj-km-np-tv-z0-9]{6}\d{2})\b")

# ---------------------------------------------------------------------------------------
# generic


def has_han(text: str) -> bool:
    return bool(_HAN_RE.search(text))


def deaccent(text: str) -> str:
    """NFKC (full-width forms become ASCII) with accents stripped; case kept."""
    t = unicodedata.normalize("NFKC", text)
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    return unicodedata.normalize("NFKC", t)  # recompose Han/Hangul after NFKD


def fold(text: str) -> str:
    """``deaccent``, case-folded, spaces collapsed."""
    return _SPACE_RE.sub(" ", deaccent(text).casefold()).strip()


def simple_key(text: str) -> str:
    """Case, punctuation and whitespace folded: the exact-match key of a name."""
    return _SPACE_RE.sub(" ", _PUNCT_RE.sub(" ", fold(text)).replace("_", " ")).strip()


def find_orcid(text: str) -> str | None:
    m = ORCID_RE.search(text or "")
    return m.group(1) if m else None


def find_ror(text: str) -> str | None:
    m = ROR_RE.search(text or "")
    return m.group(1) if m else None


# ---------------------------------------------------------------------------------------
# institutions

ABBREVIATIONS: dict[str, str] = {
    "univ": "university",
    "uni": "university",
    "inst": "institute",
    "instit": "institute",
    "acad": "academy",
    "appl": "applied",
    "chem": "chemistry",
    "phys": "physics",
    "sci": "sciences",
    "science": "sciences",
    "technol": "technology",
    "tech": "technology",
    "natl": "national",
    "nat": "national",
    "lab": "laboratory",
    "labs": "laboratory",
    "lab.": "laboratory",
    "dept": "department",
    "coll": "college",
    "ctr": "center",
    "centre": "center",
    "cent": "center",
    "res": "research",
    "eng": "engineering",
    "engn": "engineering",
    "co": "company",
    "corp": "corporation",
    "ltd": "limited",
    "mat": "materials",
    "mater": "materials",
    "med": "medical",
    "agr": "agricultural",
    "agric": "agricultural",
    "key": "key",
    "st": "state",
    "int": "international",
    "intl": "international",
    "elect": "electrical",
    "mech": "mechanical",
    "min": "mining",
    "petr": "petroleum",
    "geol": "geology",
    "math": "mathematics",
    "biol": "biology",
    "environ": "environmental",
    "informat": "information",
    "comp": "computer",
    "comput": "computer",
    "&": "and",
}
# words that carry no identity: left out of acronyms (STOP) and of blocking keys (GENERIC)
STOP = {"of", "the", "and", "for", "in", "on", "at", "de", "la", "du", "des", "und", "fur"}
GENERIC = STOP | {
    "university", "institute", "academy", "college", "school", "department", "laboratory",
    "center", "research", "national", "state", "key", "company", "limited", "corporation",
    "group", "inc", "china", "chinese", "sci", "tech", "faculty", "division",
    "people", "s", "republic", "prc", "co", "ltd",
}  # fmt: skip
ORG_WORDS = (
    "university", "institute", "academy", "college", "company", "corporation", "limited",
    "laboratory", "center", "hospital", "group", "inc", "council", "agency", "ministry",
    "administration", "association", "alliance", "foundation", "society", "bureau", "library",
    "commission", "gmbh", "ag", "sa",
)  # fmt: skip
SUBUNIT_PREFIXES = (
    "department", "dept", "school", "faculty", "college of", "division", "key laboratory",
    "state key laboratory", "laboratory", "lab", "center for", "centre for", "group",
)  # fmt: skip
ZH_PARENT_PREFIXES = ("中国科学院", "中科院", "中国工程院", "中国社会科学院")
ZH_SUBUNIT_RE = re.compile(r"(大学|学院)(.+?(学院|系|研究所|研究院|实验室|中心|课题组))$")
ZH_GENERIC = set("大学学院研究所院所中心公司有限责任集团股份实验室重点国家中国科学")
COUNTRY_WORDS = {
    "china", "p r china", "pr china", "peoples r china", "people s republic of china", "usa",
    "united states", "japan", "germany", "uk", "united kingdom", "france", "korea",
    "south korea", "singapore", "australia", "canada", "india", "中国",
}  # fmt: skip
_POSTCODE_RE = re.compile(r"\b\d{5,6}\b")


STEMS = {
    "chemistry": "chem", "chemical": "chem", "physics": "phys", "physical": "phys",
    "technology": "tech", "technological": "tech", "technologies": "tech", "sciences": "sci",
    "scientific": "sci", "engineering": "eng", "materials": "mat", "material": "mat",
    "applied": "appl", "mathematics": "math", "mathematical": "math", "biology": "bio",
    "biological": "bio", "medical": "med", "medicine": "med", "agricultural": "agr",
    "agriculture": "agr", "electrical": "elec", "electric": "elec", "electronic": "elec",
    "electronics": "elec", "environmental": "env", "environment": "env",
}  # fmt: skip


def _expand(tokens: list[str]) -> list[str]:
    """Abbreviations expanded, then light stems so "Chem." ~ "Chemical" ~ "Chemistry"."""
    out = []
    for t in tokens:
        t = ABBREVIATIONS.get(t, t)
        out.append(STEMS.get(t, t))
    return out


def is_org_part(part: str) -> bool:
    words = part.split()
    return any(w in ORG_WORDS for w in words) or any(
        s in part for s in ("大学", "学院", "研究所", "研究院", "公司", "中心", "实验室")
    )


def _is_subunit(part: str) -> bool:
    return part.startswith(SUBUNIT_PREFIXES) and "university" not in part.split()[-1:]


@dataclass(frozen=True)
class InstName:
    raw: str
    key: str  # normalised main name: the exact-match key
    tokens: tuple[str, ...]  # expanded tokens of the main name (Han names: characters)
    distinct: frozenset[str]  # tokens that carry identity (not GENERIC)
    acronym: str  # derived from initials of significant words ("" for Han names)
    is_acronym: bool  # the mention itself is an acronym ("CAS", "CUMT")
    han: bool


@functools.lru_cache(maxsize=200_000)
def institution(raw: str) -> InstName:
    """Parse an institution mention: main unit, expanded abbreviations, acronym."""
    text = unicodedata.normalize("NFKC", raw).strip()
    if has_han(text):
        return _han_institution(raw, text)
    orig_tokens = re.findall(r"[A-Za-z0-9&]+", text)
    if len(orig_tokens) == 1 and 2 <= len(orig_tokens[0]) <= 8 and orig_tokens[0].isupper():
        acr = orig_tokens[0].lower()
        return InstName(raw, acr, (acr,), frozenset({acr}), acr, True, False)
    folded = fold(text)
    parts = [simple_key(p) for p in re.split(r"[,;，；]", folded)]
    parts = [" ".join(_expand(p.split())) for p in parts if p]
    parts = [p for p in parts if p and p not in COUNTRY_WORDS]
    main = ""
    for p in parts:
        if is_org_part(p) and not _is_subunit(p):
            main = p
            break
    if not main:
        main = next((p for p in parts if not _POSTCODE_RE.search(p)), parts[0] if parts else "")
    tokens = tuple(main.split())
    distinct = frozenset(t for t in tokens if t not in GENERIC and not t.isdigit())
    acronym = "".join(t[0] for t in tokens if t not in STOP)
    key = " ".join(t for t in tokens if t not in STOP)
    return InstName(raw, key, tokens, distinct, acronym if len(acronym) >= 2 else "", False, False)


def _han_institution(raw: str, text: str) -> InstName:
    han = "".join(c for c in fold(text) if has_han(c) or c.isalnum())
    han = re.split(r"[,;，；]", han)[0] if han else han
    for pre in ZH_PARENT_PREFIXES:
        if han.startswith(pre) and len(han) > len(pre) + 3:
            han = han[len(pre) :]
            break
    m = ZH_SUBUNIT_RE.search(han)
    if m and len(han) - len(m.group(2)) >= 4:
        han = han[: len(han) - len(m.group(2))]
    chars = tuple(han)
    distinct = frozenset(a + b for a, b in zip(han, han[1:], strict=False)) - {
        "大学", "学院", "研究", "究所", "究院", "公司", "有限", "限公", "责任", "中心", "中国",
        "科学", "学研", "实验", "验室", "国家", "重点",
    }  # fmt: skip
    return InstName(raw, han, chars, frozenset(distinct), "", False, True)


# ---------------------------------------------------------------------------------------
# persons

TITLES = {
    "prof", "professor", "dr", "mr", "mrs", "ms", "miss", "phd", "academician", "sir", "jr",
    "sr", "md", "assoc", "asst", "eng",
}  # fmt: skip
ZH_TITLES = (
    "教授",
    "研究员",
    "院士",
    "博士",
    "高级工程师",
    "工程师",
    "副教授",
    "先生",
    "女士",
    "老师",
)
COMPOUND_SURNAMES = {
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "司徒", "夏侯", "尉迟", "公孙",
    "长孙", "宇文", "轩辕", "端木", "独孤", "南宫", "西门", "申屠", "太史", "闻人", "澹台", "呼延",
}  # fmt: skip
# surnames whose usual reading differs from pypinyin's default for the character
SURNAME_READINGS = {"单": "shan", "曾": "zeng", "解": "xie", "区": "ou", "仇": "qiu", "朴": "piao",
                    "查": "zha", "盖": "ge", "乐": "yue", "覃": "qin", "尉": "yu", "缪": "miao",
                    "翟": "zhai", "华": "hua", "任": "ren", "沈": "shen", "秘": "bi", "种": "chong"}  # fmt: skip


@dataclass(frozen=True)
class Reading:
    """One interpretation of a person name: surname, full given name (or None), initials."""

    surname: str
    given: str | None  # full given names concatenated ("xiaoming"), None when only initials
    first: str | None  # first full given token ("john" of "John Adam Smith")
    initials: str  # first letters of the given tokens ("xm")


@dataclass(frozen=True)
class PersonName:
    raw: str
    key: str
    readings: tuple[Reading, ...]
    han: str  # the Han characters of a Chinese-script name, else ""


@functools.lru_cache(maxsize=100_000)
def _surname_pinyin(chars: str) -> tuple[str, ...]:
    if chars in SURNAME_READINGS:
        return (
            SURNAME_READINGS[chars],
            *[r for r in _readings(chars) if r != SURNAME_READINGS[chars]],
        )
    if len(chars) > 1:
        return ("".join(lazy_pinyin(chars)),)
    return _readings(chars)


def _readings(char: str) -> tuple[str, ...]:
    out: list[str] = []
    for r in pinyin(char, style=Style.NORMAL, heteronym=True)[0][:3]:
        # ü is written v, yu or u in Latin script: 吕 Lv / Lyu / Lu
        r = r.replace("ü", "v")
        forms = [r, r.replace("v", "yu"), r.replace("v", "u")] if "v" in r else [r]
        out.extend(f for f in forms if f not in out)
    return tuple(out[:5])


def _han_person(raw: str, han: str) -> PersonName:
    for t in ZH_TITLES:
        if han.endswith(t) and len(han) > len(t) + 1:
            han = han[: -len(t)]
    sur = han[:2] if han[:2] in COMPOUND_SURNAMES and len(han) > 2 else han[:1]
    given_chars = han[len(sur) :]
    syl = [s.replace("ü", "v") for s in lazy_pinyin(given_chars)] if given_chars else []
    given = "".join(syl) or None
    initials = "".join(s[0] for s in syl)
    readings = tuple(Reading(s, given, given, initials) for s in _surname_pinyin(sur))
    return PersonName(raw, han, readings, han)


_GIVEN_SPLIT_RE = re.compile(r"[\s\-‐]+")


def _given_parts(text: str) -> list[tuple[str, bool]]:
    """Given-name text -> [(token, is_initial)]: "X.-M." -> [(x,1),(m,1)], "Xiao-Ming" -> ..."""
    out: list[tuple[str, bool]] = []
    for chunk in _GIVEN_SPLIT_RE.split(text.strip()):
        if not chunk:
            continue
        pieces = [p for p in chunk.split(".") if p]
        dotted = "." in chunk
        for p in pieces:
            if (
                len(p) == 1
                or (dotted and p.isupper() and len(p) <= 3)
                or p.isupper()
                and len(p) <= 2
            ):
                out.extend((c.lower(), True) for c in p)
            else:
                out.append((p.lower(), False))
    return out


def _reading(surname: str, parts: list[tuple[str, bool]]) -> Reading | None:
    sur = re.sub(r"[^a-z]", "", surname.lower())
    if not sur:
        return None
    initials = "".join(t[0] for t, _ in parts)
    full = [t for t, ini in parts if not ini]
    given = "".join(full) if full and not parts[0][1] else None
    # "John A. Smith": the first name is known, the rest only as initials
    given_all = None if any(ini for _, ini in parts) else given
    return Reading(sur, given_all, full[0] if given else None, initials)


PARTICLES = frozenset(
    [
        "van",
        "von",
        "der",
        "den",
        "de",
        "da",
        "di",
        "du",
        "le",
        "la",
        "dos",
        "das",
        "del",
        "ter",
        "ten",
    ]
)


def _particle_start(toks: list[str]) -> int:
    """Index of a surname particle run before the last word ("van der"), 0 when none."""
    i = len(toks) - 1
    while i > 1 and toks[i - 1] in PARTICLES:
        i -= 1
    return i if i < len(toks) - 1 else 0


@functools.lru_cache(maxsize=200_000)
def person(raw: str) -> PersonName:
    """Parse a person mention into its possible (surname, given, initials) readings."""
    text = unicodedata.normalize("NFKC", raw).strip()
    han = "".join(_HAN_RE.findall(text))
    if han and len(han) >= 2:
        return _han_person(raw, han)
    text = deaccent(text) if not text.isascii() else text
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[^\w\s,.\-‐']", " ", text).replace("'", "")
    words = [w for w in re.split(r"\s+", text) if w]
    words = [w for w in words if w.strip(".,").lower() not in TITLES]
    text = " ".join(words)
    readings: list[Reading] = []
    if "," in text:
        sur, _, rest = text.partition(",")
        r = _reading(sur, _given_parts(rest.replace(",", " ")))
        if r:
            readings.append(r)
    else:
        toks = text.split()
        if len(toks) == 1:
            r = _reading(toks[0], [])
            if r:
                readings.append(r)
        elif toks:
            last_initial = len(toks[-1].strip(".")) == 1 or toks[-1].endswith(".")
            first_initial = len(toks[0].strip(".")) == 1 or toks[0].endswith(".")
            cut = _particle_start(toks)
            if cut:  # "Pieter van der Berg": the surname is "van der Berg"
                r = _reading("".join(toks[cut:]), _given_parts(" ".join(toks[:cut])))
                if r:
                    readings.append(r)
            if not last_initial:  # "Wei Li", "W. Li", "John A. Smith"
                r = _reading(toks[-1], _given_parts(" ".join(toks[:-1])))
                if r:
                    readings.append(r)
            if not first_initial:  # "Li Wei", "Li W."
                r = _reading(toks[0], _given_parts(" ".join(toks[1:])))
                if r and r not in readings:
                    readings.append(r)
    key = simple_key(text)
    return PersonName(raw, key, tuple(readings), "")
