"""Organisation rules over LAC's words for one line (``nlp_zh`` runs them after LAC).

LAC finds most organisation names but cuts some short, glues a department or a title onto a
company, or leaves a name untagged. Each rule reads the line and LAC's words (with their
part-of-speech tags) and is about names in general, never about one name.
"""

from __future__ import annotations

import re

from ingest.extract import lexicon as lex
from ingest.extract.ents import CONF, Ent
from ingest.extract.lac_zh import Word

# a company's own suffix, possibly after a bracketed place/alias: "（香港）有限公司"
_COMPANY_TAIL = re.compile(
    r"(?:[（(][^（）()]{1,8}[）)])?[0-9A-Za-z]*"
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|部队|分公司|子公司|分行|支行)"
)
# an institution's end, after which a department may follow ("…有限公司" + "资产财务部")
_INST_END = (
    "股份有限公司|有限责任公司|有限公司|公司|集团|银行|出版社|电视台|报社|杂志社|设计院|研究院"
    "|研究所|事务所|医院|厂|局|委员会|协会|学会|总会|工会|站"
)
_DEPT_TAIL = re.compile(
    rf"^(.*(?:{_INST_END}))([^，、；。]{{1,14}}(?:部|室|科|处|办|党委|中心|车间|党支部|工作站))$"
)
# a company's department by what it does ("财务部", "证券科", "企管部", "财务管理中心")
_DEPT_FUNC = re.compile(
    r"(财务|证券|企管|企业管理|人事|人力资源|行政|销售|市场|营销|采购|审计|投资|经营|技术|研发"
    r"|办公|生产|质管|质检|质量|计划|法务|风控|战略|国际业务|业务|资产)"
    r"[^，、；。]{0,4}(部|科|处|室|中心)$"
)
_NO_DEPT_CUT = re.compile(r"(大学|学院|学校)")
_ACADEMIC_END = re.compile(r"(大学|学院|科学院|研究院|医学院)$")
_ACADEMIC_UNIT = re.compile(
    r"([^，、；。：（）() ]{1,10}?)(系|学院|研究所|研究院|研究中心|实验室|附属医院|医院|分院)"
)
# titles LAC glues onto an organisation ("…纺织站总会计师")
_TITLES = sorted(
    ["总会计师", "会计师", "会计", "总经理", "副总经理", "经理", "主任", "副主任", "董事长",
     "董事", "监事", "总监", "主管", "科长", "处长", "部长", "厂长", "秘书", "书记", "副书记",
     "工程师", "总工程师", "高级工程师", "代表", "委员", "职员", "顾问", "所长", "院长", "主席"],
    key=len, reverse=True,
)  # fmt: skip
_STOP = set("的了在与和及或由对从向为是被把将于以等任")
# posts a résumé lists after a company ("公司副总经理", "公司业务部副经理")
_POSTS = ("董事", "独立董事", "监事", "总裁", "副总裁", "总经理", "副总经理", "董事长", "副董事长",
          "财务总监", "总会计师", "总工程师", "董事会秘书", "党委书记")  # fmt: skip
_DEPT_POST = re.compile(r"[^，、；。]{1,8}(部|室|处|科)(副?经理|副?部长|副?主任|副?处长|副?科长)")
# a company department by what it does, then a post ("采购部经理", "秘书处副主任")
_FUNC_DEPT_POST = re.compile(
    r"(财务|证券|企管|人事|人力资源|行政|销售|市场|营销|采购|审计|投资|经营|研发|质管|质检|计划"
    r"|法务|风控|秘书)[^，、；。]{0,3}(部|处|科|室)(副?经理|副?部长|副?主任|副?处长|副?科长)"
)
_FUNC_END = re.compile(r"(财务|证券|人事|行政|销售|市场|营销|采购|审计|法务)$")
_POST_AHEAD = re.compile(r"(高级|资深|首席|副)?(" + "|".join(_TITLES + list(_POSTS)) + ")")
# a company name LAC cut before its trade word ("横琴国际" + "融资租赁" + "董事长")
_INDUSTRY_TAIL = re.compile(
    r"(融资租赁|投资|证券|科技|电力|能源|控股|实业|置业|地产|传媒|药业|电气|电子|租赁|基金|保险"
    r"|信托|物流|贸易|化工)(?=[，、；。,;]|$|" + "|".join(_TITLES + list(_POSTS)) + ")"
)
_PROPER = {"LOC", "ORG", "nz", "nw", "ns", "nt"}
_BRACKETS = {"（", "）", "(", ")"}
_NOUNISH = {"n", "nz", "nw", "ns", "nt", "vn", "an", "j", "LOC", "ORG", "f"}
# a country before a company stays a place of its own ("美国" + "微软公司"); a province or
# city before a company name is part of it ("浙江" + "万丰奥威汽轮股份有限公司")
_COUNTRIES = set(lex.PLACES_ZH[: lex.PLACES_ZH.index("北京")])
_BRACKETED = re.compile(r"[（(][^（）()]{1,8}[）)]")
_OWN = {"公司", "本公司", "集团公司", "本集团", "有限公司"}
_OWN_BEFORE = ("任", "现任", "担任", "出任", "兼任", "历任", "曾任", "受聘为", "任职于", "就职于")
_VERB_HEADS = ("任职", "就职", "供职", "入职", "任教", "执教", "调任", "现任", "曾任", "历任")
# a periodical or a programme: "《美术大观》杂志", "西安电视台《证券天地》栏目"
_TITLE_MARKS = re.compile(r"《[^《》\n]{1,40}》")
_ORGAN_OF = re.compile(r"(?:期刊|杂志|刊物)?(?=《)")
_PERIODICAL = re.compile(r"(?:杂志社|杂志|期刊|周刊|月刊|日报|晚报|报社|报|栏目|节目)")
# an abbreviation in brackets after a name: "注册国际投资分析师协会（ACIIA）"
_ACRONYM = re.compile(r"[（(]([A-Z][A-Za-z&]{1,11})[）)]")
# a company's short name ending in 有限 ("惠博普有限董事"), not "有限公司" / "有限责任"
_LIMITED = re.compile(r"有限(?!公司|责任|合伙|的|元|期|度|性|资|额)")
# an organisation that only names an honour ("市工会积极工作者", "享受国务院特殊津贴") is no
# affiliation
_AWARD_AHEAD = re.compile(
    r"(?:积极工作者|优秀|先进|劳动模范|特殊津贴|特殊贡献|第[一二三四五六七八九十\d]{1,3}届"
    r"|科学技术进步|科技进步|颁发)"
)
_SUFFIX_WORD = re.compile(
    r"(股份有限公司|有限责任公司|有限公司|公司|集团|银行|大学|学院|研究所|研究院|医院|出版社"
    r"|电视台|协会|学会|委员会|事务所|实验室|[厂站])$"
)


def _ent(line: str, a: int, b: int, method: str = "pattern") -> Ent:
    conf = CONF["ner"] if method == "ner" else CONF["pattern"]
    return Ent(a, b, line[a:b], "Organization", None, conf, method)


def fix_orgs(line: str, words: list[Word], spans: list[Ent]) -> list[Ent]:
    """``spans`` (LAC's names on this line) with the organisations corrected and completed."""
    out: list[Ent] = []
    for e in [_company_before_post(line, x) for x in spans]:
        if e.type != "Organization":
            out.append(e)
            continue
        if line.startswith(("党员", "团员", "盟员"), e.end):
            continue  # "中共党员": a party membership, not the party as an actor
        a, b = _trim(line, e.start, e.end)
        m = _COMPANY_TAIL.match(line, b)
        b = m.end() if m else b
        m = _INDUSTRY_TAIL.match(line, b)
        b = m.end(1) if m else b
        b = _academic(line, words, a, b)
        if not _NO_DEPT_CUT.search(line, a, b):
            cut = _department_cut(line, a, b)
            if cut is None:
                continue  # only a department ("人力资源部")
            b = cut
        if b > a and _balanced(line[a:b]):
            out.append(_ent(line, a, b, e.method))
    out = _merge(line, out)
    out = _publications(line, out)
    out += _acronyms(line, out)
    out += _short_limited(line, words, out)
    out = [e for e in out if e.type != "Organization" or not _AWARD_AHEAD.match(line, e.end)]
    out += _own(line, words, out)
    out += _brand_trade(line, words, out)
    out = _suffix(line, words, out)
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _company_before_post(line: str, e: Ent) -> Ent:
    """A "person" followed by a company suffix, or by a department and a post, is a company
    ("任欣旺达" + "采购部经理"); a glued "任" (took up the post at) is cut off."""
    if e.type != "Person":
        return e
    tail = _COMPANY_TAIL.match(line, e.end)
    if tail:  # "妮维雅（上海）公司", "李宁公司": a company named like a person
        return _ent(line, e.start, tail.end(), "ner")
    if not _FUNC_DEPT_POST.match(line, e.end):
        return e
    a = e.start + 1 if line.startswith("任", e.start) and e.end - e.start >= 3 else e.start
    return _ent(line, a, e.end, "ner")


def _department_cut(line: str, a: int, b: int) -> int | None:
    """Where the institution ends when a department follows it (``b``: nothing to cut; None:
    the span is a department alone and no organisation)."""
    m = _DEPT_TAIL.match(line[a:b])
    if m:
        return a + len(m.group(1))
    m = _DEPT_FUNC.search(line, a, b)
    if m and m.start() - a >= 2:
        return m.start()
    f = _FUNC_END.search(line, a, b)
    if f and f.start() - a >= 2 and _POST_AHEAD.match(line, b):
        return f.start()  # "华夏幸福财务" + "高级经理": the department has no suffix
    if m and m.start() == a:
        return None
    return b


def _balanced(text: str) -> bool:
    depth = 0
    for c in text:
        depth += 1 if c in "（(" else -1 if c in "）)" else 0
        if depth < 0:
            return False
    return depth == 0


def _trim(line: str, a: int, b: int) -> tuple[int, int]:
    if a > 0 and line[a - 1 : a + 1] in _VERB_HEADS:
        a += 1
    for t in _TITLES:
        if line.endswith(t, a, b) and b - a - len(t) >= 2:
            b -= len(t)
            break
    return a, b


def _academic(line: str, words: list[Word], a: int, b: int) -> int:
    """A university's school, department or institute after its name belongs to it."""
    while _ACADEMIC_END.search(line, a, b) or line.endswith(("大学", "学院"), a, b):
        m = _ACADEMIC_UNIT.match(line, b)
        if not m:
            break
        end = m.end()
        gap = [w for w in words if w.start < end and w.end > b]
        long_suffix = len(m.group(2)) >= 3  # "研究所" stays a suffix even if LAC cut "所在"
        if not gap or (gap[-1].end != end and not long_suffix) or gap[0].start != b:
            break
        if any(w.tag not in _NOUNISH and w.end - w.start > 1 for w in gap[:-1]) or any(
            c in _STOP for c in line[b:end]
        ):
            break
        b = end
    return b


def _merge(line: str, orgs: list[Ent]) -> list[Ent]:
    """A province or city right before an organisation, or "X（Y）Z" pieces, make one name."""
    spans = sorted(orgs, key=lambda x: x.start)
    merged: list[Ent] = []
    i = 0
    while i < len(spans):
        e = spans[i]
        if e.type == "Organization" and merged:
            prev = merged[-1]
            gap = line[prev.end : e.start]
            country = prev.type == "Place" and (prev.text in _COUNTRIES or prev.text.endswith("国"))
            if (prev.type == "Place" and not country and gap == "") or (
                prev.type == "Organization" and _BRACKETED.fullmatch(gap)
            ):
                merged[-1] = _ent(line, prev.start, e.end, "ner")
                i += 1
                continue
        if e.type == "Organization":
            m = _BRACKETED.match(line, e.end)
            nxt = m and next((x for x in spans[i + 1 :] if x.start >= m.end()), None)
            if m and nxt is not None and nxt.start == m.end() and nxt.type == "Organization":
                merged.append(_ent(line, e.start, nxt.end, "ner"))
                i = spans.index(nxt) + 1
                continue
        merged.append(e)
        i += 1
    return merged


def _publications(line: str, orgs: list[Ent]) -> list[Ent]:
    """A periodical or programme is an organisation, its title marks included; one named
    right after its publisher joins it ("西安电视台《证券天地》栏目")."""
    out = list(orgs)
    for m in _TITLE_MARKS.finditer(line):
        tail = _PERIODICAL.match(line, m.end())
        end = tail.end() if tail else m.end()
        inner = [e for e in out if m.start() < e.end and e.start < m.end()]
        before = next(
            (e for e in out if e.type == "Organization" and e.end <= m.start()
             and (lead := _ORGAN_OF.match(line, e.end)) and lead.end() == m.start()),
            None,
        )  # fmt: skip
        whole = all(e.type == "Organization" and (e.start, e.end) == (m.start() + 1, m.end() - 1)
                    for e in inner)  # fmt: skip
        if before is not None and (tail or inner):
            start = before.start
        elif tail or (inner and whole):
            start = m.start()
        else:
            continue
        out = [e for e in out if not (start <= e.start and e.end <= end)]
        out.append(_ent(line, start, end))
    return sorted(out, key=lambda x: (x.start, x.end))


def _acronyms(line: str, orgs: list[Ent]) -> list[Ent]:
    """An abbreviation in brackets right after an organisation names it too."""
    out = []
    for e in orgs:
        m = _ACRONYM.match(line, e.end) if e.type == "Organization" else None
        if m:
            out.append(_ent(line, m.start(1), m.end(1)))
    return out


def _short_limited(line: str, words: list[Word], found: list[Ent]) -> list[Ent]:
    """A company's short name "X有限" (X a name of two characters at least)."""
    out = []
    for m in _LIMITED.finditer(line):
        w = next((w for w in words if w.start <= m.start() < w.end), None)
        if w is None:
            continue
        if w.start < m.start():
            a = w.start if w.tag in _NOUNISH and m.start() - w.start >= 2 else -1
        else:
            i = words.index(w)
            prev = words[i - 1] if i else None
            ok = prev is not None and prev.tag in _NOUNISH and prev.end - prev.start >= 2
            a = prev.start if ok and prev is not None else -1
        b = m.end()
        if a >= 0 and not any(f.start < b and a < f.end for f in found + out):
            out.append(_ent(line, a, b))
    return out


def _own(line: str, words: list[Word], found: list[Ent]) -> list[Ent]:
    """ "公司"/"本公司" in a résumé's list of posts is the company the résumé is about: after
    "任"/"现任"…, or opening a clause and followed by a post ("公司副总经理")."""
    out = []
    for i, w in enumerate(words):
        word = line[w.start : w.end]
        if word not in _OWN:
            continue
        prev = line[words[i - 1].start : words[i - 1].end] if i else "。"
        opens = prev in "，、；。：:,;"
        post = any(line.startswith(t, w.end) for t in _POSTS) or bool(_DEPT_POST.match(line, w.end))
        wanted = prev in _OWN_BEFORE or (opens and (word.startswith("本") or post))
        if wanted and not any(f.start < w.end and w.start < f.end for f in found):
            out.append(_ent(line, w.start, w.end))
    return out


def _brand_trade(line: str, words: list[Word], found: list[Ent]) -> list[Ent]:
    """A proper noun, a trade word and a post: "九通" + "投资" + "主管会计" is a company."""
    out = []
    for w in words:
        if w.tag != "nz" or any(f.start < w.end and w.start < f.end for f in found):
            continue
        m = _INDUSTRY_TAIL.match(line, w.end)
        if m and w.end - w.start >= 2:
            out.append(_ent(line, w.start, m.end(1)))
    return out


def _suffix(line: str, words: list[Word], found: list[Ent]) -> list[Ent]:
    """``found`` plus noun runs ending in an institution suffix that LAC did not tag as one
    name ("武汉市" + "工业品（集团）公司"); an organisation right before the run joins it."""
    taken = [False] * (len(line) + 1)
    for f in found:
        if f.type != "Place":
            taken[f.start : f.end] = [True] * (f.end - f.start)
    keep: list[Ent] = list(found)
    new: list[Ent] = []
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        if w.tag in ("PER", "v", "TIME") or taken[w.start]:
            continue
        if not _SUFFIX_WORD.search(line, w.start, w.end):
            continue
        j, absorbed = _run_start(line, words, i, keep, taken)
        a = absorbed[0].start if absorbed else words[j].start
        while a < w.start and line[a] in "（）()":
            a += 1
        proper = any(x.tag in _PROPER for x in words[j:i])
        if a < w.start and (proper or absorbed) and w.end - a >= 4 and _balanced(line[a : w.end]):
            new = [o for o in new if not (a <= o.start and o.end <= w.end)]
            new.append(_ent(line, a, w.end))
            taken[a : w.end] = [True] * (w.end - a)
            keep = [f for f in keep if f not in absorbed and not (a <= f.start < w.end)]
    return keep + new


def _run_start(
    line: str, words: list[Word], i: int, found: list[Ent], taken: list[bool]
) -> tuple[int, list[Ent]]:
    """The first word of the noun run that ends with word ``i``, and the organisation (at
    most one) the run swallows at its left."""
    j, absorbed = i, list[Ent]()
    while j > 0:
        p = words[j - 1]
        org = next((f for f in found if f.type == "Organization" and f.end == p.end), None)
        if org is not None and not absorbed:
            absorbed.append(org)
            j = next(k for k, x in enumerate(words) if x.start >= org.start)
            continue
        if taken[p.start] or (p.tag not in _NOUNISH and line[p.start : p.end] not in _BRACKETS):
            break
        j -= 1
    return j, absorbed
