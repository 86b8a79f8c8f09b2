"""Weak-link reasons (``kg.chains.industry.score_row`` writes them in English, as the JSON keeps
them) in Chinese, for the zh app and the zh briefings."""

from __future__ import annotations

import re
from collections.abc import Callable

_LEVEL_ZH = {
    "organizations": "企业",
    "countries": "国家",
    "organization": "企业",
    "country": "国家",
}
_REASONS_ZH: list[tuple[re.Pattern[str], Callable[[re.Match[str]], str]]] = [
    (re.compile(r"^shares unknown: concentration estimated as 1/(\d+) from the provider count$"),
     lambda m: f"份额未知：按供应方数量估计集中度为 1/{m[1]}"),
    (re.compile(r"^highly concentrated: HHI ([\d.]+) across (\w+) \(>= (\d+)\)$"),
     lambda m: f"高度集中：{_LEVEL_ZH.get(m[2], m[2])}层面 HHI {m[1]}（≥ {m[3]}）"),
    (re.compile(r"^moderately concentrated: HHI ([\d.]+) across (\w+)$"),
     lambda m: f"中度集中：{_LEVEL_ZH.get(m[2], m[2])}层面 HHI {m[1]}"),
    (re.compile(r"^single source: (.+) is the only (\w+) provider$"),
     lambda m: f"单一来源：{m[1]} 是唯一的{_LEVEL_ZH.get(m[2], m[2])}供应方"),
    (re.compile(r"^([\d.]+)% of the known supply is outside (\w+)$"),
     lambda m: f"已知供应的 {m[1]}% 来自 {m[2]} 以外"),
    (re.compile(r"^no domestic institution or expert linked to the technologies it needs: (.+)$"),
     lambda m: f"所需技术缺少国内机构或专家：{m[1]}"),
]  # fmt: skip


def reason(text: str, lang: str = "en", names: dict[str, str] | None = None) -> str:
    """A weak-link reason in ``lang`` (en: unchanged). ``names`` maps the English names inside
    a reason (the single provider, the technologies) to their Chinese labels."""
    if lang != "zh":
        return text
    for pattern, render in _REASONS_ZH:
        m = pattern.match(text)
        if m:
            out = render(m)
            for en, zh in sorted((names or {}).items(), key=lambda kv: -len(kv[0])):
                if en and zh:
                    out = out.replace(en, zh)
            return out
    return text
