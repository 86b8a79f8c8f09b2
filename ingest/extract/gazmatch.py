"""The gazetteer-only pipeline's answer at the speed of a dictionary lookup.

``FastGazetteer(lang, groups)`` gives, for a text, the same ``Ent`` list as
``build_pipeline(lang, labels, ner=False)`` (``ikg_gazetteer`` with the built-in places, then
``labels``; spaCy's EntityRuler), without building any spaCy matcher: the patterns sit in a dict
keyed by their text without spaces, each run of the text's tokens is looked up there, and a
candidate pattern is tokenized (once, lazily) with the pipeline's own tokenizer to confirm the
match token by token, case-blind (spaCy's ``LOWER``) or, for acronyms, case kept (``ORTH``).
Overlaps are settled as the EntityRuler settles them: longest first, then leftmost, then
spaCy's order of equal spans. Building it costs a dict over the patterns; the English
tokenizer is spaCy's blank English one, the Chinese one is a private jieba tokenizer that knows
every Chinese gazetteer name, as in the spaCy pipeline.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import spacy
from spacy.attrs import IDX, LENGTH
from spacy.strings import hash_string
from spacy.util import get_words_and_spaces

from ingest.extract.ents import CONF, Ent, Label, builtin_places
from ingest.extract.gazpatterns import GAZ_PREFIX, GazPattern, gazetteer_patterns
from ingest.extract.jieba_tok import add_jieba_words, new_jieba_tokenizer

_ENT_ID_SEP = "||"  # spaCy's EntityRuler joins label and id with it (the match key)
_LOCK = threading.Lock()
_ZH_TOKENIZERS: dict[str, Any] = {}
Token = tuple[str, int]  # text, character offset


@functools.cache
def _en_tokenizer() -> Any:
    return spacy.blank("en").tokenizer


def _zh_tokenizer(words: list[str]) -> Any:
    """A jieba tokenizer that knows ``words`` (kept per word set in this process)."""
    key = hashlib.sha256("\x1f".join(sorted(set(words))).encode()).hexdigest()
    with _LOCK:
        tok = _ZH_TOKENIZERS.get(key)
        if tok is None:
            tok = new_jieba_tokenizer()
            add_jieba_words(tok, set(), words)
            if len(_ZH_TOKENIZERS) > 2:
                _ZH_TOKENIZERS.clear()
            _ZH_TOKENIZERS[key] = tok
    return tok


def _squash(text: str) -> str:
    return "".join(text.split())


class FastGazetteer:
    """Gazetteer matches of one language over pattern groups (added in order, like
    ``Gazetteer.add_labels`` calls: the built-in places first)."""

    def __init__(
        self, lang: str, groups: Iterable[list[GazPattern]], tokenizer: Any = None
    ) -> None:
        """``tokenizer``: the English pipeline's own (patterns are tokenized with it, as the
        EntityRuler does), default spaCy's blank English one."""
        self.lang = lang
        self._en_tok = tokenizer
        self.phrase: dict[str, list[GazPattern]] = defaultdict(list)
        self.acronym: dict[str, list[GazPattern]] = defaultdict(list)
        words: list[str] = []
        longest = 0
        for group in groups:
            for p in group:
                key = _squash(p.text)
                if p.acronym:
                    self.acronym[key].append(p)
                else:
                    self.phrase[key.lower()].append(p)
                    words.append(p.text)
                longest = max(longest, len(key))
        self.longest = longest
        self._phrase_keys = sorted(self.phrase)
        self._acronym_keys = sorted(self.acronym)
        self._words = words
        self._tok: Any = None
        self._pattern_tokens: dict[str, tuple[str, ...]] = {}

    @classmethod
    def for_labels(cls, lang: str, labels: Iterable[Label]) -> FastGazetteer:
        """What ``build_pipeline(lang, labels, ner=False)`` matches."""
        return cls(lang, [builtin_patterns(lang), gazetteer_patterns(labels, lang)])

    def tokens(self, text: str) -> list[Token]:
        """The pipeline tokenizer's tokens of ``text`` with their character offsets."""
        if self.lang != "zh":
            doc = (self._en_tok or _en_tokenizer())(text)
            if not len(doc):
                return []
            return [(text[a : a + n], a) for a, n in doc.to_array([IDX, LENGTH]).tolist()]
        if self._tok is None:
            self._tok = _zh_tokenizer(self._words)
        words = [w for w in self._tok.cut(text, cut_all=False) if w]
        words, spaces = get_words_and_spaces(words, text)
        out, pos = [], 0
        for w, sp in zip(words, spaces, strict=True):
            out.append((w, pos))
            pos += len(w) + (1 if sp else 0)
        return out

    def _pattern_key(self, p: GazPattern) -> tuple[str, ...]:
        got = self._pattern_tokens.get(p.text)
        if got is None:
            got = tuple(t for t, _ in self.tokens(p.text))
            self._pattern_tokens[p.text] = got
        return got if p.acronym else tuple(t.lower() for t in got)

    def matches(self, toks: list[Token]) -> list[tuple[int, int, int, GazPattern]]:
        """(match key, start token, end token, pattern) of every pattern found."""
        token_hits: list[tuple[int, int, int, GazPattern]] = []
        phrase_hits: list[tuple[int, int, int, GazPattern]] = []
        orth = [t for t, _ in toks]
        lower = [t.lower() for t in orth]
        sq_orth = [_squash(t) for t in orth]
        sq_lower = [t.lower() for t in sq_orth]
        for i in range(len(toks)):
            exact = folded = ""
            live_exact = live_folded = True
            for j in range(i, len(toks)):
                exact += sq_orth[j]
                folded += sq_lower[j]
                if len(folded) > self.longest:
                    break
                live_exact = live_exact and _has_prefix(self._acronym_keys, exact)
                live_folded = live_folded and _has_prefix(self._phrase_keys, folded)
                if not (live_exact or live_folded):
                    break
                if live_exact and exact in self.acronym:
                    run = tuple(orth[i : j + 1])
                    token_hits += [
                        (_match_key(p), i, j + 1, p)
                        for p in self.acronym[exact]
                        if self._pattern_key(p) == run
                    ]
                if live_folded and folded in self.phrase:
                    run = tuple(lower[i : j + 1])
                    hits = [p for p in self.phrase[folded] if self._pattern_key(p) == run]
                    phrase_hits += _terminal_order(hits, i, j + 1)
        token_hits.sort(key=lambda h: (h[2], h[1]))
        return token_hits + phrase_hits

    def spans(
        self, toks: list[Token], blocked: Callable[[int, int], bool] | None = None
    ) -> list[tuple[int, int, GazPattern]]:
        """(start token, end token, pattern) the EntityRuler keeps, in text order: longest
        first, then leftmost; ``blocked(a, b)``: tokens a..b already in an entity that must
        stay (the ruler's ``overwrite_ents=False``)."""
        found = self.matches(toks)
        by_key = {(k, a, b): p for k, a, b, p in found}
        final = sorted({(k, a, b) for k, a, b, _ in found if a != b},
                       key=lambda m: (m[2] - m[1], -m[1]), reverse=True)  # fmt: skip
        seen: set[int] = set()
        spans: list[tuple[int, int, GazPattern]] = []
        for k, a, b in final:
            if blocked is not None and blocked(a, b):
                continue
            if a not in seen and b - 1 not in seen:
                spans.append((a, b, by_key[(k, a, b)]))
                seen.update(range(a, b))
        spans.sort(key=lambda s: s[0])
        return spans

    def ents(self, text: str) -> list[Ent]:
        """The gazetteer pipeline's ``doc._.ikg_ents`` for ``text``."""
        toks = self.tokens(text)
        return [_ent(text, toks, a, b, p) for a, b, p in self.spans(toks)]


def _has_prefix(keys: list[str], prefix: str) -> bool:
    """Whether a key of the sorted ``keys`` starts with ``prefix``."""
    i = bisect.bisect_left(keys, prefix)
    return i < len(keys) and keys[i].startswith(prefix)


def _terminal_order(
    hits: list[GazPattern], start: int, end: int
) -> list[tuple[int, int, int, GazPattern]]:
    """Patterns with one token sequence, in the order spaCy's PhraseMatcher reports them: the
    cells of its preshed hash map (8 cells, doubled at 3/5 full, linear probing), filled in the
    order the patterns were added. The EntityRuler's tie between equal spans depends on it."""
    if len(hits) < 2:
        return [(_match_key(p), start, end, p) for p in hits]
    by_key: dict[int, GazPattern] = {}
    cells: list[int | None] = [None] * 8
    filled = 0
    for p in hits:
        key = _match_key(p)
        by_key.setdefault(key, p)
        filled += _cell_put(cells, key)
        if (filled + 1) * 5 >= len(cells) * 3:
            old, cells = cells, [None] * (len(cells) * 2)
            filled = sum(_cell_put(cells, k) for k in old if k is not None)
    return [(k, start, end, by_key[k]) for k in cells if k is not None]


def _cell_put(cells: list[int | None], key: int) -> int:
    """Insert ``key`` (open addressing as preshed does); 1 if it took a new cell."""
    size = len(cells)
    i = key & (size - 1)
    while cells[i] is not None and cells[i] != key:
        i = (i + 1) & (size - 1)
    new = cells[i] is None
    cells[i] = key
    return 1 if new else 0


def _match_key(p: GazPattern) -> int:
    return hash_string(f"{p.kind}{_ENT_ID_SEP}{p.pid}")


def _ent(text: str, toks: list[Token], a: int, b: int, p: GazPattern) -> Ent:
    start = toks[a][1]
    end = toks[b - 1][1] + len(toks[b - 1][0])
    iris = p.pid[len(GAZ_PREFIX) :].split()
    if len(iris) == 1:
        return Ent(start, end, text[start:end], p.kind, iris[0], CONF["gazetteer"], "gazetteer",
                   iris)  # fmt: skip
    conf = CONF["gazetteer-ambiguous"] if iris else CONF["gazetteer-builtin"]
    return Ent(start, end, text[start:end], p.kind, None, conf, "gazetteer", iris)


@functools.cache
def builtin_patterns(lang: str) -> list[GazPattern]:
    return gazetteer_patterns(builtin_places(), lang)
