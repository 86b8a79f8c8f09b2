"""Organisation names in English text that the statistical model missed or cut short: found by
their opening word ("Universidad ...", "FC ...") or their head word ("... High School"), and
completed by the capitalised words around them ("South Carolina Republican Party"). Used by
``ingest/extract/rules_en.py``; offsets index the line."""

from __future__ import annotations

import re
from dataclasses import replace

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


_LEFT_NAME = re.compile(rf"(?:(?<=^)|(?<=[\s(]))((?:(?!{_STOP}\b){_CAP}\s){{1,3}})$")
_RIGHT_NAME = re.compile(rf"^(?:\s?'s)?(?:\s(?!{_STOP}\b){_CAP}){{1,4}}")


def reach_orgs(line: str, ents: list[Ent]) -> list[Ent]:
    """An organisation's name the model cut short: capitalised words just before a name that
    ends in an org head ("South Carolina Republican Party", "Schulich School of Law"), and
    words after a name up to an org head ("St. Clare 's Church", "Twelfth United States
    Congress"); never over a person or a gazetteer name."""
    out = sorted(ents, key=lambda e: e.start)
    for i, e in enumerate(out):
        if e.type != "Organization" or e.method == "gazetteer":
            continue
        a, b = e.start, e.end
        m = _RIGHT_NAME.match(line[b:])
        if m:
            words = list(re.finditer(r"\S+", m.group()))
            heads = [w for w in words if w.group().lower() in ORG_HEADS]
            if heads:
                b = e.end + heads[-1].end()
        head = ORG_HEADS & {w.lower() for w in e.text.split()}
        m = _LEFT_NAME.search(line[:a]) if head else None
        if m:
            a = m.start(1)
        near = [x for x in out if x is not e and x.start < b and a < x.end]
        if (a, b) == (e.start, e.end) or any(
            x.type == "Person" or x.method == "gazetteer" or x.start < a or x.end > b for x in near
        ):
            continue
        out[i] = replace(e, start=a, end=b, text=line[a:b])
        out = [x for x in out if x not in near]
        return reach_orgs(line, out) if near else out[: i + 1] + reach_orgs(line, out[i + 1 :])
    return out
