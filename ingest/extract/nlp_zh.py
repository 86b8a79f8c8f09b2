"""Chinese entity recognition: Baidu LAC under the graph gazetteer and name rules.

``recognise_zh(texts, labels)`` gives, for each text, ``Ent``s with offsets into that text. Each
text is cut at its line ends first, so a line end always ends an entity; the lines of all texts
go through LAC (``lac_zh``) together, in a few batches. Then, line by line:

1. LAC's PER / ORG / LOC words become Person / Organization / Place (method "ner").
2. Organisation rules (``zh_orgs``): names LAC cut short are completed, departments and titles
   glued onto a company are cut off, untagged noun runs ending in an institution suffix and a
   résumé's "公司"/"本公司" become organisations.
3. Person rules: a title or honorific is not part of a name ("张明教授" -> "张明", "马先生" ->
   "马"); a profile that opens "刘斌，男，…" names a person.
4. The gazetteer (the graph's names and the built-in places, matched character by character, so
   no segmenter can hide a name) wins where it overlaps, except inside a longer organisation
   name, which keeps the places and names it contains ("吉林大学" holds "吉林"). Built-in places
   only fill gaps the model left.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ingest.extract import lexicon as lex
from ingest.extract import zh_orgs
from ingest.extract.ents import (
    CONF,
    KIND_PRIORITY,
    TYPES,
    Ent,
    Label,
    builtin_places,
    labels_key,
)
from ingest.extract.lac_zh import Word, chunks, split_lines, tagger
from ingest.extract.zh_names import plausible_person

_BLOCK_CHARS = 50_000
_FIELD = re.compile(r"[^\t]+")
_LAC_TYPE = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_UPPER = re.compile(r"[A-Z]")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HONORIFIC = ("先生", "女士", "小姐", "老师", "同志")
_NAME_TITLES = [t for t in lex.ZH_TITLES if len(t) >= 2]
# a profile opens with the name, then the sex: "刘斌，男，…", "仇成丰先生，男，…"
_PROFILE = re.compile(
    r"(?:^|(?<=[。；]))\s*([\u4e00-\u9fff]{2,4}?)(?:先生|女士)?(?=[，,]\s*[男女][，,。；])"
)
# an emoticon code: a bracketed word of up to eight characters, nothing but letters and CJK
_EMOTICON = re.compile(r"\[[\u4e00-\u9fffA-Za-z]{1,8}\]")
_URLISH = re.compile(r"(https?:|www\.|//|\.(com|cn|net|org)\b)", re.I)
_CACHE: dict[str, ZhGazetteer] = {}
_LOCK = threading.Lock()


def recognise_zh(texts: Sequence[str], labels: Iterable[Label] = ()) -> list[list[Ent]]:
    """Entities of each text (offsets into it): gazetteer + LAC + rules, sorted by start.

    Lines go through LAC in blocks of about ``_BLOCK_CHARS``, so memory stays bounded by the
    entities found, whatever the size of the text."""
    gaz = gazetteer(list(labels))
    out: list[list[Ent]] = [[] for _ in texts]
    for block in _blocks(texts):
        masked = [mask_emoticons(line) for _, _, line in block]
        words = tagger().tag(masked)
        for (k, off, line), m, ws in zip(block, masked, words, strict=True):
            for e in recognise_line(m, ws, gaz):
                e.text = line[e.start : e.end]
                e.start, e.end = e.start + off, e.end + off
                out[k].append(e)
    return out


def mask_emoticons(line: str) -> str:
    """Social-media emoticon codes ("[哈哈]", "[good]") blanked, offsets kept: they are no
    names, and the model reads their words as ones ("[开心]" as a person)."""
    if "[" not in line:
        return line
    return _EMOTICON.sub(lambda m: " " * len(m.group()), line)


def _blocks(texts: Sequence[str]) -> Iterator[list[tuple[int, int, str]]]:
    """``(text index, offset, piece)`` in groups of about ``_BLOCK_CHARS`` characters. A piece
    is a line, or a tab-separated field of one (a tab ends an entity like a line end); a longer
    one is cut at sentence ends first."""
    block: list[tuple[int, int, str]] = []
    size = 0
    for k, text in enumerate(texts):
        for off, line in split_lines(text):
            pieces = [
                (f.start() + sub, piece)
                for f in _FIELD.finditer(line)
                for sub, piece in (
                    [(0, f.group())] if f.end() - f.start() <= _BLOCK_CHARS
                    else chunks(f.group(), _BLOCK_CHARS)
                )
            ]  # fmt: skip
            for sub, piece in pieces:
                if block and size + len(piece) > _BLOCK_CHARS:
                    yield block
                    block, size = [], 0
                block.append((k, off + sub, piece))
                size += len(piece)
    if block:
        yield block


def recognise_line(line: str, words: list[Word], gaz: ZhGazetteer) -> list[Ent]:
    """The entities of one line (no line end inside) from its LAC words and the gazetteer."""
    spans: list[Ent] = []
    for w in words:
        kind = _LAC_TYPE.get(w.tag)
        if kind:
            conf = CONF["ner"] - (0.05 if kind == "Place" else 0)
            spans.append(Ent(w.start, w.end, line[w.start : w.end], kind, None, conf, "ner"))
    spans = zh_orgs.fix_orgs(line, words, spans)
    spans = _profile_name(line, spans)
    cleaned = [_clean(line, _fix_person(line, e)) for e in spans]
    kept = [e for e in cleaned if e is not None and _plausible(e)]
    return _overlay(line, kept, gaz)


def _plausible(e: Ent) -> bool:
    """The model's persons must look like names (``zh_names``); rules and gazetteer are
    trusted."""
    return e.type != "Person" or e.method != "ner" or plausible_person(e.text)


def _profile_name(line: str, spans: list[Ent]) -> list[Ent]:
    for m in _PROFILE.finditer(line):
        a, b = m.span(1)
        if any(e.type == "Person" and (e.start, e.end) == (a, b) for e in spans):
            continue
        spans = [e for e in spans if e.end <= a or e.start >= b]
        spans.append(Ent(a, b, line[a:b], "Person", None, CONF["pattern"] + 0.1, "pattern"))
    return spans


def _fix_person(line: str, e: Ent) -> Ent:
    """A title or honorific is not part of a name: "张明教授" -> "张明", "马先生" -> "马"."""
    if e.type != "Person":
        return e
    end = e.end
    for h in _HONORIFIC:
        if e.text.endswith(h) and 1 <= len(e.text) - len(h) <= 2:
            end = e.end - len(h)
            break
    else:
        for k in range(e.start + 2, e.end):
            if any(line.startswith(t, k) for t in _NAME_TITLES):
                end = k
                break
    if end == e.end:
        return e
    return Ent(e.start, end, line[e.start : end], "Person", None, e.confidence, e.method)


def _clean(line: str, e: Ent) -> Ent | None:
    """Spaces and social-media marks are no part of a name ("@美团", "#话题#"); links are no
    names."""
    a, b = e.start, e.end
    while a < b and (line[a] in "@#＠＃" or line[a].isspace()):
        a += 1
    while a < b and (line[b - 1] in "#＃:：" or line[b - 1].isspace()):
        b -= 1
    if b <= a or _URLISH.search(line, a, b) or "@" in line[a:b]:
        return None
    if (a, b) == (e.start, e.end):
        return e
    return Ent(a, b, line[a:b], e.type, e.iri, e.confidence, e.method, e.candidates)


def _overlay(line: str, spans: list[Ent], gaz: ZhGazetteer) -> list[Ent]:
    """Gazetteer names win, except inside a longer organisation; built-in places fill gaps."""
    out = list(spans)
    for h in gaz.find(line):
        linked = bool(h.iris)
        over = [e for e in out if e.start < h.end and h.start < e.end]
        inside_org = any(
            e.type == "Organization" and e.start <= h.start and h.end <= e.end
            and e.end - e.start > h.end - h.start and h.kind != "Person"
            for e in over
        )  # fmt: skip
        if inside_org or (over and not linked):
            continue  # a name inside a longer organisation; a built-in place under the model
        text = line[h.start : h.end]
        if len(h.iris) == 1:
            conf, iri = CONF["gazetteer"], h.iris[0]
        else:
            conf, iri = (CONF["gazetteer-ambiguous"] if linked else CONF["gazetteer-builtin"]), None
        ent = Ent(h.start, h.end, text, h.kind, iri, conf, "gazetteer", list(h.iris))
        out = [e for e in out if e not in over] + [ent]
    out.sort(key=lambda e: (e.start, e.end))
    return out


# --- the character-level gazetteer ----------------------------------------------------------


@dataclass(frozen=True)
class GazHit:
    start: int
    end: int
    kind: str
    iris: tuple[str, ...]  # every entity that has this name (empty: a built-in name)


class ZhGazetteer:
    """Names matched leftmost-longest at every character; Latin letters case-insensitively.

    Several entities with one name make one ambiguous entry (all their IRIs); when they are of
    several kinds, the first kind in ``KIND_PRIORITY`` wins.
    """

    def __init__(self, labels: Iterable[Label] = (), *, places: bool = True) -> None:
        kinds: dict[str, dict[str, set[str]]] = {}
        for lab in [*(builtin_places() if places else []), *labels]:
            text = " ".join(lab.text.split())
            if lab.kind not in TYPES or not _usable(text):
                continue
            text = text.translate(_ASCII_LOWER)
            entry = kinds.setdefault(text, {})
            entry.setdefault(lab.kind, set())
            if lab.iri:
                entry[lab.kind].add(lab.iri)
        self.names: dict[str, tuple[str, tuple[str, ...]]] = {}
        self.prefixes: set[str] = set()
        for text, entry in kinds.items():
            kind = next(k for k in KIND_PRIORITY if k in entry)
            self.names[text] = (kind, tuple(sorted(entry[kind])))
            self.prefixes.update(text[:i] for i in range(1, len(text)))

    def __len__(self) -> int:
        return len(self.names)

    def find(self, line: str) -> list[GazHit]:
        low = line.translate(_ASCII_LOWER) if _UPPER.search(line) else line
        names, prefixes = self.names, self.prefixes
        hits: list[GazHit] = []
        i, n = 0, len(low)
        while i < n:
            best, j = 0, i + 1
            while j <= n:
                piece = low[i:j]
                if piece in names:
                    best = j
                if piece not in prefixes:
                    break
                j += 1
            if best and _word_edges(low, i, best):
                kind, iris = names[low[i:best]]
                hits.append(GazHit(i, best, kind, iris))
                i = best
            else:
                i += 1
        return hits


def gazetteer(labels: Sequence[Label]) -> ZhGazetteer:
    """The gazetteer over ``labels`` (and the built-in places), cached per label set."""
    key = labels_key(labels)
    with _LOCK:
        gaz = _CACHE.get(key)
        if gaz is None:
            if len(_CACHE) > 4:
                _CACHE.clear()
            gaz = _CACHE[key] = ZhGazetteer(labels)
        return gaz


def _usable(text: str) -> bool:
    """Two CJK characters at least; a Latin name of three letters, or two in capitals."""
    if _CJK.search(text):
        return len(text) >= 2
    return len(text) >= 3 or (len(text) == 2 and text.isupper())


def _word_edges(text: str, a: int, b: int) -> bool:
    """A Latin or digit name must not start or end inside a Latin word ("ai" in "main")."""

    def word_char(c: str) -> bool:
        return c.isascii() and c.isalnum()

    if word_char(text[a]) and a > 0 and word_char(text[a - 1]):
        return False
    return not (word_char(text[b - 1]) and b < len(text) and word_char(text[b]))
