"""Technology maturity: life-cycle stage from yearly paper/patent counts, and TRL when given.

Method (documented in the README):

1. Yearly counts: works (papers, patents, other works) whose ``dcterms:subject`` is the
   technology or a narrower one (``skos:broader*``), by ``ikg:year``; missing years between
   the first and the last year count 0.
2. Too little data: fewer than ``MIN_WORKS`` works or fewer than ``MIN_YEARS`` years from the
   first to the last year -> stage ``None`` ("insufficient data").
3. Declining: the mean of the last ``RECENT_YEARS`` yearly counts is below ``DECLINE_RATIO``
   times the peak of the 3-year moving average, and that peak lies at least ``RECENT_YEARS``
   years before the last year.
4. Otherwise a logistic curve ``K / (1 + exp(-r (t - t0)))`` is fitted to the cumulative
   counts with ``scipy.optimize.curve_fit`` (K bounded to [C_last, 100 C_last]); the stage
   follows the share of saturation reached, ``C_last / K``: below 10 % emerging, below 50 %
   growth, else mature. When the fit fails the stage is ``None`` with the reason.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from kg.queries import load
from kg.store.base import Store, py, stable_rows

MIN_WORKS = 10
MIN_YEARS = 5
RECENT_YEARS = 3
DECLINE_RATIO = 0.5
EMERGING_BELOW = 0.10
GROWTH_BELOW = 0.50
K_MAX_FACTOR = 100.0


@dataclass
class Maturity:
    stage: str | None
    saturation: float | None = None  # C_last / K of the logistic fit
    trl: int | None = None
    stage_given: str | None = None  # ikg:lifeCycleStage stated by a source
    works: int = 0
    first_year: int | None = None
    last_year: int | None = None
    method: str = "logistic fit of cumulative paper and patent counts"
    note: str = ""
    yearly: dict[int, int] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["yearly"] = {str(k): v for k, v in sorted(self.yearly.items())}
        return out


def _logistic(t: Any, k: float, r: float, t0: float) -> Any:
    import numpy as np

    return k / (1.0 + np.exp(-r * (t - t0)))


def life_cycle_stage(yearly: Mapping[int, int]) -> Maturity:
    """The stage from yearly counts ({year: works}); see the module docstring."""
    years = sorted(y for y, n in yearly.items() if n > 0)
    total = sum(n for n in yearly.values() if n > 0)
    if not years:
        return Maturity(None, works=0, note="insufficient data: no dated works")
    first, last = years[0], years[-1]
    series = [int(yearly.get(y, 0)) for y in range(first, last + 1)]
    full = {y: series[i] for i, y in enumerate(range(first, last + 1))}
    base = Maturity(None, works=total, first_year=first, last_year=last, yearly=full)
    if total < MIN_WORKS or len(series) < MIN_YEARS:
        base.note = (
            f"insufficient data: {total} works over {len(series)} years "
            f"(needs at least {MIN_WORKS} works over {MIN_YEARS} years)"
        )
        return base
    # declining: recent output well below the (smoothed) peak
    smooth = [
        sum(series[max(0, i - 2) : i + 1]) / len(series[max(0, i - 2) : i + 1])
        for i in range(len(series))
    ]
    peak_i = max(range(len(smooth)), key=lambda i: (smooth[i], -i))
    recent = sum(series[-RECENT_YEARS:]) / RECENT_YEARS
    if peak_i <= len(series) - 1 - RECENT_YEARS and recent < DECLINE_RATIO * smooth[peak_i]:
        base.stage = "declining"
        base.note = (
            f"last {RECENT_YEARS} years average {recent:g} works/year, below "
            f"{DECLINE_RATIO:g} x the peak {smooth[peak_i]:g} ({first + peak_i})"
        )
        return base
    sat = saturation_share(series)
    if sat is None:
        base.note = "the logistic fit did not converge"
        return base
    base.saturation = sat
    base.stage = (
        "emerging" if sat < EMERGING_BELOW else "growth" if sat < GROWTH_BELOW else ("mature")
    )
    base.note = f"{sat:.0%} of the fitted saturation level reached"
    return base


def saturation_share(series: list[int]) -> float | None:
    """C_last / K of a logistic fit to the cumulative series (None when the fit fails)."""
    import numpy as np
    from scipy.optimize import curve_fit

    cum = np.cumsum(np.asarray(series, dtype=float))
    t = np.arange(len(series), dtype=float)
    c_last = float(cum[-1])
    if c_last <= 0:
        return None
    n = len(series)
    p0 = (c_last * 2.0, 0.5, float(n - 1))
    bounds = ([c_last, 1e-3, -5.0 * n], [c_last * K_MAX_FACTOR, 10.0, 6.0 * n])
    try:
        (k, _r, _t0), _ = curve_fit(_logistic, t, cum, p0=p0, bounds=bounds, maxfev=20000)
    except (RuntimeError, ValueError):
        return None
    if not math.isfinite(k) or k <= 0:
        return None
    return min(1.0, c_last / float(k))


def maturity(store: Store, tech_iri: str) -> Maturity:
    """Maturity of one technology from the store (named queries chains/tech_yearly, tech_info)."""

    yearly: dict[int, int] = {}
    for row in store.select(load("chains/tech_yearly"), {"tech": f"<{tech_iri}>"}):
        y = py(row.get("year"))
        try:
            yearly[int(y)] = yearly.get(int(y), 0) + int(py(row["n"]))
        except (TypeError, ValueError):
            continue
    m = life_cycle_stage(yearly)
    for row in stable_rows(store.select(load("chains/tech_info"), {"tech": f"<{tech_iri}>"})):
        trl = py(row.get("trl"))
        if trl is not None and m.trl is None:
            with contextlib.suppress(TypeError, ValueError):
                m.trl = int(trl)
        if row.get("stage") is not None and m.stage_given is None:
            m.stage_given = str(py(row["stage"]))
    return m


# The Chinese forms of the method and of every note life_cycle_stage writes (same numbers).
_NOTES_ZH: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"^logistic fit of cumulative paper and patent counts$"),
        "论文与专利累计数的逻辑斯蒂拟合",
    ),
    (re.compile(r"^insufficient data: no dated works$"), "数据不足：没有注明年份的成果"),
    (
        re.compile(
            r"^insufficient data: (\d+) works over (\d+) years "
            r"\(needs at least (\d+) works over (\d+) years\)$"
        ),
        r"数据不足：\2 年共 \1 项成果（至少需要 \4 年 \3 项）",
    ),
    (
        re.compile(
            r"^last (\d+) years average (\S+) works/year, below (\S+) x the peak (\S+) \((\d+)\)$"
        ),
        r"近 \1 年平均每年 \2 项，低于峰值 \4（\5 年）的 \3 倍",
    ),
    (re.compile(r"^the logistic fit did not converge$"), "逻辑斯蒂拟合未收敛"),
    (re.compile(r"^(\d+)% of the fitted saturation level reached$"), r"已达到拟合饱和水平的 \1%"),
)


def note_text(text: str, lang: str) -> str:
    """A maturity ``method`` or ``note`` in ``lang`` (the JSON keeps the English text)."""
    if lang != "zh":
        return text
    for pattern, zh in _NOTES_ZH:
        if pattern.match(text):
            return pattern.sub(zh, text)
    return text
