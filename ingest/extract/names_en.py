"""Which English model spans name something: a lone word as a person (a given name, the graph,
or the subject of a clause), a capitalised common word opening a sentence, emoji and chat
acronyms. Used by ``ingest/extract/rules_en.py``."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

import names

from ingest.extract.affiliation_kinds import cities, fold
from ingest.extract.ents import Ent


def sentence_start(line: str, pos: int) -> bool:
    """``pos`` opens the line or a sentence (after . ! ? : and white space, quotes aside)."""
    before = line[:pos].rstrip(" '\"`*#")
    return not before or before[-1] in ".!?:;"


@functools.lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """First names (the US census lists that the ``names`` package ships), capitalised."""
    out: set[str] = set()
    for key in ("first:male", "first:female"):
        with open(names.FILES[key], encoding="ascii") as fh:
            out |= {line.split()[0].capitalize() for line in fh if line.strip()}
    return frozenset(out)


# words after a lone name that make it the subject of a clause ("LeBron is …", "Crosby went …")
_CLAUSE_NEXT = re.compile(
    r"^\s*(?:(?:is|was|are|were|has|had|have|will|would|can|could|did|does|do|said"
    r"|says|went|got|gets|made|makes|looks|just|also|who|wants|needs|loves|likes|knows"
    r"|thinks|plays|played|scored|won|wins|ca|wo|should|must|might)\b)"
)


def single_ok(line: str, e: Ent) -> bool:
    """A lone word is a person only when the gazetteer knows it, it is a given name, or the
    clause goes on after it as after a subject ("LeBron is …"): a lone surname, genus or place
    taken for a person would mint a useless expert node."""
    if e.method == "gazetteer" or len(e.text.split()) > 1 or e.type != "Person":
        return True
    if e.text.capitalize() in given_names():
        return True
    return bool(_CLAUSE_NEXT.match(line[e.end :])) or in_prose(line, e)


def in_prose(line: str, e: Ent) -> bool:
    """A name between two lower-case words in a line of running prose ("thanks to Kane for
    …"), not in a list, a title or a citation (where a lone word is a genus, a place or a
    surname as often as a person), and not the name of a city ("plants in Siping and Baicheng
    digest …": the model's lone PERSON is as often a town of a report's region)."""
    before, after = line[: e.start].split(), line[e.end :].split()
    if not before or not after or fold(e.text) in cities():
        return False
    words = line.split()
    lower = sum(1 for w in words if w.isalpha() and w.islower())
    return (
        before[-1].isalpha()
        and before[-1].islower()
        and after[0].isalpha()
        and after[0].islower()
        and len(words) >= 5
        and 2 * lower >= len(words)
    )


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z-]{2,}(?![\w'’-])")


def lowercase_words(texts: Iterable[str]) -> frozenset[str]:
    """The words a document writes in lower case ("coal", "apple")."""
    return frozenset(w for t in texts for w in _LOWER_WORD.findall(t))


def common_word(line: str, e: Ent, common: frozenset[str]) -> bool:
    """A lone capitalised word opening a sentence that the same document also writes in lower
    case is a common noun ("Coal still supplies …"), not an organisation or place (persons:
    see ``single_ok``)."""
    return (
        e.method == "ner"
        and e.type != "Person"
        and " " not in e.text
        and not e.text.isupper()
        and e.text.lower() in common
        and sentence_start(line, e.start)
    )


# chat acronyms a model takes for organisations ("LMAO", "WTF")
_SLANG = frozenset({
    "LOL", "LMAO", "LMFAO", "ROFL", "ROFLMAO", "WTF", "WTH", "OMG", "OMFG", "AF", "SMH", "TBH",
    "IMO", "IMHO", "IDK", "BTW", "FYI", "TFW", "NGL", "IRL", "FML", "YOLO", "ICYMI", "TIL",
})  # fmt: skip


def no_name(e: Ent) -> bool:
    """A model span without a letter (an emoji, a number), a chat acronym or a drawn-out word
    ("Aaawww", "yhoooo": a letter three times in a row) names nothing."""
    if e.method == "gazetteer":
        return False
    return (
        not any(c.isalpha() for c in e.text)
        or e.text.upper() in _SLANG
        or bool(_DRAWN_OUT.search(e.text))
    )


_DRAWN_OUT = re.compile(r"([^\W\dIVXivx])\1\1", re.I)


# an author-year citation: "(Hufnagel, 1766)", "(Smith 2010)", "(Herrich-Schäffer , 1871)"
_CITED = re.compile(r"[A-ZÀ-Þ][\w'’-]+(?:\s*,?\s*(?:1[5-9]|20)\d\d[a-z]?)?")
_CITE_BEFORE = re.compile(r"\(\s*$")
_CITE_AFTER = re.compile(r"^\s*,?\s*(?:1[5-9]|20)\d\d[a-z]?\s*\)|^\s*\)")


def citation(line: str, e: Ent) -> bool:
    """A lone surname in an author-year citation names a work's author, not an organisation
    or an expert of the graph: "Apamea lateritia (Hufnagel, 1766)"."""
    if e.method == "gazetteer" or not _CITED.fullmatch(e.text):
        return False
    if not _CITE_BEFORE.search(line[: e.start]):
        return False
    after = line[e.end :]
    year_inside = any(ch.isdigit() for ch in e.text)
    return bool(_CITE_AFTER.match(after)) and (year_inside or not after.lstrip().startswith(")"))
