"""Interface strings of the app in English and Chinese (``t(key, lang)``).

Labels of graph entities are not here: the app picks their ``@zh`` or ``@en`` label
(``pick``). A key missing from ``STRINGS`` is shown as the key itself, so a gap is visible.
"""

from __future__ import annotations

import csv
import functools
from typing import Any

from rdflib import RDFS, URIRef

from kg.chains.reasons import reason as chain_reason
from kg.settings import SHAPES_DIR
from kg.shacl import ontology_graph
from kg.vocab import STATS_CLASSES

LANGS = ("en", "zh")
SHACL_ZH = SHAPES_DIR / "messages_zh.csv"

STRINGS: dict[str, tuple[str, str]] = {
    # app shell
    "app_title": ("Industry knowledge graph", "产业知识图谱"),
    "language": ("Language", "语言"),
    "store": ("Store", "存储"),
    "version": ("version", "版本"),
    "empty_store": (
        "The store is empty: ingest files on the Ingest page, or run `ikg demo`.",
        "存储为空：请在“数据导入”页面上传文件，或运行 `ikg demo`。",
    ),
    "error": ("Error", "错误"),
    "none_found": ("Nothing found.", "没有找到结果。"),
    "download_csv": ("Download CSV", "下载 CSV"),
    "download_json": ("Download JSON", "下载 JSON"),
    # page titles
    "page_overview": ("Overview", "概览"),
    "page_experts": ("Expert finder", "专家查找"),
    "page_techchain": ("Technology chains", "技术链"),
    "page_industrychain": ("Industry chains", "产业链"),
    "page_institution": ("Institution profile", "机构画像"),
    "page_demand": ("Demand matching", "需求匹配"),
    "page_sparql": ("SPARQL console", "SPARQL 控制台"),
    "page_ingest": ("Ingest", "数据导入"),
    "page_quality": ("Data quality", "数据质量"),
    "page_briefing": ("Briefing", "简报"),
    "page_watches": ("Watches", "订阅"),
    "page_topics": ("Technology topics", "技术主题"),
    # topics (ingest/topics/app_page.py)
    "topics_intro": (
        "Candidate technology concepts: key phrases clustered across the works' titles, "
        "abstracts and keywords. Accepted ones become technologies of a scheme at once.",
        "候选技术概念：从作品标题、摘要和关键词中提取并跨作品聚类的关键短语。接受后即成为方案中的技术。",
    ),
    "topics_lang": ("Language", "语言"),
    "topics_both": ("English and Chinese", "中英文"),
    "topics_min_works": ("Min. works", "最少作品数"),
    "topics_limit": ("Candidates", "候选数"),
    "topics_find": ("Find candidates", "查找候选"),
    "topics_finding": ("Reading the works' texts…", "正在读取作品文本…"),
    "topics_found": ("{n} candidates from {works} works", "{n} 个候选，来自 {works} 篇作品"),
    "topics_labels": ("Labels", "名称"),
    "topics_works": ("Works", "作品"),
    "topics_years": ("Years", "年份"),
    "topics_broader": ("Suggested broader", "建议上位概念"),
    "topics_pick": ("Candidates to accept", "要接受的候选"),
    "topics_label": ("Preferred label (one candidate)", "首选名称（单个候选）"),
    "topics_scheme": ("Scheme", "方案"),
    "topics_accept": ("Accept as technologies", "接受为技术"),
    "topics_accepted": (
        "{n} technologies added (source {source})",
        "已添加 {n} 项技术（来源 {source}）",
    ),
    # overview
    "triples": ("Triples", "三元组"),
    "classes": ("Entities by class", "各类实体数量"),
    "sources": ("Sources", "数据来源"),
    "records": ("records", "记录"),
    "ingested": ("last ingest", "最近导入"),
    "quality_summary": ("Data quality", "数据质量"),
    "quarantined_records": ("Quarantined records", "隔离记录"),
    "pending_reviews": ("Merges awaiting review", "待审核合并"),
    "warnings": ("Warnings", "警告"),
    # experts
    "search_experts": ("Search experts (English or Chinese)", "搜索专家（中文或英文）"),
    "search": ("Search", "搜索"),
    "filters": ("Filters", "筛选"),
    "institution": ("Institution", "机构"),
    "institution_type": ("Institution type", "机构类型"),
    "region": ("Region", "地区"),
    "industry": ("Industry code or chain segment", "行业代码或产业链环节"),
    "years": ("Years", "年份"),
    "exclude_institution": ("Exclude institution", "排除机构"),
    "results_n": ("{n} experts", "{n} 位专家"),
    "score": ("score", "得分"),
    "evidence": ("Evidence", "证据"),
    "similar_experts": ("Similar experts", "相似专家"),
    "collaboration": ("Collaboration network", "合作网络"),
    "add_shortlist": ("Add to shortlist", "加入候选名单"),
    "in_shortlist": ("In shortlist", "已在名单中"),
    "shortlist": ("Shortlist", "候选名单"),
    "shortlist_name": ("Shortlist name", "名单名称"),
    "note": ("Note", "备注"),
    "save_shortlist": ("Save shortlist", "保存名单"),
    "saved_shortlist": (
        "Saved shortlist {name} ({n} experts).",
        "已保存名单 {name}（{n} 位专家）。",
    ),
    "shortlist_empty": ("The shortlist is empty.", "候选名单为空。"),
    "clear": ("Clear", "清空"),
    "pick_expert": ("Expert", "专家"),
    "graph_hint": (
        "Double-click a node (or use its expand button) to add its neighbours.",
        "双击节点（或点击展开按钮）可加入其相邻节点。",
    ),
    "reset_graph": ("Reset graph", "重置图"),
    # technology chain
    "technology": ("Technology", "技术"),
    "tech_graph": ("Technology chain", "技术链图"),
    "maturity": ("Maturity", "成熟度"),
    "stage": ("Life-cycle stage", "生命周期阶段"),
    "trl": ("TRL", "技术成熟度等级"),
    "works_per_year": ("Papers and patents per year", "每年论文与专利数"),
    "holders": ("Holders", "持有者"),
    "experts": ("Experts", "专家"),
    "institutions": ("Institutions", "机构"),
    "enables": ("enables", "支撑"),
    "depends_on": ("depends on", "依赖"),
    "insufficient": ("insufficient data", "数据不足"),
    # industry chain
    "chain": ("Industry chain", "产业链"),
    "upstream": ("Upstream", "上游"),
    "midstream": ("Midstream", "中游"),
    "downstream": ("Downstream", "下游"),
    "providers": ("Providers", "供应方"),
    "map": ("Regional map", "区域分布图"),
    "weak_links": ("Weak links", "薄弱环节"),
    "reasons": ("Reasons", "原因"),
    "items": ("Items", "产品与环节"),
    "segment": ("Segment", "环节"),
    "top_provider": ("Top provider", "最大供应方"),
    "no_map": ("No provider with known coordinates.", "没有已知坐标的供应方。"),
    "segment_filter": ("Segments shown", "显示的环节"),
    "search_items": ("Find an item (English, Chinese or id)", "查找产品（中文、英文或编号）"),
    "weak_min": ("Weak link from score", "薄弱环节得分阈值"),
    "no_year": ("n.d.", "年份不详"),
    "weak_all": ("All {n} scored items", "全部 {n} 个已评分环节"),
    "diagram_counts": (
        "{items} items · {links} input links · {weak} weak links (score ≥ {score})",
        "{items} 个产品 · {links} 条投入关系 · {weak} 个薄弱环节（得分 ≥ {score}）",
    ),
    "search_hits": ("{n} found", "找到 {n} 个"),
    "diagram_legend": (
        "Columns run upstream → downstream; a link goes from an input to the item it feeds. "
        "Size: number of providers; colour: weak-link score; red ring: weak link. Click an "
        "item (or pick it below) for its providers, technologies and experts; drag to pan, "
        "scroll to zoom, double-click to reset.",
        "各列从上游到下游排列；连线由投入指向其所投入的产品。圆点大小：供应方数量；颜色：薄弱"
        "环节得分；红圈：薄弱环节。点击产品（或在下方选择）可查看其供应方、所用技术和专家；拖动"
        "平移，滚轮缩放，双击复位。",
    ),
    "item_pick": ("Item", "产品"),
    "item_hint": ("Click an item in the diagram or pick one", "点击图中的产品或在此选择"),
    "weak_link": ("weak link", "薄弱环节"),
    "provider": ("Provider", "供应方"),
    "kind": ("Kind", "类型"),
    "country": ("Country", "国家"),
    "share": ("Share %", "份额%"),
    "year": ("Year", "年份"),
    "no_providers": ("No provider listed.", "没有列出供应方。"),
    "no_technologies": ("No technology linked.", "没有关联的技术。"),
    "no_experts": ("No expert holds these technologies.", "没有掌握这些技术的专家。"),
    "organization": ("organization", "企业/机构"),
    "segment_kind": ("segment", "环节"),
    "product": ("product", "产品"),
    "material": ("material", "材料"),
    "equipment": ("equipment", "设备"),
    "process": ("process", "工艺"),
    "service": ("service", "服务"),
    "item": ("item", "产品"),
    "emerging": ("emerging", "萌芽期"),
    "growth": ("growth", "成长期"),
    "mature": ("mature", "成熟期"),
    "declining": ("declining", "衰退期"),
    "message": ("Message", "说明"),
    "severity": ("Severity", "级别"),
    "Violation": ("Violation", "违规"),
    "Warning": ("Warning", "警告"),
    "Info": ("Info", "提示"),
    # institution
    "pick_institution": ("Institution", "机构"),
    "chain_roles": ("Roles in industry chains", "在产业链中的角色"),
    "technologies": ("Technologies", "技术"),
    "works": ("Works", "成果"),
    "n_works": ("{n} works", "{n} 项成果"),
    # demand
    "demand": ("Demand", "需求"),
    "demand_text": ("…or describe a need", "……或描述技术需求"),
    "match": ("Match", "匹配"),
    # sparql
    "example_query": ("Example query", "示例查询"),
    "query_text": ("SPARQL query (read-only)", "SPARQL 查询（只读）"),
    "run": ("Run", "运行"),
    "rows_n": ("{n} rows", "{n} 行"),
    "truncated": ("Results cut at {n} rows.", "结果已截断为 {n} 行。"),
    "params_hint": (
        "This example declares parameters: {names}. Replace them with values before running.",
        "该示例声明了参数：{names}。运行前请替换为具体值。",
    ),
    # ingest
    "upload": ("Files to ingest", "待导入文件"),
    "source_name": ("Source name", "来源名称"),
    "ingest": ("Ingest", "导入"),
    "ingest_done": (
        "Source {source}: {records} records landed, {triples} triples, {q} quarantined.",
        "来源 {source}：导入 {records} 条记录，{triples} 个三元组，隔离 {q} 条。",
    ),
    "ingest_failed": ("Nothing was written: {error}", "未写入任何数据：{error}"),
    "quarantine": ("Quarantine", "隔离区"),
    "file": ("file", "文件"),
    "record": ("record", "记录"),
    "reason": ("reason", "原因"),
    # quality
    "shacl_report": ("SHACL report", "SHACL 校验报告"),
    "run_validation": ("Validate the store", "校验存储"),
    "conforms": ("The store conforms to the shapes.", "存储符合全部约束。"),
    "violations": ("{v} violations, {w} warnings/infos", "{v} 项违规，{w} 项警告/提示"),
    "review_queue": ("Review queue", "审核队列"),
    "accept": ("Accept", "接受"),
    "reject": ("Reject", "拒绝"),
    "no_reviews": ("No merge is waiting for review.", "没有待审核的合并。"),
    "no_quarantine": ("No quarantine report.", "没有隔离报告。"),
}


def t(key: str, lang: str = "en", **fmt: Any) -> str:
    """The interface string ``key`` in ``lang`` (en/zh), formatted with ``fmt``."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang == "zh" else pair[0]
    return text.format(**fmt) if fmt else text


def pick(en: str | None, zh: str | None, lang: str) -> str:
    """An entity label in the interface language, falling back to the other one."""
    first, second = (zh, en) if lang == "zh" else (en, zh)
    return first or second or ""


def reason(text: str, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A weak-link reason from ``kg.chains.industry`` in the interface language (the JSON keeps
    English); ``names`` maps English names inside it to Chinese labels."""
    return chain_reason(text, lang, names)


@functools.lru_cache(maxsize=1)
def _class_labels() -> dict[str, str]:
    g = ontology_graph()
    out = {}
    for name, iri in STATS_CLASSES.items():
        for label in g.objects(URIRef(iri.value), RDFS.label):
            if getattr(label, "language", None) == "zh":
                out[name] = str(label)
    return out


def class_label(name: str, lang: str = "en") -> str:
    """A class of the ontology (``Expert``, ``ChainSegment``…) by its zh ``rdfs:label`` in zh."""
    return (_class_labels().get(name) if lang == "zh" else None) or name


@functools.lru_cache(maxsize=1)
def _shacl_zh() -> dict[str, str]:
    with SHACL_ZH.open(encoding="utf-8", newline="") as fh:
        return {r["message"]: r["message_zh"] for r in csv.DictReader(fh)}


def shacl_message(text: str, lang: str = "en") -> str:
    """A SHACL ``sh:message`` of ontology/shapes in the interface language (from
    ontology/shapes/messages_zh.csv; a message missing there stays English)."""
    return (_shacl_zh().get(text) if lang == "zh" else None) or text
