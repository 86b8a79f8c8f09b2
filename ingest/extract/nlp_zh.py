"""Chinese patterns over the jieba-tokenised doc (split out of ``ingest/extract/nlp.py``).

Run after the gazetteer; they never override a gazetteer Person or an exact gazetteer span.

1. Person + title: ``<surname><1-2 chars>`` right before a title (教授, 研究员, 院士, 高级工程师 …):
   the title fixes the name's end; its length (2 or 3 characters, 3-4 for compound surnames)
   follows jieba's token boundaries when they agree, else the surname list decides.
2. Person + context: a name followed by 团队, 课题组, 等人, 指出, 表示 … when jieba keeps the
   name as one token.
3. Institution suffix: a run of Chinese characters ending in 大学, 学院, 研究所, 研究院, 公司,
   集团, 中心, 实验室, 联盟, 协会, 局, 厅 … The left edge is the nearest stop character (的, 与,
   和, 、, punctuation …), a common verb before institutions (建设, 成立, 依托 …) or a person
   found in step 1-2. It swallows place and technology spans inside it (吉林省…中心).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ingest.extract import lexicon as lex
from ingest.extract.ents import CONF, Ent

_CJK = re.compile(r"[\u4e00-\u9fff]")
_TITLE_RE = re.compile("|".join(re.escape(t) for t in lex.ZH_TITLES))
_AFTER_RE = re.compile("|".join(re.escape(t) for t in lex.ZH_PERSON_AFTER))
_SUFFIX_RE = re.compile("|".join(re.escape(s) for s in lex.ZH_ORG_SUFFIXES))
_ONE_CHAR_BAD_BEFORE = {
    "部": set("东西南北中内外全局底顶上下前后腹干"),
    "所": set("场住处厕诊"),
    "局": set("格布结当大开残"),
    "厅": set("客大餐展"),
    "院": set("庭剧影住出"),
    "委": set("常编"),
    "厂": set("工"),
}
_VERBS = [
    "建设",
    "成立",
    "组建",
    "依托",
    "联合",
    "合作",
    "来自",
    "位于",
    "包括",
    "推动",
    "支持",
    "委托",
    "设立",
    "加入",
    "牵头",
    "携手",
    "入选",
    "获批",
    "认定",
    "授予",
    "发布",
    "指导",
    "主办",
    "承办",
    "参与",
    "面向",
    "服务",
    "建成",
    "投资",
    "收购",
    "落户",
    "入驻",
    "研发",
    "开发",
    "向",
    "供应",
    "提供",
    "就职于",
    "任职于",
    "工作于",
    "毕业于",
    "担任",
    "任",
    "现任",
    "从事",
    "同",
    "旗下",
    "下属",
    "所属",
    "隶属",
    "其中",
    "以及",
    "还有",
    "得到",
    "感谢",
    "调入",
    "调到",
    "设有",
    "获得",
    "受到",
    "加盟",
    "访问",
    "前往",
    "进入",
    "离开",
    "邀请",
    "联手",
    "资助",
    "批准",
]
_VERB_RE = re.compile("|".join(re.escape(v) for v in sorted(_VERBS, key=len, reverse=True)))
_MAX_ORG = 30


def _is_surname_at(text: str, i: int, n: int) -> bool:
    """Is text[i:i+n] a plausible Chinese name (surname first, all CJK)?"""
    name = text[i : i + n]
    if len(name) != n or not all(_CJK.match(c) for c in name):
        return False
    if any(c in lex.ZH_ORG_STOP for c in name):
        return False
    if name[:2] in lex.ZH_SURNAMES_2:
        return n in (3, 4)
    return name[0] in lex.ZH_SURNAMES_1 and n in (2, 3)


def _name_before(text: str, t: int, starts: set[int], lo: int) -> tuple[int, int] | None:
    """The most plausible name ending at ``t`` (exclusive), not starting before ``lo``."""
    options = [n for n in (4, 3, 2) if t - n >= lo and _is_surname_at(text, t - n, n)]
    if not options:
        return None
    aligned = [n for n in options if (t - n) in starts]
    if aligned:
        return t - aligned[0], t
    # jieba split the name oddly: prefer three characters (the most common length)
    return (t - 3, t) if 3 in options else (t - options[-1], t)


def apply_patterns(doc: Doc, ents: list[Ent]) -> list[Ent]:
    text = doc.text
    starts = {tok.idx for tok in doc}
    ends = {tok.idx + len(tok.text) for tok in doc}
    taken = [False] * (len(text) + 1)
    for e in ents:
        for i in range(e.start, e.end):
            taken[i] = True
    persons = [e for e in ents if e.type == "Person"]
    new: list[Ent] = []

    def free(a: int, b: int) -> bool:
        return not any(taken[a:b])

    def take(ent: Ent) -> None:
        new.append(ent)
        for i in range(ent.start, ent.end):
            taken[i] = True

    # 1. person + title, 2. person + context
    for regex, conf, need_token in ((_TITLE_RE, 0.85, False), (_AFTER_RE, 0.65, True)):
        for m in regex.finditer(text):
            t = m.start()
            if t in {p.end for p in persons + new}:
                continue  # a known name already ends here
            span = _name_before(text, t, starts, 0)
            if span is None:
                continue
            a, b = span
            if need_token and not (a in starts and b in ends):
                continue
            if (
                regex is _TITLE_RE
                and m.group() in ("专家", "老师", "先生", "女士")
                and a not in starts
            ):
                continue
            if free(a, b):
                take(Ent(a, b, text[a:b], "Person", None, conf, "pattern"))
    # 2b. jieba's part-of-speech tag "nr" (person name) as a weak extra signal
    import jieba.posseg as pseg

    pos = 0
    for w in pseg.cut(text):
        a, b = pos, pos + len(w.word)
        pos = b
        nr = w.flag == "nr" and 2 <= len(w.word) <= 3
        if nr and _is_surname_at(text, a, len(w.word)) and free(a, b):
            take(Ent(a, b, text[a:b], "Person", None, 0.55, "pattern"))
    person_spans = [(e.start, e.end) for e in persons + new]

    # 3. institution suffixes
    orgs: list[Ent] = []
    for m in _SUFFIX_RE.finditer(text):
        s, e = m.start(), m.end()
        suf = m.group()
        if len(suf) == 1:
            if e < len(text) and text[e] in lex.ZH_SUFFIX_BLOCKERS:
                continue
            if s > 0 and text[s - 1] in _ONE_CHAR_BAD_BEFORE.get(suf, ()):
                continue
        # extend to the right over a longer suffix chain is handled by later matches
        a = s
        while a > 0 and s - a < _MAX_ORG:
            c = text[a - 1]
            paren = c in "（）()"
            if c == "和" and "发展和改革" in text[max(0, a - 3) : a + 3]:
                a -= 1
                continue
            if not paren and (not (_CJK.match(c) or c.isalnum()) or c in lex.ZH_ORG_STOP):
                break
            if any(ps < a <= pe for ps, pe in person_spans) or any(
                pe == a for ps, pe in person_spans
            ):
                break
            a -= 1
        # cut after the last verb inside the candidate
        cand = text[a:s]
        last = None
        for vm in _VERB_RE.finditer(cand):
            last = vm
        if last is not None:
            a = a + last.end()
        depth = 0
        for i in range(a, s):
            if text[i] in "（(":
                depth += 1
            elif text[i] in "）)":
                depth -= 1
                if depth < 0:
                    a, depth = i + 1, 0
        if depth > 0:
            a = max(i for i in range(a, s) if text[i] in "（(") + 1
        while a < s and text[a] in lex.ZH_ORG_BAD_START:
            a += 1
        while a < s and text[a] in "（）()":
            a += 1
        core = s - a
        if core < (2 if len(suf) == 1 else 1) or (core < 2 and len(suf) < 2):
            continue
        if any(ps < e and a < pe for ps, pe in person_spans):
            continue
        orgs.append(Ent(a, e, text[a:e], "Organization", None, CONF["pattern"] + 0.05, "pattern"))
    # longest org per overlapping group; they replace contained non-person spans
    orgs.sort(key=lambda x: (x.start, -(x.end - x.start)))
    merged: list[Ent] = []
    for o in orgs:
        if merged and o.start < merged[-1].end:
            if o.end > merged[-1].end and o.start == merged[-1].start:
                merged[-1] = o
            elif o.end > merged[-1].end:
                last = merged[-1]
                merged[-1] = Ent(
                    last.start,
                    o.end,
                    text[last.start : o.end],
                    "Organization",
                    None,
                    last.confidence,
                    "pattern",
                )
            continue
        merged.append(o)
    all_ents = ents + new
    for o in merged:
        inside = [x for x in all_ents if x.start < o.end and o.start < x.end]
        if any(x.type == "Person" for x in inside):
            continue
        if any(x.start == o.start and x.end == o.end for x in inside):
            continue  # the gazetteer already has exactly this span
        if any(x.start < o.start or x.end > o.end for x in inside):
            continue  # crosses a gazetteer span: keep the gazetteer's reading
        all_ents = [x for x in all_ents if x not in inside] + [o]
    all_ents.sort(key=lambda x: x.start)
    return all_ents
