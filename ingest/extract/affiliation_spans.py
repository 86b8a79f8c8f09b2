"""Where an institution's name starts and ends inside one affiliation segment, for run-on
strings written without commas ("Department of Neurology University Medical Center Groningen
University of Groningen Groningen, The Netherlands"): the start of the name after a unit or a
field of study, the cut between two institutions before "University of X", and the places
written after the name. Used by ``ingest/extract/affiliations.py``."""

from __future__ import annotations

import re

from ingest.extract.affiliation_kinds import (
    RE_STRONG,
    RE_WEAK,
    cities,
    countries,
    fold,
    regions,
)

_CONNECT = re.compile(r"\b(?:of|for|de|di|du|der|des|in|at|zu|and|&|the)\b", re.I)


def drop_place_tail(t: str) -> str:
    """ "Sichuan University Chengdu China" -> "Sichuan University": a country at the end, and
    the words between it and the last head, go when no connector ("of") ties them to it."""
    words = list(re.finditer(r"\S+", t))
    if len(words) < 3:
        return t
    # the longest country name first ("People's Republic of China"); none is over six words
    for i in range(max(1, len(words) - 6), len(words)):
        if fold(t[words[i].start() :]) in countries():
            heads = [m for m in RE_STRONG.finditer(t[: words[i].start()])]
            if not heads:
                return t
            end = heads[-1].end()
            if _CONNECT.search(t[end : words[i].start()]):
                return t
            return t[:end]
    return t


def drop_address_tail(t: str) -> str:
    """ "University of Washington Seattle Washington" -> "University of Washington",
    "Ames Laboratory Iowa State University Ames IA" -> "... Iowa State University": a run-on
    string's trailing address of two or more place names (a city, then a region or country)
    goes, back to where a name with a head word is left that does not end on a connector."""
    words = list(re.finditer(r"\S+", t))
    k, run = len(words), []
    while k > 1:
        n = next((n for n in (3, 2, 1) if n < k and _is_place_name(t, words, k - n, k)), 0)
        if not n or not words[k - n].group()[:1].isupper():
            break
        k -= n
        run.append(k)
    last = fold(t[words[run[0]].start() :]) if run else ""
    if not run or not (last in countries() or (len(run) > 1 and last in regions())):
        return t  # one place name alone goes only when it is a country
    for k in reversed(run):
        head = t[: words[k - 1].end()]
        if not _CONNECT.fullmatch(words[k - 1].group()) and (
            RE_STRONG.search(head) or RE_WEAK.search(head)
        ):
            return head.rstrip(" ,")
    return t


def _is_place_name(t: str, words: list[re.Match[str]], i: int, k: int) -> bool:
    f = fold(t[words[i].start() : words[k - 1].end()])
    return bool(f) and (f in countries() or f in regions() or f in cities())


def drop_doubled_city(t: str) -> str:
    """ "University of Bern Bern Switzerland" -> "University of Bern", "Wenzhou Medical
    University Wenzhou" -> "Wenzhou Medical University": a run-on string's city, written again
    after the name (countries and regions after it go too)."""
    words = list(re.finditer(r"\S+", t))
    k = len(words)
    while k > 2:
        if fold(words[k - 1].group()) == fold(words[k - 2].group()):
            return t[: words[k - 2].end()]
        n = next((n for n in (3, 2, 1) if n < k and _is_place(t, words, k - n, k)), 0)
        if not n:
            break
        k -= n
    if k < 3:
        return t
    heads = list(RE_STRONG.finditer(t[: words[k - 1].end()]))
    if heads and not _CONNECT.search(t[heads[-1].end() : words[k - 1].end()]):
        after = [fold(w.group()) for w in words[:k] if w.start() >= heads[-1].end()]
        before = {fold(w) for w in t[: heads[-1].start()].split()[-8:]} if len(after) <= 2 else ()
        if after and all(w in before for w in after):
            return t[: heads[-1].end()]
    return t


def _is_place(t: str, words: list[re.Match[str]], i: int, k: int) -> bool:
    f = fold(t[words[i].start() : words[k - 1].end()])
    return f == "" or f in countries() or (k - i == 1 and f in regions())


# a field of study or a unit word: where a unit's name ends inside a run-on segment
RE_FIELD = re.compile(
    r"(?:\w+(?:ology|ologie|ics|istry|iatry|iatrics|graphy|omy)|\w*surgery|medicine|engineering"
    r"|pharmacy|nursing|dentistry|an(?:a)?esthesia|program(?:me)?|unit|division|department"
    r"|section|service|group|team|laboratory|laboratories)[.,]?",
    re.I,
)


def cut_unit_prefix(t: str) -> int:
    """Where the institution starts in "Neurosurgery Jinling Hospital", "Transplant Program
    Toronto General Hospital", "Pediatric Cardiology The Montreal Children's Hospital": after
    the last field or unit word (at a capital "The") before the first head, when a
    capitalised name is left between it and the head."""
    head = RE_STRONG.search(t) or next(reversed(list(RE_WEAK.finditer(t))), None)
    if head is None:
        return 0
    words = list(re.finditer(r"\S+", t[: head.start()]))
    for i in range(len(words) - 1, -1, -1):
        w = words[i].group()
        if w == "The" and i > 0:
            return words[i].start()
        if RE_FIELD.fullmatch(w):
            rest = words[i + 1 :]
            if rest and rest[0].group()[:1].isupper() and rest[0].group().lower() != "and":
                return rest[0].start()
            return 0
    return 0


_RE_UNIV_OF = re.compile(r"\s+(?=Universit\w*\s+(?:of|de|di|degli|del|della|do|da|du|zu)\s+(\S+))")


def univ_of_cut(t: str) -> tuple[int, int] | None:
    """(end of the left name, start of "University of X") in a run-on segment that names two
    institutions: "Toronto General Hospital University of Toronto", "Institute of Physiology
    University of Zurich", "University Medical Center Groningen University of Groningen",
    "Royal Prince Alfred Hospital at University of Sydney"."""
    for m in _RE_UNIV_OF.finditer(t):
        before = t[: m.start()].split()
        if not before:
            continue
        prev = before[-1]
        if prev.lower() == "at" and len(before) > 1:
            return len(t[: m.start()]) - len(prev) - 1, m.end()
        if (
            RE_STRONG.fullmatch(prev)
            or RE_WEAK.fullmatch(prev)
            or RE_FIELD.fullmatch(prev)
            or fold(prev) == fold(m.group(1))
        ):
            return m.start(), m.end()
    return None


_UNIV_ADJ = (
    "medical", "technical", "technological", "state", "national", "catholic", "free", "open",
    "agricultural", "normal", "federal", "pontifical", "hebrew", "royal", "chinese", "capital",
    "central", "northern", "southern", "eastern", "western", "american", "international",
    "polytechnic", "metropolitan", "municipal", "public", "private", "charles", "city",
)  # fmt: skip


def inst_start(t: str) -> int:
    """Where the institution's name starts in "Dept of Surgery University of Toronto": at
    "University of" (with an adjective of a university's name before it), else after the
    last lower-case word before the head."""
    m = RE_STRONG.search(t)
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
        if not w.group()[:1].isupper() or RE_FIELD.fullmatch(w.group()):
            break
        start = w.start()
    return start
