"""Organisation names for matching: legal forms, punctuation, abbreviations, typos, families.

``org(raw)`` parses a name once (cached) into tokens with legal forms (Inc., Corp., Co., Ltd.,
GmbH, AG, S.A., K.K., Kabushiki Kaisha, 有限公司, 股份有限公司, 集团 …), punctuation, "The",
stop words and accents removed, "&" read as "and", abbreviations expanded (Intl, Mfg, Univ…)
and plurals folded. ``typo_sim`` compares two names letter by letter; ``contained`` says when a
shorter name is the same organisation with words added ("Honeywell" / "Honeywell Information
Systems") and not one of its units ("Chinese Academy of Sciences" / "Dalian Institute of
Chemical Physics, Chinese Academy of Sciences").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

from rapidfuzz import fuzz

LEGAL = frozenset({
    "inc", "incorporated", "corp", "corporation", "co", "cos", "company", "companies", "ltd",
    "limited", "llc", "llp", "lp", "plc", "gmbh", "mbh", "ag", "aktiengesellschaft", "sa", "spa",
    "srl", "sarl", "sas", "nv", "bv", "kk", "ab", "oy", "oyj", "ev", "kg", "kgaa", "pty", "pte",
    "bhd", "sdn", "ltda", "cie", "kabushikikaisha", "kabushikigaisha"
})  # fmt: skip
LEGAL_SEQ = (
    ("kabushiki", "kaisha"), ("kabushiki", "gaisha"), ("yugen", "kaisha"), ("societe", "anonyme"),
    ("gesellschaft", "mit", "beschrankter", "haftung"), ("public", "limited"), ("kabushiki",),
)  # fmt: skip
LEGAL_LONG = ("corporation", "incorporated", "company", "limited", "aktiengesellschaft", "kaisha")
ZH_LEGAL = ("股份有限公司", "有限责任公司", "集团有限公司", "有限公司", "株式会社", "集团", "公司")
ZH_PARENTS = ("中国科学院", "中科院", "中国工程院", "中国社会科学院", "中国农业科学院")
ZH_UNITS = ("研究所", "研究院", "大学", "学院", "系", "实验室", "中心", "所", "医院")
STOP = frozenset({
    "the", "of", "and", "for", "by", "on", "a", "an", "de", "la", "le", "les", "du", "des", "der",
    "die", "das", "und", "zur", "zu", "von", "fur", "et", "en", "y"
})  # fmt: skip
ABBR = {
    "intl": "international", "internat": "international", "mfg": "manufacturing",
    "mfr": "manufacturing", "univ": "university", "inst": "institute", "tech": "technology",
    "technol": "technology", "lab": "laboratory", "labs": "laboratory",
    "laboratories": "laboratory", "natl": "national", "nat": "national", "assn": "association",
    "assoc": "association", "dept": "department", "ctr": "center", "centre": "center",
    "chem": "chemical", "pharm": "pharmaceutical", "ind": "industrial", "inds": "industries",
    "sys": "system", "svcs": "services", "bros": "brothers", "eng": "engineering",
    "engn": "engineering", "res": "research", "sci": "science", "govt": "government",
    "gov": "government", "calif": "california", "amer": "american", "elec": "electric",
    "elect": "electric", "mach": "machine", "devel": "development", "acad": "academy",
    "coll": "college", "hosp": "hospital", "med": "medical", "appl": "applied",
    "agric": "agricultural", "agr": "agricultural", "&": "and", "us": "united states",
    "usa": "united states america", "uk": "united kingdom",
}  # fmt: skip
# added words that make the longer name a unit of the shorter one (parent-child protection)
UNIT_WORDS = frozenset({
    "institute", "university", "college", "school", "faculty", "department", "laboratory",
    "center", "hospital", "academy", "division", "branch", "library", "museum", "foundation",
    "bureau", "ministry"
})  # fmt: skip
# words too common in organisation names to name one on their own (a family needs more)
GENERIC = frozenset({
    "general", "international", "national", "american", "america", "united", "state", "states",
    "global", "universal", "advanced", "applied", "standard", "first", "new", "royal", "japan",
    "japanese", "china", "chinese", "european", "europe", "german", "british", "french", "north",
    "south", "east", "west", "central", "pacific", "atlantic", "research", "technology", "system",
    "electronic", "electric", "electrical", "industrial", "industry", "product", "service",
    "chemical", "medical", "pharmaceutical", "science", "scientific", "engineering",
    "manufacturing", "development", "energy", "power", "oil", "gas", "motor", "machine",
    "computer", "data", "network", "communication", "software", "material", "metal", "steel",
    "plastic", "glass", "paper", "food", "health", "care", "bank", "capital", "financial",
    "holding", "investment", "trust", "group", "partner", "associate", "enterprise", "solution",
    "design", "control", "instrument", "device", "equipment", "tool", "home", "city", "county",
    "department", "office", "board", "regent", "government", "agency", "administration",
    "university", "institute", "college", "school", "center", "laboratory", "hospital",
    "foundation", "council", "commission", "association", "society", "academy", "secretary",
    "director"
})  # fmt: skip
GOV_SPLIT = ("represented", "through", "behalf")  # "X as represented by Y": Y is the identity

_APOS = re.compile(r"['’`´]")
_NONWORD = re.compile(r"[^\w&]+")
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Org:
    raw: str
    key: str  # the normalised name: the exact-match key
    tokens: tuple[str, ...]
    squash: str  # key without spaces ("hewlettpackard")
    han: bool
    upper: bool  # a one-word name printed in capitals ("CAS", "IBM Corp.")
    caps: frozenset[str]  # words printed in capitals
    legal: str = ""  # the legal form removed ("corporation")

    head: tuple[str, ...] = ()  # "the united states america as represented" of a government name
    tail: tuple[str, ...] = ()  # the rest: the identity ("secretary navy")

    @property
    def acronyms(self) -> set[str]:
        """Initials of the name, with and without its legal form ("CNPC", "CNP")."""
        t = self.tail
        if len(t) < 2:
            return set()
        out = {"".join(x[0] for x in t if x[0].isalpha())}
        if self.legal:
            out.add(next(iter(out)) + self.legal[0])
        return out


@functools.lru_cache(maxsize=10_000)
def _is_split(t: str) -> bool:
    if t in GOV_SPLIT:
        return True
    return (
        len(t) >= 6
        and t[:3] in ("rep", "thr", "beh")
        and any(fuzz.ratio(t, w) >= 80 for w in GOV_SPLIT)
    )


def _stem(t: str) -> str:
    if len(t) > 4 and t.endswith("ies"):
        return t[:-3] + "y"
    if len(t) > 3 and t.endswith("s") and not t.endswith(("ss", "us", "is")):
        return t[:-1]
    return t


def _join_letters(toks: list[str]) -> list[str]:
    """Single letters in a row are one word: "S.A." -> "sa", "U.S." -> "us"."""
    out: list[str] = []
    run: list[str] = []
    for t in [*toks, ""]:
        if len(t) == 1 and t.isalpha():
            run.append(t)
            continue
        if run:
            out.append("".join(run))
            run = []
        if t:
            out.append(t)
    return out


def _strip_legal(toks: list[str]) -> list[str]:
    out = [t for t in toks if t not in LEGAL]
    for seq in LEGAL_SEQ:
        i = 0
        while i + len(seq) <= len(out):
            if tuple(out[i : i + len(seq)]) == seq:
                del out[i : i + len(seq)]
            else:
                i += 1
    # a misspelt legal form at the end ("Coporation", "Comapny")
    while (
        len(out) > 1 and len(out[-1]) >= 6 and any(fuzz.ratio(out[-1], f) >= 80 for f in LEGAL_LONG)
    ):
        out.pop()
    return out or toks


def _han_key(text: str) -> str:
    k = re.sub(r"[\s\W_]+", "", text)
    changed = True
    while changed:
        changed = False
        for s in ZH_LEGAL:
            if k.endswith(s) and len(k) > len(s) + 1:
                k, changed = k[: -len(s)], True
    return k


@functools.lru_cache(maxsize=500_000)
def org(raw: str) -> Org:
    """Parse an organisation name (cached). In an affiliation string ("Dept. of Chemistry,
    Tsinghua University, Beijing 100084, China") the name is its main organisation."""
    t = unicodedata.normalize("NFKC", raw).strip()
    t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = unicodedata.normalize("NFKC", t)
    if _HAN.search(t):
        k = _han_key(_han_main(t))
        return Org(raw, k, (k,), k, True, False, frozenset(), "", (), (k,))
    plain = _APOS.sub("", t)
    caps = frozenset(w.casefold() for w in re.findall(r"[A-Za-z]{2,8}", plain) if w.isupper())
    parts = [w for w in (_words(p, caps) for p in _PARTS.split(plain)) if w[1]]
    words = _main_part(parts) if len(parts) > 1 else parts[0][1] if parts else []
    key = " ".join(words)
    upper = len(words) == 1 and words[0] in caps
    legal = next((p[2] for p in parts if p[1] == words and p[2]), "")
    head = _head(tuple(words))
    return Org(raw, key, tuple(words), key.replace(" ", ""), False, upper, caps, legal, head,
               tuple(words[len(head):]))  # fmt: skip


def _head(tokens: tuple[str, ...]) -> tuple[str, ...]:
    for i in range(len(tokens) - 2, -1, -1):
        if _is_split(tokens[i]):
            return tokens[: i + 1]
    return ()


_PARTS = re.compile(r"[,;，；]")
_POSTCODE = re.compile(r"\b\d{4,6}\b")
ORG_WORDS = frozenset({
    "university", "institute", "academy", "college", "company", "corporation", "laboratory",
    "center", "hospital", "group", "council", "agency", "ministry", "administration",
    "association", "foundation", "society", "bureau", "library", "commission", "school"
})  # fmt: skip
SUBUNIT_FIRST = frozenset(
    ["department", "school", "faculty", "college", "division", "laboratory", "key", "state"]
)
COUNTRIES = frozenset({
    "china", "prc", "peoples", "republic", "usa", "united", "states", "america", "japan",
    "germany", "uk", "kingdom", "france", "korea", "singapore", "australia", "canada",
    "india"
})  # fmt: skip


def _words(text: str, caps: frozenset[str]) -> tuple[str, list[str], str]:
    """(part text, normalised words, a legal form was removed) of one part of a name."""
    toks = _join_letters([x for x in _NONWORD.split(text.casefold().replace("_", " ")) if x])
    stripped = _strip_legal(toks)
    exp: list[str] = []
    for x in stripped:
        exp.extend(ABBR.get(x, x).split())
    words = [x if x in caps else _stem(x) for x in exp if x not in STOP]
    if not words:
        words = [x if x in caps else _stem(x) for x in exp]
        if stripped is toks and toks and all(x in LEGAL for x in toks):
            words = []  # ", Inc."
    legal = next((x for x in toks if x in LEGAL and x not in stripped), "")
    return text, words, legal or ("co" if len(stripped) < len(toks) else "")


def _main_part(parts: list[tuple[str, list[str], str]]) -> list[str]:
    """The first part naming an organisation that is not a unit of a later part."""
    keep = [
        p for p in parts
        if not (_POSTCODE.search(p[0]) or set(p[1]) <= COUNTRIES or len(p[1]) == 1
                and p is not parts[0] and p[1][0] not in ORG_WORDS and not p[2])
    ] or parts[:1]  # fmt: skip
    orgish = [p for p in keep if p[2] or set(p[1]) & ORG_WORDS or p is keep[0]]
    for i, p in enumerate(orgish):
        unit = p[1][0] in SUBUNIT_FIRST and p[1][-1] != "university"
        if not unit or i == len(orgish) - 1:
            return p[1]
    return keep[0][1]


def _han_main(text: str) -> str:
    """ "中国科学院大连化学物理研究所" -> "大连化学物理研究所"; "清华大学化学系" -> "清华大学"."""
    han = re.split(r"[,;，；]", re.sub(r"[\s]", "", text))[0]
    for pre in ZH_PARENTS:
        if han.startswith(pre) and len(han) > len(pre) + 3:
            return han[len(pre) :]
    m = _ZH_SUBUNIT.search(han)
    if m and len(han) - len(m.group(2)) >= 4:
        return han[: len(han) - len(m.group(2))]
    return han


_ZH_SUBUNIT = re.compile(r"(大学|学院)(.+?(学院|系|研究所|研究院|实验室|中心|课题组))$")


# --------------------------------------------------------------------------------------
# similarity


def _tok_compatible(a: set[str], b: set[str]) -> bool:
    """Every word of each side has an equal or near-equal partner on the other side."""

    def cov(xs: set[str], ys: set[str]) -> bool:
        return all(x in ys or any(len(x) > 3 and fuzz.ratio(x, y) >= 80 for y in ys) for x in xs)

    return cov(a, b) and cov(b, a)


def _glued(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """The unmatched words of both sides are the same letters ("hewlettpackard")."""
    ua = "".join(t for t in a if t not in b)
    ub = "".join(t for t in b if t not in a)
    return bool(ua) and bool(ub) and fuzz.ratio(ua, ub) >= 85


def _plain_typo(ta: tuple[str, ...], tb: tuple[str, ...]) -> float:
    sa, sb = "".join(ta), "".join(tb)
    if sa == sb:
        return 1.0
    if len(ta) >= 2 and sorted(ta) == sorted(tb):
        return 0.95  # "Oxford University" ~ "University of Oxford"
    r = fuzz.ratio(sa, sb) / 100
    if r < 0.85 or not (_tok_compatible(set(ta), set(tb)) or _glued(ta, tb)):
        return 0.0
    n = min(len(sa), len(sb))
    need = 0.95 if n < 8 else 0.9 if n < 15 else 0.87
    return r if r >= need else 0.0


def jaccard(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / len(sa | sb) if sa | sb else 1.0


def typo_sim(a: Org, b: Org) -> float:
    """1.0 for the same key, the letter similarity for a spelling variant, else 0."""
    if a.squash == b.squash:
        return 1.0
    if a.han or b.han:
        return 0.0
    if a.head or b.head:
        if not (a.head and b.head) or jaccard(a.head, b.head) < 0.5:
            return 0.0
        return _plain_typo(a.tail, b.tail)
    return _plain_typo(a.tokens, b.tokens)


def near_sim(a: Org, b: Org) -> float:
    """Letter similarity without the word guards (evidence for the review queue)."""
    if a.han != b.han:
        return 0.0
    return fuzz.ratio(a.squash, b.squash) / 100


def near_words(a: Org, b: Org) -> bool:
    """Every word one name has and the other lacks is like one of the other's words."""
    ua, ub = set(a.tokens) - set(b.tokens), set(b.tokens) - set(a.tokens)
    if not ua or not ub:
        return False
    return all(any(fuzz.ratio(x, y) >= 60 for y in ub) for x in ua) and all(
        any(fuzz.ratio(y, x) >= 60 for x in ua) for y in ub
    )


def contained(short: Org, long: Org) -> bool:
    """``long`` is ``short`` with words added that do not make it a unit of ``short``."""
    if short.han or long.han:
        return short.han and long.han and _han_contained(short.key, long.key)
    s, big = short.tokens, long.tail
    if short.head:
        if not long.head or jaccard(short.head, long.head) < 0.5:
            return False
        s = short.tail
    elif long.head and s == big:
        return True  # "US Department of Energy" ~ "USA as represented by the US Dept. of Energy"
    if not s or len(s) >= len(big):
        return False
    n = len(s)
    if big[:n] == s:
        extra = big[n:]
    elif big[-n:] == s:
        extra = big[:-n]
    else:
        return False
    if any(x in UNIT_WORDS for x in extra):
        return False
    if len(s) == 1 and len(s[0]) < 4:
        return False
    return not all(t in GENERIC for t in s)


def _han_contained(short: str, long: str) -> bool:
    """ "中国科学院大连化学物理研究所" ~ "大连化学物理研究所": only a parent prefix added."""
    if len(short) < 4 or not long.endswith(short):
        return False
    extra = long[: -len(short)]
    return extra in ZH_PARENTS


def extra_words(short: Org, long: Org) -> tuple[str, ...]:
    return tuple(t for t in long.tail if t not in short.tokens)
