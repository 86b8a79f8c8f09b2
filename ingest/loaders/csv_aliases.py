"""Header aliases for record tables exported by real systems (patent databases in Chinese or
English) onto ikg's documented column sets. A patent table needs no ``patent_id``: the
publication (or application) number serves as its id.
"""

from __future__ import annotations

import re

PATENT_ALIASES: dict[str, str] = {
    # number (also the id)
    "公开号": "number", "公开（公告）号": "number", "公开(公告)号": "number", "公告号": "number",
    "申请号": "application_number", "publication number": "number",
    "publication_number": "number", "patent number": "number", "patent_number": "number",
    "publication no": "number", "patent no": "number", "application number": "application_number",
    # title, abstract
    "标题": "title", "名称": "title", "发明名称": "title", "专利名称": "title",
    "title (english)": "title", "摘要": "abstract", "abstract (english)": "abstract",
    # people and organisations
    "发明人": "inventors", "发明（设计）人": "inventors", "发明(设计)人": "inventors",
    "inventor": "inventors", "inventor(s)": "inventors", "inventors": "inventors",
    "申请人": "assignees", "专利权人": "assignees", "申请（专利权）人": "assignees",
    "申请(专利权)人": "assignees", "当前权利人": "assignees", "assignee": "assignees",
    "assignee(s)": "assignees", "applicant": "assignees", "applicants": "assignees",
    "current assignee": "assignees",
    # dates -> year
    "申请日": "year", "公开日": "year", "公开（公告）日": "year", "公开(公告)日": "year",
    "application date": "year", "publication date": "year", "filing date": "year",
    "priority date": "year",
    # classification, country
    "ipc分类号": "ipc", "ipc主分类号": "ipc", "主分类号": "ipc", "ipc": "ipc",
    "ipc classifications": "ipc", "ipcr classifications": "ipc", "ipc codes": "ipc",
    "cpc分类号": "ipc", "cpc": "ipc", "cpc classifications": "ipc",
    "国家": "country", "受理局": "country", "country": "country", "关键词": "keywords",
}  # fmt: skip


def _key(col: str) -> str:
    return re.sub(r"\s+", " ", col.strip().lower())


def patent_header(header: list[str]) -> dict[str, str] | None:
    """Column renames that make ``header`` a patents table, or None when it is not one.

    Returns a mapping original column -> canonical column (identity for the rest).
    """
    if "patent_id" in header:
        return None
    mapping = {h: PATENT_ALIASES.get(_key(h), h) for h in header}
    canon = set(mapping.values())
    has_number = "number" in canon or "application_number" in canon
    if has_number and "title" in canon and canon & {"assignees", "inventors"}:
        return mapping
    return None


def rename_row(row: dict[str, str], mapping: dict[str, str]) -> dict[str, str]:
    """A row with canonical column names; lists in ``；``/``|`` become ``;``-lists, the id is the
    publication number (else the application number)."""
    out: dict[str, str] = {}
    for col, value in row.items():
        canon = mapping.get(col, col)
        if canon in ("inventors", "assignees", "ipc", "keywords"):
            value = re.sub(r"\s*[；|]\s*", ";", value)
        if canon in out and out[canon]:
            continue  # the first of two aliased columns wins (e.g. 申请日 before 公开日)
        out[canon] = value
    out["patent_id"] = out.get("number") or out.get("application_number", "")
    if not out.get("number"):
        out["number"] = out.get("application_number", "")
    return out
