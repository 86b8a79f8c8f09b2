"""Organisation names in English text that the statistical model missed or cut short: found by
their opening word ("Universidad ...", "FC ...") or their head word ("... High School"), and
completed by the capitalised words around them ("South Carolina Republican Party"). Used by
``ingest/extract/rules_en.py``; offsets index the line."""

from __future__ import annotations

import re
from dataclasses import replace

from ingest.extract.affiliation_kinds import cities, fold, regions
from ingest.extract.ents import CONF, Ent

ORG_HEADS = {
    "university", "college", "school", "academy", "institute", "institution", "council",
    "committee", "commission", "parliament", "congress", "senate", "assembly", "party",
    "church", "association", "society", "league", "federation", "union", "club", "fc", "f.c.",
    "afc", "a.f.c.", "united", "records", "airlines", "airways", "railway", "railways", "company",
    "corporation", "corp", "corp.", "inc", "inc.", "ltd", "ltd.", "plc", "llc", "gmbh", "group",
    "bank", "agency", "ministry", "department", "office", "bureau", "foundation", "trust",
    "museum", "hospital", "orchestra", "band", "choir", "army", "navy", "regiment", "battalion",
    "brigade", "squadron", "corps", "force", "police", "court", "cabinet", "government",
    "authority", "organization", "organisation", "network", "channel", "studios", "studio",
    "press", "times", "news", "magazine", "newspaper", "entertainment", "pictures", "films",
    "motors", "industries", "systems", "technologies", "labs", "laboratory", "laboratories",
    "stadium", "arena", "station", "airport", "theatre", "theater", "center", "centre",
    "f.c", "a.f.c", "archive", "archives", "library", "conservatory", "seminary", "cathedral",
    "coliseum", "institutes", "railroad", "brothers", "bros.", "athletic", "rovers", "wanderers",
    "albion", "ensemble", "quartet", "trio", "quintet", "fraternity", "sorority",
}  # fmt: skip

_CAP = r"[A-ZÀ-Þ](?:[\w'’&-]|\.(?=\w))*"
_LINK = r"(?:de|do|da|dos|das|del|di|du|des|la|le|y|e|of|and|for|&)"
_ORG_FIND = re.compile(
    rf"\b(?:(?:University|Universidad|Universidade|Università|Universität|Université|Instituto"
    rf"|Institut|Museo|Museu|Banco|Estadio|Estádio|Clube|Associação|Asociación|Sociedad"
    rf"|Sociedade|Colegio|Escuela|Escola|Partido|Partito|Ministerio|Ministério)"
    rf"(?:\s+{_LINK})*\s+{_CAP}(?:\s+(?:{_LINK}\s+)*{_CAP})*"
    rf"|(?:FC|FK|NK|SK|AFC|OFK|CF|CD|SC)\s+{_CAP}(?:\s+{_CAP})*)"
)


# capitalised words that open a sentence or a phrase, not a name
_STOP = (
    r"(?:The|A|An|In|At|On|Of|For|From|By|To|With|This|That|These|Those|His|Her|Its|Their|Our"
    r"|He|She|It|They|We|I|After|Before|During|When|While|As|And|But|Or|Then|Also|Since|Both)"
)
_ORG_HEAD_FIND = re.compile(
    rf"(?<![\w'’.-])(?!{_STOP}\b){_CAP}(?:\s+(?:(?:of|and|de|&)\s+)?(?!{_STOP}\b){_CAP}){{0,6}}"
    r"\s+(?:High School|School|Academy|College|University|Railway|Railroad|Stadium|Party"
    r"|Cathedral|Church|Hospital|Airport|Museum|Library|Club|Airlines|Records)\b"
)


def find_orgs(line: str, ents: list[Ent]) -> list[Ent]:
    """Organisation names the model missed, found by their opening word or their head word;
    they replace the entities they contain, never one they cross."""
    out = list(ents)
    found = [(m, False) for m in _ORG_FIND.finditer(line)]
    found += [(m, True) for m in _ORG_HEAD_FIND.finditer(line)]
    for m, by_head in found:
        a, b = m.start(), m.end()
        inside = [e for e in out if e.start < b and a < e.end]
        if any(e.start < a or e.end > b or e.method == "gazetteer" for e in inside):
            continue
        if by_head and any(e.type == "Person" or e.end < b for e in inside):
            continue  # "Wei Li of Jilin University", "Sinopec and Jilin University"
        out = [e for e in out if e not in inside]
        out.append(Ent(a, b, line[a:b], "Organization", None, CONF["pattern"], "pattern"))
    return out


_LEFT_NAME = re.compile(rf"(?:(?<=^)|(?<=[\s(]))((?:(?!{_STOP}\b){_CAP}(?:\s?'s)?\s){{1,3}})$")
_RIGHT_NAME = re.compile(rf"^(?:\s?'s)?(?:\s(?!{_STOP}\b){_CAP}){{1,4}}")


# org heads after a person's name that make the whole an organisation's or a venue's name
# ("John Butler Trio", "Sam Houston Coliseum", "Dame Alice Owen 's School"); not words that
# follow a person's name in running text ("Smith Times", "Lee Police")
PERSON_ORG_HEADS = ORG_HEADS - {
    "united", "times", "news", "press", "office", "department", "government", "police", "force",
    "army", "navy", "court", "cabinet", "network", "channel", "group", "union", "brothers",
    "bros.", "athletic", "albion", "rovers", "wanderers", "corps", "authority",
}  # fmt: skip


def _right_end(line: str, e: Ent, heads: set[str]) -> int:
    """Where the capitalised words after ``e`` end on their last org head (``e.end`` if none)."""
    m = _RIGHT_NAME.match(line[e.end :])
    if not m:
        return e.end
    words = list(re.finditer(r"\S+", m.group()))
    found = [w for w in words if w.group().lower() in heads]
    return e.end + found[-1].end() if found else e.end


def reach_orgs(line: str, ents: list[Ent]) -> list[Ent]:
    """An organisation's name the model cut short: capitalised words just before a name that
    ends in an org head ("South Carolina Republican Party", "Schulich School of Law"), and
    words after a name up to an org head ("St. Clare 's Church", "Twelfth United States
    Congress"); a person's name followed by an org head becomes the organisation's name
    ("John Butler Trio", "Dame Alice Owen 's School"); never over a person or a gazetteer name."""
    out = sorted(ents, key=lambda e: e.start)
    for i, e in enumerate(out):
        if e.method == "gazetteer" or e.type not in ("Organization", "Person"):
            continue
        a = e.start
        b = _right_end(line, e, ORG_HEADS if e.type == "Organization" else PERSON_ORG_HEADS)
        head = ORG_HEADS & {w.lower() for w in e.text.split()}
        m = _LEFT_NAME.search(line[:a]) if head and e.type == "Organization" else None
        if m:
            a = m.start(1)
        near = [x for x in out if x is not e and x.start < b and a < x.end]
        if (a, b) == (e.start, e.end) or any(
            x.type == "Person" or x.method == "gazetteer" or x.start < a or x.end > b for x in near
        ):
            continue
        out[i] = replace(e, start=a, end=b, text=line[a:b], type="Organization")
        out = [x for x in out if x not in near]
        return reach_orgs(line, out) if near else out[: i + 1] + reach_orgs(line, out[i + 1 :])
    return out


# words that open an organisation's name in several languages ("Deportivo Pereira")
ORG_OPENERS = frozenset({
    "University", "Universidad", "Universidade", "Università", "Universität", "Université",
    "Instituto", "Institut", "Museo", "Museu", "Banco", "Estadio", "Estádio", "Club", "Klub",
    "Clube", "Associação", "Asociación", "Sociedad", "Sociedade", "Real", "Sporting", "Atlético",
    "Deportivo", "Colegio", "Escuela", "Escola", "Partido", "Partito", "Parti", "Ministerio",
    "Ministério", "FC", "FK", "NK", "SK", "AFC", "CF", "CD", "SC",
})  # fmt: skip

# a disambiguating qualifier that names an organisation's kind: "Scars (band)",
# "Bravo (U.S. TV network)", "Pavement (American band)"
_ORG_KIND = re.compile(
    r"\s*\(\s*(?:[\w.'’-]+\s+){0,3}(?:band|group|musical group|duo|company|corporation|club"
    r"|football club|team|party|political party|newspaper|magazine|TV network|TV channel"
    r"|television network|television channel|broadcaster|radio station|record label|label"
    r"|organization|organisation|school|university|college|airline|publisher|retailer"
    r"|brand|studio|orchestra|choir)\s*\)"
)  # the kind in lower case: "Liu Yang (Jilin University)" is an affiliation, not a kind
_TITLE_BEFORE = re.compile(
    rf"(?:^|(?<=[\s(\"'`]))(?:{_CAP}|\d[\w'’-]*)(?:\s+(?:{_LINK}\s+)?(?:{_CAP}|\d[\w'’-]*)){{0,5}}$"
)


def whole_line(line: str, a: int, b: int) -> bool:
    """``a:b`` is all the line holds but markup: a title ("The Joplin Globe")."""
    return not line[:a].strip(" '\"*#:`") and not line[b:].strip(" '\"`")


def qualified_orgs(line: str, ents: list[Ent]) -> list[Ent]:
    """A name followed by a qualifier that names an organisation's kind is an organisation;
    as a whole line (a list of titles) the qualifier is part of the title."""
    out = list(ents)
    for m in _ORG_KIND.finditer(line):
        m2 = _TITLE_BEFORE.search(line[: m.start()])
        if not m2:
            continue
        a = m2.start()
        whole = whole_line(line, a, m.end())
        b = m.end() if whole else m.start()
        inside = [e for e in out if e.start < b and a < e.end]
        if any(e.start < a or e.end > b or e.method == "gazetteer" for e in inside):
            continue
        out = [e for e in out if e not in inside]
        out.append(Ent(a, b, line[a:b], "Organization", None, CONF["pattern"], "pattern"))
    return out


_CLOSE = re.compile(r"^[^()\n]{0,40}?\)")


def close_bracket(line: str, ent: Ent) -> Ent:
    """A span that opens a bracket takes its closing one ("Williamson High School (Alabama)")
    or, when the line does not close it, ends before it."""
    if ent.text.count("(") <= ent.text.count(")"):
        return ent
    m = _CLOSE.match(line[ent.end :])
    if m:
        b = ent.end + m.end()
        return replace(ent, end=b, text=line[ent.start : b])
    b = ent.start + ent.text.rfind("(")
    while b > ent.start and line[b - 1].isspace():
        b -= 1
    return replace(ent, end=b, text=line[ent.start : b]) if b > ent.start else ent


# a campus or a body named after its university's or commission's name: "University of Texas
# at Austin", "University of California, Los Angeles", "Commission on Human Rights"
_AT_CAMPUS = re.compile(rf"^\s+at\s+{_CAP}(?:\s+{_CAP}){{0,2}}")
_COMMA_CAMPUS = re.compile(rf"^\s*,\s+({_CAP}(?:\s+{_CAP}){{0,2}})")
_ON_TOPIC = re.compile(
    rf"^\s+on\s+(?:the\s+)?{_CAP}(?:\s+(?:(?:of|and|in|for|the|&)\s+){{0,2}}{_CAP}){{0,5}}"
)
_UNIV_OF_REGION = re.compile(r"^(?:The\s+)?(?:State\s+)?University\s+of\s+(.+)$")


def campus(line: str, ent: Ent) -> Ent:
    """A university's campus ("... at Austin"; "University of California, Los Angeles": a
    state's university and a city) and a commission's or committee's topic ("... on Cults")."""
    if ent.type != "Organization" or ent.method == "gazetteer":
        return ent
    last = ent.text.split()[-1].lower()
    rest = line[ent.end :]
    m = None
    if last in ("commission", "committee", "council", "conference", "convention"):
        m = _ON_TOPIC.match(rest)
    elif ent.text.startswith(("University", "State University", "The University")):
        m = _AT_CAMPUS.match(rest)
        region = _UNIV_OF_REGION.match(ent.text)
        if not m and region and fold(region.group(1)) in regions():
            m2 = _COMMA_CAMPUS.match(rest)
            m = m2 if m2 and fold(m2.group(1)) in cities() else None
    if not m:
        return ent
    b = ent.end + m.end()
    return replace(ent, end=b, text=line[ent.start : b])
