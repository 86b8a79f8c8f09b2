"""Relations between entity mentions of one sentence, by documented surface patterns.

Each pattern looks at two entity spans of the same sentence and the text between them (or a
cue around them) and yields a ``Fact`` with a confidence and the pattern's name, which becomes
``ikg:method "pattern:<name>"`` on the reified fact. Patterns (en / zh):

* ``affiliation`` Person -> Organization (``org:memberOf``): "Wei Li of Jilin University",
  "Wei Li (Jilin University)", "Wei Li, a professor at X", "X's Wei Li", "X professor Wei Li";
  "吉林大学李伟教授", "吉林大学的李伟", "李伟（吉林大学）", "来自X的李伟", "X教授李伟". 0.85 adjacent,
  0.7 with a cue word ("works at", "任职于").
* ``expertise`` Person -> Technology (``ikg:hasExpertise``): person, then a research cue ("works
  on", "specialises in", "从事", "致力于", "研究方向为" …), then the technologies after it. 0.75.
* ``works_on`` Organization -> Technology (``ikg:worksOn``): organisation, then an activity cue
  ("develops", "operates", "研发", "建成", "示范" …) with no person in between. 0.7.
* ``related_industry`` Technology -> Industry (``ikg:relatedIndustry``): "X is used in the Y
  industry", "X应用于Y". 0.6.
* chain (``ikg:inputOf``, ``ikg:upstreamOf``, ``ikg:supplies``): "X is a (main) raw material /
  feedstock of Y", "Y is made from X", "以X为原料生产Y", "X是Y的原料", "X is upstream of Y",
  "X位于Y的上游/下游", "X supplies Y", "X向Y供应Z". 0.7. Chain ends that are technologies become
  products (see ``ingest/extract/stage.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.extract.ents import Ent
from kg import vocab


@dataclass
class Fact:
    subject: Ent
    predicate: str  # "memberOf" | "hasExpertise" | "worksOn" | "relatedIndustry" | chain names
    object: Ent
    confidence: float
    pattern: str

    @property
    def span(self) -> tuple[int, int]:
        return min(self.subject.start, self.object.start), max(self.subject.end, self.object.end)


PREDICATES = {
    "memberOf": vocab.MEMBER_OF,
    "hasExpertise": vocab.HAS_EXPERTISE,
    "worksOn": vocab.WORKS_ON,
    "relatedIndustry": vocab.RELATED_INDUSTRY,
    "inputOf": vocab.INPUT_OF,
    "upstreamOf": vocab.UPSTREAM_OF,
    "supplies": vocab.SUPPLIES,
}
CHAIN = {"inputOf", "upstreamOf", "supplies"}

_TITLES_EN = (
    r"(?:professor|prof\.?|associate professor|dr\.?|researcher|research fellow|engineer|"
    r"senior engineer|director|chief engineer|academician|president|dean|scientist|chair)"
)
_AFF_EN_TIGHT = re.compile(
    rf"^\s*(?:,|\(|of|from|at|of the|at the|\(the)?\s*(?:,?\s*(?:a|an|the)?\s*{_TITLES_EN}"
    r"(?:\s+\w+){0,3}\s+(?:at|of|in|with)\s+(?:the\s+)?)?$",
    re.I,
)
_AFF_EN_CUE = re.compile(
    r"\b(?:works? (?:at|for)|based at|affiliated with|joined|heads|leads|of|at|from)\b", re.I
)
_AFF_EN_REV = re.compile(rf"^\s*(?:'s)?\s*(?:{_TITLES_EN}\s*)*$", re.I)
_AFF_ZH_REV = re.compile(
    r"^(?:的)?(?:(?:副|助理|特聘)?(?:教授|研究员|院士|高级工程师|工程师|博士|主任|所长|院长|"
    r"总工程师|首席科学家|专家|董事长|总经理|博士生导师))*$"
)
_AFF_ZH_FWD = re.compile(r"^[（(]$|^，(?:现任|任|就职于|任职于)?$|^(?:就职于|任职于|工作于|来自)$")
_AFF_ZH_FROM = re.compile(r"来自$")

_EXP_EN = re.compile(
    r"\b(?:works? on|working on|worked on|research(?:es|ed)? on|research into|focus(?:es|ed)? on|"
    r"speciali[sz](?:es|ed|ing) in|expert in|expertise in|studies|studied|develop(?:s|ed)|"
    r"pioneer(?:s|ed)|leads? research on|is known for|investigat(?:es|ed)|has worked on)\b",
    re.I,
)
_EXP_ZH = re.compile(
    r"从事|致力于|专注于|研究方向(?:为|是|包括)|主要研究|长期研究|擅长|研究领域(?:为|是|包括)|"
    r"主攻|开展了?|研发了?|攻克了?|突破了?|负责"
)
_WORK_EN = re.compile(
    r"\b(?:develops?|developed|produces?|produced|operates?|operated|runs?|built|builds|"
    r"commerciali[sz]ed|commerciali[sz]es|deploys?|deployed|uses|used|applies|applied|"
    r"invest(?:s|ed) in|works? on|focus(?:es|ed)? on|speciali[sz]es in|leads in|launched|"
    r"research(?:es)? on|is a leader in|pilots?|piloted|scaled up|manufactures?)\b",
    re.I,
)
_WORK_ZH = re.compile(
    r"建设|建成|研发|开发|生产|从事|开展|掌握|拥有|突破|攻克|布局|投产|示范|应用|采用|推广|"
    r"聚焦|专注于|致力于|形成了?|实现了?|运营|承担"
)
_IND_EN = re.compile(
    r"\b(?:used in|applied in|applied to|serves?|for the|in the|belongs? to|supports?)\b", re.I
)
_IND_ZH = re.compile(r"应用于|用于|服务于|属于|面向|支撑|带动|推动")

_INPUT_EN = re.compile(
    r"^\s*(?:is|are|serves? as|remains?|becomes?)\s+(?:a|an|the)?\s*(?:main|key|major|primary|"
    r"important|principal|cheap|abundant)?\s*(?:raw materials?|feedstocks?|inputs?)\s+"
    r"(?:of|for)\s*(?:the\s+)?(?:production of\s+)?$",
    re.I,
)
_MADE_FROM_EN = re.compile(
    r"^\s*(?:is|are)?\s*(?:made|produced|derived|manufactured)\s+(?:mainly\s+)?from\s*$", re.I
)
_UP_EN = re.compile(
    r"^\s*(?:is|are|sits?|lies?)\s+(?:directly\s+)?upstream\s+(?:of|from)\s*$", re.I
)
_DOWN_EN = re.compile(
    r"^\s*(?:is|are|sits?|lies?)\s+(?:directly\s+)?downstream\s+(?:of|from)\s*$", re.I
)
_SUPPLY_EN = re.compile(
    r"^\s*(?:supplies|supplied|provides|provided|delivers|delivered)\s*(?:to)?\s*$", re.I
)
_INPUT_ZH = re.compile(r"^(?:是|为|作为)$")
_INPUT_ZH_AFTER = re.compile(r"^的(?:主要|重要|核心|关键)?(?:原料|原材料|生产原料)")
_UP_ZH_AFTER = re.compile(r"^的(?:上游)")
_DOWN_ZH_AFTER = re.compile(r"^的(?:下游)")
_UPDOWN_ZH_MID = re.compile(r"^(?:是|为|位于|处于|属于)$")
_YI_ZH = re.compile(r"以$")
_WEI_YUANLIAO = re.compile(r"^为(?:主要)?原料(?:，)?(?:生产|制备|制取|制造|发酵生产)?$")
_SUPPLY_ZH = re.compile(r"^(?:向|为)$")
_SUPPLY_ZH2 = re.compile(r"^(?:供应|提供|供给|输送)$")


def _between(text: str, a: Ent, b: Ent, base: int) -> str:
    return text[a.end - base : b.start - base]


def sentence_facts(sent: str, base: int, ents: list[Ent], lang: str) -> list[Fact]:
    """Facts in one sentence. ``base`` is the sentence's offset in the document; entity
    offsets are document offsets."""
    ents = sorted(ents, key=lambda e: e.start)
    out: list[Fact] = []
    persons = [e for e in ents if e.type == "Person"]
    orgs = [e for e in ents if e.type == "Organization"]
    techs = [e for e in ents if e.type == "Technology"]
    inds = [e for e in ents if e.type == "Industry"]
    chainish = [e for e in ents if e.type in ("Technology", "Product", "Organization")]
    zh = lang == "zh"

    # affiliation
    for p in persons:
        best: tuple[float, Ent] | None = None
        for o in orgs:
            if o.end <= p.start:
                gap = sent[o.end - base : p.start - base]
                ok = _AFF_ZH_REV.match(gap) if zh else _AFF_EN_REV.match(gap)
                if ok and len(gap) <= 20:
                    conf = 0.85
                elif zh and _AFF_ZH_FROM.search(sent[: o.start - base]) and gap == "的":
                    conf = 0.8
                else:
                    continue
            else:
                gap = _between(sent, p, o, base)
                if o.start < p.end:
                    continue
                if zh:
                    if not _AFF_ZH_FWD.match(gap):
                        continue
                    conf = 0.8
                elif _AFF_EN_TIGHT.match(gap):
                    conf = 0.85
                elif (
                    len(gap) <= 40
                    and _AFF_EN_CUE.search(gap)
                    and not any(p.end <= q.start < o.start for q in persons)
                ):
                    conf = 0.7
                else:
                    continue
            dist = abs(o.start - p.end) if o.start >= p.end else abs(p.start - o.end)
            score = conf - dist / 10000
            if best is None or score > best[0]:
                best = (score, o)
        if best is not None:
            out.append(Fact(p, "memberOf", best[1], round(best[0], 2), "affiliation"))

    # expertise / works on
    cue_exp = _EXP_ZH if zh else _EXP_EN
    cue_work = _WORK_ZH if zh else _WORK_EN
    for t in techs:
        before = sent[: t.start - base]
        for p in persons:
            if p.end > t.start:
                continue
            m = cue_exp.search(before, p.end - base)
            if m and not any(p.end <= q.start < m.start() + base for q in persons):
                out.append(Fact(p, "hasExpertise", t, 0.75, "expertise"))
        for o in orgs:
            if o.end > t.start:
                continue
            m = cue_work.search(before, o.end - base)
            if not m:
                continue
            if any(o.end <= q.start < m.start() + base for q in persons + orgs if q is not o):
                continue
            out.append(Fact(o, "worksOn", t, 0.7, "works_on"))
        for i in inds:
            if i.start < t.end:
                continue
            gap = _between(sent, t, i, base)
            if len(gap) <= 60 and (_IND_ZH if zh else _IND_EN).search(gap):
                out.append(Fact(t, "relatedIndustry", i, 0.6, "related_industry"))

    # chain relations between consecutive chain-capable spans
    for a, b in zip(chainish, chainish[1:], strict=False):
        gap = _between(sent, a, b, base)
        after = sent[b.end - base :]
        before = sent[: a.start - base]
        if zh:
            if _INPUT_ZH.match(gap) and _INPUT_ZH_AFTER.match(after):
                out.append(Fact(a, "inputOf", b, 0.7, "chain_raw_material"))
            elif _UPDOWN_ZH_MID.match(gap) and _UP_ZH_AFTER.match(after):
                out.append(Fact(a, "upstreamOf", b, 0.7, "chain_upstream"))
            elif _UPDOWN_ZH_MID.match(gap) and _DOWN_ZH_AFTER.match(after):
                out.append(Fact(b, "upstreamOf", a, 0.7, "chain_downstream"))
            elif _YI_ZH.search(before) and _WEI_YUANLIAO.match(gap):
                out.append(Fact(a, "inputOf", b, 0.7, "chain_raw_material"))
            elif (
                a.type == "Organization"
                and _SUPPLY_ZH2.match(gap)
                or (
                    a.type == "Organization"
                    and _SUPPLY_ZH.match(gap)
                    and re.match(r"^(?:供应|提供|供给)", after)
                )
            ):
                out.append(Fact(a, "supplies", b, 0.65, "chain_supplies"))
        else:
            if _INPUT_EN.match(gap):
                out.append(Fact(a, "inputOf", b, 0.7, "chain_raw_material"))
            elif _MADE_FROM_EN.match(gap):
                out.append(Fact(b, "inputOf", a, 0.7, "chain_made_from"))
            elif _UP_EN.match(gap):
                out.append(Fact(a, "upstreamOf", b, 0.7, "chain_upstream"))
            elif _DOWN_EN.match(gap):
                out.append(Fact(b, "upstreamOf", a, 0.7, "chain_downstream"))
            elif a.type == "Organization" and _SUPPLY_EN.match(gap):
                out.append(Fact(a, "supplies", b, 0.65, "chain_supplies"))
    return out


_NP_STOP_EN = {
    "the",
    "a",
    "an",
    "and",
    "or",
    "of",
    "in",
    "for",
    "to",
    "with",
    "is",
    "are",
    "as",
    "on",
    "by",
    "from",
    "that",
    "which",
    "its",
    "their",
    "this",
    "these",
    "at",
}
_CHAIN_CUE_EN = re.compile(
    r"\s+(?:is|are)\s+(?:a|an|the)?\s*(?:main|key|major|primary|important|principal|cheap|"
    r"abundant)?\s*(?:raw materials?|feedstocks?|inputs?)\s+(?:of|for)\s+(?:the\s+)?"
    r"(?:production of\s+)?|\s+(?:is|are)\s+(?:directly\s+)?(?:upstream|downstream)\s+(?:of|from)\s+",
    re.I,
)
_CHAIN_CUE_ZH = re.compile(
    r"(是|为|作为|位于|处于)([\u4e00-\u9fff]{2,10}?)的(?:主要|重要|核心|关键)?"
    r"(?:原料|原材料|生产原料|上游|下游)"
)
_ZH_NP_STOP = set("，。；：、的了在与和及或由对从向为是被把将于以等（）()“”《》 \n")


def chain_spans(sent: str, base: int, ents: list[Ent], lang: str) -> list[Ent]:
    """Product spans for the two ends of a chain cue when no entity covers them."""
    out: list[Ent] = []

    def add(a: int, b: int) -> None:
        text = sent[a:b].strip()
        if not text or len(text) > 40:
            return
        a = a + sent[a:b].index(text)
        b = a + len(text)
        s, e = a + base, b + base
        if any(x.start < e and s < x.end for x in ents + out):
            return
        out.append(Ent(s, e, text, "Product", None, 0.6, "pattern"))

    if lang == "zh":
        for m in _CHAIN_CUE_ZH.finditer(sent):
            a = m.start()
            while a > 0 and m.start() - a < 10 and sent[a - 1] not in _ZH_NP_STOP:
                a -= 1
            if m.start() - a >= 2:
                add(a, m.start())
            add(m.start(2), m.end(2))
        return out
    for m in _CHAIN_CUE_EN.finditer(sent):
        left = sent[: m.start()].split()
        words: list[str] = []
        for w in reversed(left[-4:]):
            if w.lower() in _NP_STOP_EN or not re.match(r"^[A-Za-z][\w\-]*$", w):
                break
            words.insert(0, w)
        if words:
            phrase = " ".join(words)
            add(m.start() - len(phrase), m.start())
        right = sent[m.end() :].split()
        words = []
        for w in right[:4]:
            w2 = w.rstrip(".,;:")
            if w2.lower() in _NP_STOP_EN or not re.match(r"^[A-Za-z][\w\-]*$", w2):
                break
            words.append(w2)
            if w2 != w:
                break
        if words:
            phrase = " ".join(words)
            add(m.end(), m.end() + len(phrase))
    return out
