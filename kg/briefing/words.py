"""Words of the briefing in English and Chinese, and small formatting helpers shared by the
HTML, Markdown, PDF and DOCX renderers."""

from __future__ import annotations

from typing import Any

TEXT: dict[str, tuple[str, str]] = {
    "briefing": ("Briefing", "简报"),
    "technology_subject": ("technology sub-field", "技术子领域"),
    "chain_subject": ("industry chain", "产业链"),
    "generated": ("Generated", "生成时间"),
    "store_version": ("store version", "数据版本"),
    "home": ("home country", "本国"),
    "missing": ("What is missing", "缺少的数据"),
    "environment": ("Environment", "环境"),
    "technology": ("Technology chain", "技术链"),
    "competitors": ("Competitors", "竞争格局"),
    "industry": ("Industry chain", "产业链"),
    "experts": ("Experts", "专家"),
    "sources": ("Sources", "来源"),
    "missing_environment": (
        "No policy, demand or report in the graph names this sub-field.",
        "图谱中没有提及该子领域的政策、需求或报告。",
    ),
    "missing_technology": (
        "No dated paper or patent, no enables/depends-on link and no stated TRL.",
        "没有带年份的论文或专利，没有技术依赖/支撑关系，也没有技术成熟度等级。",
    ),
    "missing_competitors": (
        "No institution has papers, patents or projects on this sub-field.",
        "没有机构在该子领域拥有论文、专利或项目。",
    ),
    "missing_industry": (
        "No industry-chain segment or item uses this technology.",
        "没有产业链环节或产品使用该技术。",
    ),
    "missing_experts": (
        "No expert has evidence for this sub-field.",
        "没有专家在该子领域有成果证据。",
    ),
    "env_counts": ("items, newest first", "条，按时间由新到旧"),
    "year": ("Year", "年份"),
    "kind": ("Kind", "类型"),
    "title": ("Title", "标题"),
    "sentence": ("Sentence", "原文"),
    "source": ("Source", "来源数据"),
    "by": ("By", "提出方"),
    "depends_on": ("Depends on", "依赖"),
    "enables": ("Enables", "支撑"),
    "enabled_by": ("Enabled by", "被支撑于"),
    "required_by": ("Required by", "被依赖于"),
    "stage": ("Life-cycle stage", "生命周期阶段"),
    "trl": ("TRL", "技术成熟度"),
    "works": ("Works", "成果数"),
    "stage_note": ("Method", "方法"),
    "tech_industries": ("Industries", "相关行业"),
    "declared": ("declared", "已声明"),
    "co_occurring": ("works naming both", "共现成果"),
    "yearly_title": ("Papers and patents per year", "历年论文与专利数量"),
    "papers": ("papers and other works", "论文及其他成果"),
    "patents": ("patents", "专利"),
    "count": ("count", "数量"),
    "domestic": ("Domestic", "国内"),
    "foreign": ("Foreign", "国外"),
    "unknown": ("Country unknown", "国别未知"),
    "competitor_chart": ("Works per year: domestic and foreign", "历年成果：国内与国外"),
    "name": ("Name", "名称"),
    "country": ("Country", "国家"),
    "type": ("Type", "类型"),
    "papers_col": ("Papers", "论文"),
    "patents_col": ("Patents", "专利"),
    "projects_col": ("Projects", "项目"),
    "trend": ("Trend", "趋势"),
    "of_total": ("shown of", "条，共"),
    "segment": ("Segment", "环节"),
    "position": ("Position", "位置"),
    "items": ("Items", "产品/工艺"),
    "providers": ("Providers", "供应方"),
    "weak_links": ("Weak links", "薄弱环节"),
    "weak_link": ("weak link", "薄弱环节"),
    "chain_diagram": ("Industry-chain diagram", "产业链图"),
    "score": ("Score", "得分"),
    "hhi": ("HHI", "HHI"),
    "top_provider": ("Top provider", "最大供应方"),
    "foreign_share": ("Foreign %", "国外份额%"),
    "reasons": ("Reasons", "原因"),
    "no_weak_links": ("No share data for these segments.", "这些环节没有份额数据。"),
    "query": ("Query", "查询"),
    "rank": ("#", "序号"),
    "institutions": ("Institutions", "机构"),
    "evidence": ("Evidence", "证据"),
    "named_query": ("named query", "命名查询"),
    "parameters": ("parameters", "参数"),
    "command": ("command", "命令"),
    "entities": ("entities", "实体"),
    "more": ("more", "更多"),
    "stage_none": ("insufficient data", "数据不足"),
    "chain_techs": ("Technologies of the chain", "产业链涉及的技术"),
    "technology_col": ("Technology", "技术"),
    "index_title": ("Briefings", "简报目录"),
    "sources_intro": (
        "Every figure names the query (or command) and the entities behind it.",
        "每个数字都注明其来源查询（或命令）及相关实体。",
    ),
}

WORDS: dict[str, tuple[str, str]] = {
    "demand": ("demand", "需求"),
    "report": ("report", "报告"),
    "policy": ("policy", "政策"),
    "standard": ("standard", "标准"),
    "achievement": ("achievement", "成果"),
    "rising": ("rising", "上升"),
    "falling": ("falling", "下降"),
    "steady": ("steady", "平稳"),
    "new": ("new", "新进入"),
    "inactive": ("inactive", "停滞"),
    "emerging": ("emerging", "萌芽期"),
    "growth": ("growth", "成长期"),
    "mature": ("mature", "成熟期"),
    "declining": ("declining", "衰退期"),
    "upstream": ("upstream", "上游"),
    "midstream": ("midstream", "中游"),
    "downstream": ("downstream", "下游"),
    "enterprise": ("enterprise", "企业"),
    "university": ("university", "高校"),
    "research_institute": ("research institute", "科研院所"),
    "government_agency": ("government agency", "政府机构"),
    "institution": ("institution", "机构"),
    "library": ("library", "图书馆"),
    "alliance": ("alliance", "联盟"),
    "paper": ("paper", "论文"),
    "patent": ("patent", "专利"),
    "project": ("project", "项目"),
    "expertise": ("expertise", "专长"),
}


def t(key: str, lang: str) -> str:
    en, zh = TEXT[key]
    return zh if lang == "zh" else en


def w(word: str | None, lang: str) -> str:
    if word is None:
        return "–"
    en, zh = WORDS.get(word, (word, word))
    return zh if lang == "zh" else en


def num(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1 else f"{value:,.1f}".rstrip("0").rstrip(".")
    return str(value)


def subject_title(data: dict[str, Any]) -> str:
    s = data["subject"]
    if data["lang"] == "zh" and s.get("label_zh"):
        return f"{s['label_zh']}（{s['label']}）"
    return s["label"] + (f" ({s['label_zh']})" if s.get("label_zh") else "")


def tech_label(node: dict[str, Any], lang: str) -> str:
    return (node.get("label_zh") if lang == "zh" else None) or node.get("label") or node["iri"]


def stage_of(m: dict[str, Any], lang: str) -> str:
    stage = m.get("stage") or m.get("stage_given")
    return w(stage, lang) if stage else t("stage_none", lang)
