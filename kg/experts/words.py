"""Chinese forms of what an expert's evidence says in English: the contribution ("first author
(1/6)"), the work's type and the "subject: X" matched term. The JSON keeps the English text (a
public shape); the app and the briefings show these forms in their Chinese interface."""

from __future__ import annotations

import re

CONTRIBUTION_ZH = {
    "first author": "第一作者",
    "last author": "末位作者",
    "author": "作者",
    "first inventor": "第一发明人",
    "inventor": "发明人",
    "principal investigator": "项目负责人",
    "project member": "项目成员",
    "mentioned in report": "报告提及",
    "declared expertise (ikg:hasExpertise)": "声明的专长",
    "creator": "创作者",
    "pi": "项目负责人",
    "member": "项目成员",
}
TYPE_ZH = {
    "paper": "论文",
    "work": "论文",
    "patent": "专利",
    "project": "项目",
    "report": "报告",
    "expertise": "专长",
    "demand": "需求",
}
SUBJECT = "subject: "
_POSITION = re.compile(r"^(.*?)( \(\d+(?:/\d+)?\))?$")


def contribution_text(desc: str, lang: str) -> str:
    """'first author (1/6)' -> '第一作者 (1/6)' in zh; an unknown role is kept as given."""
    if lang != "zh":
        return desc
    m = _POSITION.match(desc)
    head, pos = (m.group(1), m.group(2) or "") if m else (desc, "")
    return CONTRIBUTION_ZH.get(head, head) + pos


def type_text(kind: str, lang: str) -> str:
    return TYPE_ZH.get(kind, kind) if lang == "zh" else kind


def matched_text(term: str, lang: str) -> str:
    """'subject: 糠醛' -> '主题: 糠醛' in zh; other matched terms are words of the text as found."""
    if lang == "zh" and term.startswith(SUBJECT):
        return "主题: " + term[len(SUBJECT) :]
    return term
