"""Span conventions and type fixes for English entities, applied after the statistical model.

``compact(line)`` gives the model the line without markup (wiki quotes ``''``, ``[[ ]]``, list
stars, pipes) and with single spaces, plus the map back to the line; ``apply(line, ents)`` then
fixes the model's spans on the original line (offsets stay offsets into it). The rules are
general English naming conventions (tuned on the even half of the public dev sets, see
README), never fitted to single sentences:

* a span drops a leading "the" or number, trailing punctuation, dashes, quotes and "'s";
* a list of names ("A / B", "A – B") is cut into its names;
* a person takes an honorific that is part of the name ("Sir", "Princess … of York"), a first
  name the model left out, a generational or regnal suffix ("Jr.", "III", "I of Serbia") and a
  peerage after a comma ("Archibald Douglas, 5th Earl of Angus");
* a name whose last word is an organisation head (University, Party, F.C., Records, …) is an
  organisation, one whose last word is a place head (County, River, …) a place; an org word
  after or before the name joins it ("Duke University Press", "Universidade …"), and so does
  the "The" of an organisation's name and the number of a route;
* a whole-line name followed only by a parenthesised qualifier takes it ("Chris Rea (rugby
  union)"), as titles of reference works do;
* organisation names the model missed are found by their opening word (Universidad …, FC …)
  and by a qualifier naming an organisation's kind ("Scars (band)"); a name opening with
  such a word is an organisation ("Deportivo Pereira"); a university's campus ("… at Austin",
  "University of California, Los Angeles") and a commission's topic ("… on Cults") join it;
* a lone word is a person only when the gazetteer knows it or it is a given name (US census
  lists of the ``names`` package): a lone surname, genus or place taken for a person would
  mint a useless expert node.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.extract.affiliation_kinds import countries, fold, regions
from ingest.extract.ents import Ent
from ingest.extract.names_en import (
    citation,
    common_word,
    given_names,
    no_name,
    sentence_start,
    single_ok,
)
from ingest.extract.orgs_en import (
    ORG_HEADS,
    ORG_OPENERS,
    campus,
    close_bracket,
    find_orgs,
    qualified_orgs,
    reach_orgs,
    whole_line,
)
from ingest.extract.teams_en import CLUB_SUFFIXES, find_teams, team_like

MARKUP = re.compile(r"''+|\[\[|\]\]|\{\{|\}\}|^\s*[*#:;]+|\||``|(?<=\s)'(?=\s)|^'(?=\s)|(?<=\s)'$")

ORG_PREFIXES = {
    "FC",
    "F.C.",
    "AFC",
    "SC",
    "AC",
    "CF",
    "CD",
    "FK",
    "NK",
    "SK",
    "KS",
    "SV",
    "VfB",
    "A.S.",
    "S.S.",
    "A.C.",
    "S.C.",
    "S.S.C.",
    "U.S.C.",
    "F.K.",
}
PLACE_HEADS = {
    "county", "township", "province", "district", "river", "lake", "mountain", "mountains",
    "island", "islands", "valley", "bay", "sea", "ocean", "creek", "village", "municipality",
    "parish", "peninsula", "desert", "forest", "voivodeship", "oblast", "prefecture", "canton",
    "region", "state", "city", "town", "hills", "park", "street", "avenue", "road",
    "point", "territory", "falls", "glacier", "strait", "gulf", "harbour", "harbor",
}  # fmt: skip
PLACE_PREFIXES = {"Mount", "Mt.", "Lake", "Cape", "Isle", "Port"}
_SUFFIX = re.compile(
    r"^(?:\s*,)?\s*(?:Jr|Sr|Jnr|Snr)\s*\.?"
    r"|^\s+(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII|XIII|XIV|XV|XVI)\b(?:\s+of\s+[A-Z][\w'-]*)?"
)
# honorifics that belong to the name ("Sir Harold Smedley", "Princess Beatrice of York")
_HONORIFIC = re.compile(
    r"(?:^|(?<=\s))(?:Sir|Dame|Lord|Lady|Prince|Princess|King|Queen|Pope|Emperor|Empress|Duke"
    r"|Duchess|Count|Countess|Saint|Tsar|Sultan|Emir|Shah|Grand Duke|Grand Duchess)\s+$"
)
_ROYAL_OF = re.compile(r"^\s+of\s+(?:the\s+)?[A-Z][\w'-]*(?:[\s-][A-Z][\w'-]*)*")
_NOT_FIRST = frozenset({
    "The", "A", "An", "In", "On", "At", "Of", "For", "From", "By", "With", "And", "Or", "But",
    "To", "As", "If", "When", "While", "After", "Before", "Since", "During", "His", "Her",
    "Their", "Its", "Our", "My", "This", "That", "These", "Those", "It", "He", "She", "They",
    "We", "I", "You", "Mr", "Mrs", "Ms", "Dr", "Prof", "President", "Minister", "Senator",
    "General", "Captain", "Coach", "Director", "Chairman", "CEO", "Professor", "Judge",
    "Governor", "Mayor", "Bishop", "Archbishop", "Father", "Brother", "Sister",
})  # fmt: skip
_PEERAGE = re.compile(
    r"^\s*,\s*(?:\d+(?:st|nd|rd|th)\s+)?(?:Baronet|Baron|Baroness|Earl|Countess|Duke|Duchess"
    r"|Marquess|Marquis|Viscount|Viscountess|Lord|Lady|Count|Prince|Princess|Knight|Elector)"
    r"(?:\s+(?:of\s+)?[A-Z][\w'-]*(?:\s+(?:of|and|upon|in|on)\s+[A-Z][\w'-]*|\s+[A-Z][\w'-]*)*)?"
)
_QUALIFIER = re.compile(r"^\s*\(\s*([^()\d]*\b[a-z]{3,}[^()\d]*?)\s*\)\s*$")
_ORG_QUALIFIER = re.compile(r"^\s*\(\s*([^()\d]{2,60}?)\s*\)\s*$")
# words after a name that make it an organisation's name ("Duke University Press", "Titan FC")
_ORG_TAIL = re.compile(
    r"^\s+(?:Press|FC|F\.C\.|AFC|SC|Records|Recordings|Airlines|Airways|Railway|Railroad|Bank"
    r"|Group|Inc\.?|Ltd\.?|Corporation|Company|Club|Party|University|College|School|Institute"
    r"|Academy|Society|Association|League|Council|Foundation|Museum|Hospital|Orchestra|Band"
    r"|Studios|Entertainment|Television|TV|Radio|Network|Magazine|Times|News|Post|Herald"
    r"|Tribune|Journal|Gazette)\b"
)
# org words that open a name, in several languages ("Universidade Estadual do Norte Fluminense")
_ORG_OPEN = re.compile(
    r"(?:^|\s)((?:University|Universidad|Universidade|Università|Universität|Université|Instituto"
    r"|Institut|Museo|Museu|Banco|Estadio|Estádio|Club|Klub|Clube|Associação|Asociación"
    r"|Sociedad|Sociedade|Real|Sporting|Atlético|Deportivo|Colegio|Escuela|Escola|Centro"
    r"|Partido|Partito|Parti|Ministerio|Ministério)(?:\s+(?:[A-ZÀ-Þ][\w'.-]*|de|do|da|dos|das|del"
    r"|di|du|des|la|le|y|e|of|and))*?)\s+$"
)
_ROUTE_NUM = re.compile(r"^\s+\d+[A-Z]?\b")
_ROUTE_WORDS = (
    "route",
    "road",
    "highway",
    "interstate",
    "line",
    "no.",
    "number",
    "street",
)
_TRAIL = re.compile(r"(?:\s*(?:[.,;:!?\-–—'\"`]|''|\(|\[)\s*)+$|\s+'s$|'s$|’s$")
_LEAD = re.compile(r"^(?:the\s+|\d+\s+(?=[A-Z])|[\s\-–—'\"`(]+)")
# a list of names: "Chris Guccione / Marinko Matosevic", "Weezer – Make Believe"
_LIST_SEP = re.compile(r"\s+(?:/|–|—|-|&)\s+|\s+(?=\d)|\s*,\s+(?=[A-Z])")
_SLASH = re.compile(r"\s+/\s+")
# an abbreviation whose period the tokeniser detached: "F.C .", "Jr .", "Inc ."
_ABBR_DOT = re.compile(r"(?:\b(?:[A-Za-z]\.)+[A-Za-z]|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|Bros|St))$")


def compact(line: str) -> tuple[str, list[int]]:
    """The line without markup and with single spaces, and where each of its characters
    stands in ``line`` (an entity ``a:b`` of the result is ``pos[a]:pos[b - 1] + 1`` here)."""
    words = list(_NON_SPACE.finditer(mask_markup(line)))
    if not words:
        return "", []
    pos: list[int] = []
    for k, m in enumerate(words):
        if k:
            pos.append(words[k - 1].end())  # the space stands where the white run starts
        pos.extend(range(m.start(), m.end()))
    return " ".join(m.group() for m in words), pos


_NON_SPACE = re.compile(r"\S+")


def mask_markup(line: str) -> str:
    """The line with markup replaced by spaces (same length: offsets do not move)."""
    return MARKUP.sub(lambda m: " " * len(m.group()), line)


def trim(line: str, ent: Ent) -> Ent | None:
    """Drop a leading "the" and trailing punctuation, dashes, quotes and "'s"."""
    a, b = ent.start, ent.end
    while True:
        s = line[a:b]
        m = _LEAD.match(s)
        if m and m.end() < len(s) and not (ent.method == "gazetteer" and m.group().strip()):
            a += m.end()
            continue
        if s.startswith("The ") and len(s) > 4 and sentence_start(line, a):
            a += 4
            continue
        m = _TRAIL.search(s)
        if m and m.start() > 0 and not _keeps_dot(s, m.start()):
            b = a + m.start()
            continue
        break
    while a < b and line[a].isspace():
        a += 1
    while b > a and line[b - 1].isspace():
        b -= 1
    if b <= a:
        return None
    return replace(ent, start=a, end=b, text=line[a:b])


def _keeps_dot(s: str, cut: int) -> bool:
    """A final period that belongs to the name: "Jr.", "Inc.", "F.C.", an initial."""
    tail = s[cut:]
    if tail.strip() != ".":
        return False
    word = s[:cut].split()[-1] if s[:cut].split() else ""
    return word.lower() in (
        "jr",
        "sr",
        "inc",
        "co",
        "corp",
        "ltd",
        "st",
        "bros",
    ) or bool(re.fullmatch(r"(?:[A-Za-z]\.)*[A-Za-z]", word))


def split_list(line: str, ent: Ent) -> list[Ent]:
    """Cut a span at " / ", spaced dashes and a number: each capitalised part is a name."""
    if ent.method == "gazetteer":
        return [ent]
    sep = _LIST_SEP if ent.type == "Person" else _SLASH
    parts, pos = [], ent.start
    for m in sep.finditer(line, ent.start, ent.end):
        parts.append((pos, m.start()))
        pos = m.end()
    if not parts:
        return [ent]
    parts.append((pos, ent.end))
    out = []
    for a, b in parts:
        t = line[a:b]
        if t[:1].isupper() and not t[:1].isdigit():
            out.append(replace(ent, start=a, end=b, text=t))
    return out


def abbr_dot(line: str, ent: Ent) -> Ent:
    """Take the period a tokeniser detached from an abbreviation ("F.C .", "Jr .")."""
    if line[ent.end : ent.end + 2] == " ." and _ABBR_DOT.search(ent.text):
        rest = line[ent.end + 2 :]
        if not rest.strip() or rest.startswith((" ,", " ''", " (", " )")):
            return replace(ent, end=ent.end + 2, text=line[ent.start : ent.end + 2])
    return ent


def extend_person(line: str, ent: Ent) -> Ent:
    """Honorific, left-out first name, suffix and peerage of a person's name."""
    if ent.type != "Person":
        return ent
    m = _HONORIFIC.search(line[: ent.start])
    if m:
        a = m.start()
        ent = replace(ent, start=a, text=line[a : ent.end])
        m2 = _ROYAL_OF.match(line[ent.end :])
        if m2:
            b = ent.end + m2.end()
            ent = replace(ent, end=b, text=line[ent.start : b])
    else:
        m = re.search(r"(?:^|(?<=\s))([A-ZÀ-Þ][a-zà-ÿ]+)\s+$", line[: ent.start])
        first = m.group(1) if m else ""
        if first in given_names() and first not in _NOT_FIRST and not _HONORIFIC.match(first + " "):
            before = line[: m.start(1)].rstrip()
            if not before or before[-1] in ",;:(/–—-*'\"`":
                a = m.start(1)
                ent = replace(ent, start=a, text=line[a : ent.end])
    rest = line[ent.end :]
    m = _PEERAGE.match(rest) or _SUFFIX.match(rest)
    if m:
        b = ent.end + m.end()
        if line[b : b + 2] == " ." and m.group().rstrip().endswith(("Jr", "Sr")):
            b += 2
        return replace(ent, end=b, text=line[ent.start : b])
    return ent


def org_context(line: str, ent: Ent) -> Ent:
    """Take a "The" that opens an organisation's name, an org word that follows the name, a
    foreign org word that opens it, and the number of a route."""
    if ent.method == "gazetteer":
        return ent
    a, b, kind = ent.start, ent.end, ent.type
    m = _ORG_TAIL.match(line[b:])
    if m:
        b, kind = b + m.end(), "Organization"
    m = _ORG_OPEN.search(line[:a])
    if m:
        a, kind = m.start(1), "Organization"
    if ent.text.split()[-1].lower() in _ROUTE_WORDS:
        m = _ROUTE_NUM.match(line[b:])
        if m:
            b = b + m.end()
    if (
        kind == "Organization"
        and line[max(0, a - 4) : a] == "The "
        and (not sentence_start(line, a - 4) or whole_line(line, a - 4, b))
    ):
        a -= 4
    if kind == "Organization" and ent.method == "ner" and _place_before_region(line, a, b):
        kind = "Place"  # "Thorp, Wisconsin": a town the model took for an organisation
    if (a, b, kind) == (ent.start, ent.end, ent.type):
        return ent
    return replace(ent, start=a, end=b, text=line[a:b], type=kind)


_COMMA_REGION = re.compile(r"^\s*,\s+([A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})\s*(?:[,;)]|\.?$)")


def _place_before_region(line: str, a: int, b: int) -> bool:
    """A name without an org word followed by ", <state or country>" and nothing more."""
    if ORG_HEADS & {w.lower() for w in line[a:b].split()}:
        return False
    m = _COMMA_REGION.match(line[b:])
    return bool(m) and _country_or_region(m.group(1))


# "Museum of Fort Worth", "School of Art": a name that goes on after an org head
_OF_NAME = re.compile(
    r"^\s+(?:of|for|Of|For|Against|On|In|Without|Beyond)\s+(?:the\s+|The\s+)?[A-ZÀ-Þ][\w'’-]*"
    r"(?:\s+(?:(?:of|and|for|the|de|&)\s+){0,2}[A-ZÀ-Þ][\w'’-]*){0,8}"
)
# a span the model ended on a connector ("Hollywood Walk of")
_DANGLING = re.compile(r"\s+(?:of|and|for|the|de|di|da|del|du|von|van|&)$")
_CAP_WORDS = re.compile(r"^\s+(?:the\s+)?[A-ZÀ-Þ][\w'’-]*(?:\s+[A-ZÀ-Þ][\w'’-]*){0,8}")


def of_name(line: str, ent: Ent) -> Ent | None:
    """An organisation's name that goes on after its head word ("Modern Art Museum" + "of
    Fort Worth"), and a span that ends on a connector: taken on to the capitalised words after
    it, else cut before it (None when nothing is left)."""
    if ent.method == "gazetteer":
        return ent
    m = _DANGLING.search(ent.text)
    if m:
        m2 = _CAP_WORDS.match(line[ent.end :])
        b = ent.end + m2.end() if m2 else ent.start + m.start()
        if b <= ent.start:
            return None
        ent = replace(ent, end=b, text=line[ent.start : b])
    words = ent.text.split()
    if ent.type == "Organization" and words and words[-1].lower() in ORG_HEADS:
        m = _OF_NAME.match(line[ent.end :])
        if m:
            b = ent.end + m.end()
            ent = replace(ent, end=b, text=line[ent.start : b])
    return ent


def _country_or_region(text: str) -> bool:
    """A country or a region (state, province: pycountry) by its name."""
    name = fold(text)
    return name in countries() or name in regions()


def retype(ent: Ent) -> Ent:
    """Type from the name's last word when it is an organisation or place head."""
    if ent.method == "gazetteer":
        return ent
    words = ent.text.split()
    if ent.type == "Organization" and _country_or_region(ent.text):
        return replace(ent, type="Place")  # "Nauru", "Ohio"
    if len(words) < 2:
        return ent
    last = words[-1].lower()
    if words[-1] == "department":
        return replace(ent, type="Place")  # "the Tarn department": a French-style division
    org_first = words[0] in ORG_PREFIXES or words[0] in ORG_OPENERS or words[-1] in CLUB_SUFFIXES
    if (last in ORG_HEADS or org_first) and ent.type != "Organization":
        return replace(ent, type="Organization")
    if last in PLACE_HEADS and ent.type == "Person":
        return replace(ent, type="Place")
    if ent.type != "Organization" and (team_like(words) or {w.lower() for w in words} <= _GREEK):
        return replace(ent, type="Organization")  # "Dallas Mavericks", "Boston Red Sox"
    if ent.type == "Organization" and _person_like(words) and not team_like(words):
        return replace(ent, type="Person")  # "Mauro Ranallo", "Lucas Kwan Peterson"
    place = (last in PLACE_HEADS and last not in ("state", "city")) or words[0] in PLACE_PREFIXES
    if place and ent.type == "Organization" and not ORG_HEADS & {w.lower() for w in words}:
        return replace(ent, type="Place")  # "Sierra National Forest", "Mount Aspiring"
    return ent


# a fraternity or sorority: Greek letter names only ("Alpha Psi Lambda")
_GREEK = frozenset({
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa",
    "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi",
    "psi", "omega",
})  # fmt: skip


_INITIAL = re.compile(r"[A-Z]\.")
_PARTICLES = frozenset(
    {"de", "van", "von", "der", "den", "da", "di", "du", "le", "la", "bin", "ibn"}
)


def _person_like(words: list[str]) -> bool:
    """Two or three capitalised words (a middle initial or a surname particle besides), the
    first a given name, none an org or place word ("Richard A. Baker", "Stella de Heij")."""
    words = [w for w in words if not _INITIAL.fullmatch(w) and w not in _PARTICLES]
    if not 2 <= len(words) <= 3 or words[0] not in given_names():
        return False
    lower = {w.lower() for w in words}
    return (
        all(re.fullmatch(r"[A-Z][a-zà-ÿ]+(?:[-'’][A-Z]?[a-zà-ÿ]+)?", w) for w in words)
        and not lower & ORG_HEADS
        and not lower & PLACE_HEADS
    )


def take_qualifier(line: str, ent: Ent) -> Ent:
    """ "Chris Rea (rugby union)" as a whole line: the qualifier is part of the title."""
    if line[: ent.start].strip(" '\"*#:"):
        return ent
    q = _QUALIFIER if ent.type == "Person" else _ORG_QUALIFIER
    if not q.match(line[ent.end :]):
        return ent
    b = line.rstrip().rfind(")") + 1
    return replace(ent, end=b, text=line[ent.start : b])


def apply(line: str, ents: list[Ent], common: frozenset[str] = frozenset()) -> list[Ent]:
    """The entities of one line with the rules above applied; sorted, none overlapping.
    ``common``: the document's lower-case words (``lowercase_words``)."""
    out = []
    for e0 in ents:
        for e in split_list(line, e0):
            e = trim(line, e)
            if e is None:
                continue
            e = org_context(line, retype(extend_person(line, e)))
            e = of_name(line, e)
            if e is None:
                continue
            e = campus(line, close_bracket(line, abbr_dot(line, e)))
            e = take_qualifier(line, e)
            out.append(e)
    out = reach_orgs(line, qualified_orgs(line, find_orgs(line, find_teams(line, out))))
    out = [
        e
        for e in out
        if single_ok(line, e)
        and not common_word(line, e, common)
        and not no_name(e)
        and not citation(line, e)
    ]
    out.sort(key=lambda e: (e.start, -e.end))
    kept: list[Ent] = []
    for e in out:
        if kept and e.start < kept[-1].end:
            continue
        kept.append(e)
    return kept
