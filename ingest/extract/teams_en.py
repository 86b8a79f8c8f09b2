"""Sports teams in English text: a city, region or country and a plural nickname ("Dallas
Mavericks", "Toronto Maple Leafs", "Boston Red Sox"). Used by ``ingest/extract/rules_en.py``;
offsets index the line."""

from __future__ import annotations

import re

from ingest.extract.affiliation_kinds import big_cities, cities, countries, fold, regions
from ingest.extract.ents import CONF, Ent
from ingest.extract.names_en import given_names

NICKNAME = re.compile(r"[A-Z][a-z]+[^s\W]s|Sox")
# plural words that end a place's name, not a team's ("Blue Mountains", "Niagara Falls")
_PLACE_PLURALS = frozenset({
    "mountains", "islands", "hills", "falls", "heights", "springs", "lakes", "plains",
    "highlands", "lowlands", "keys", "rapids", "woods", "meadows", "gardens", "downs", "fields",
    "states", "emirates", "territories", "provinces", "regions", "districts", "counties",
})  # fmt: skip
# capitalised words that open a sentence, not a city ("The", "In")
_OPENERS = frozenset({"The", "A", "An", "In", "At", "On", "For", "From", "By", "To", "With"})
_CAP = r"[A-Z][\w'’.-]*"
_TEAM = re.compile(
    rf"(?<![\w'’.-])({_CAP}(?:\s+{_CAP}){{0,2}})\s+((?:{_CAP}\s+)?{NICKNAME.pattern})\b"
)


# a national team: "Netherlands national football team", "Sri Lanka Davis Cup team"
_NATIONAL = re.compile(
    rf"(?<![\w'’.-])(?:{_CAP}\s+){{0,2}}{_CAP}\s+(?:(?:national|Davis Cup|Fed Cup|Olympic)"
    r"(?:\s+(?:under-\d+|U-?\d+|men's|women's|men 's|women 's|[a-z]+)){0,3}\s+team)\b"
)
# a club's abbreviation after its name ("Korsnäs IF", "Wings HC", "Djurgårdens IF")
CLUB_SUFFIXES = frozenset(
    {"IF", "FK", "BK", "IK", "SK", "FF", "HC", "BC", "SC", "AC", "CF", "FC", "AFC", "HK"}
)


def team_like(words: list[str]) -> bool:
    """A sports team: a city, region or country, at most one more word, and a plural
    nickname; a given name opening it makes a person ("Wayne Jones") unless it is a large
    city's name too ("Dallas")."""
    if not 2 <= len(words) <= 5 or not NICKNAME.fullmatch(words[-1]):
        return False
    if words[-1].lower() in _PLACE_PLURALS or words[0] in _OPENERS:
        return False
    if words[0] in given_names() and fold(words[0]) not in big_cities():
        return False
    for n in range(max(1, len(words) - 2), len(words)):
        name = fold(" ".join(words[:n]))
        if name in cities() or name in regions() or name in countries():
            return True
    return False


def find_teams(line: str, ents: list[Ent]) -> list[Ent]:
    """Teams the model cut to their city ("Ottawa" for "Ottawa Redblacks") or missed; they
    replace the entities they contain (a city the gazetteer found too), never one they cross
    or a person."""
    out = list(ents)
    for m in _NATIONAL.finditer(line):
        out = _put(out, m.start(), m.end(), line)
    for m in _TEAM.finditer(line):
        words = m.group().split()
        a = m.start()
        while len(words) > 2 and not team_like(words):
            a = line.index(words[1], a + len(words[0]))
            words = words[1:]
        if not team_like(words):
            continue
        out = _put(out, a, m.end(), line)
    return out


def _put(out: list[Ent], a: int, b: int, line: str) -> list[Ent]:
    """``out`` with a team ``a:b`` in place of the entities inside it, unless one crosses it
    or is a person."""
    inside = [e for e in out if e.start < b and a < e.end]
    if any(e.start < a or e.end > b or e.type == "Person" for e in inside):
        return out
    out = [e for e in out if e not in inside]
    return [*out, Ent(a, b, line[a:b], "Organization", None, CONF["pattern"], "pattern")]
