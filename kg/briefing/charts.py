"""Briefing charts (matplotlib, PNG bytes) and the CJK font they and the PDF use.

The CJK font is Noto Sans CJK (Debian ``fonts-noto-cjk``, installed by scripts/install.sh),
found through matplotlib's font manager, then fontconfig (``fc-list``), then the usual paths.
``IKG_CJK_FONT`` names another file (a .ttf/.otf, or a .ttc collection).
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.chains import diagram as D
from kg.errors import ConfigError

KNOWN_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
)


@dataclass(frozen=True)
class CJKFont:
    path: Path
    index: int  # face in a .ttc collection (the Simplified Chinese one when present)
    family: str
    bold: Path | None = None


def _sc_face(path: Path) -> tuple[int, str]:
    """The Simplified Chinese face of a collection (else the first) and its family name."""
    try:
        from fontTools.ttLib import TTCollection, TTFont
    except ImportError:  # pragma: no cover - fontTools ships with matplotlib and fpdf2
        return 0, path.stem
    if path.suffix.lower() != ".ttc":
        return 0, TTFont(str(path), lazy=True)["name"].getDebugName(1) or path.stem
    coll = TTCollection(str(path), lazy=True)
    names = [f["name"].getDebugName(1) or "" for f in coll.fonts]
    for i, n in enumerate(names):
        if n.endswith(" SC"):
            return i, n
    return 0, names[0] if names else path.stem


@functools.lru_cache(maxsize=1)
def find_cjk_font() -> CJKFont | None:
    """The CJK font to embed, or None when the machine has none."""
    cands: list[Path] = []
    env = os.environ.get("IKG_CJK_FONT")
    if env:
        cands.append(Path(env))
    try:
        from matplotlib import font_manager

        for f in font_manager.fontManager.ttflist:
            if "CJK" in f.name and "Sans" in f.name and f.weight in (400, "normal", "regular"):
                cands.append(Path(f.fname))
    except Exception:  # noqa: BLE001 - fall through to fontconfig
        pass
    if shutil.which("fc-list"):
        try:
            out = subprocess.run(
                ["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=10
            ).stdout
            files = sorted({ln.split(":")[0].strip() for ln in out.splitlines() if ln.strip()})
            cands += [Path(f) for f in files if "Sans" in f and "Regular" in f]
            cands += [Path(f) for f in files]
        except (OSError, subprocess.SubprocessError):
            pass
    cands += [Path(p) for p in KNOWN_PATHS]
    for p in cands:
        if p.is_file() and p.suffix.lower() in (".ttc", ".ttf", ".otf"):
            idx, family = _sc_face(p)
            bold = p.with_name(p.name.replace("Regular", "Bold"))
            return CJKFont(p, idx, family, bold if bold.is_file() and bold != p else None)
    return None


def require_cjk_font() -> CJKFont:
    font = find_cjk_font()
    if font is None:
        raise ConfigError(
            "no CJK font found for Chinese text in PDF output: install Debian's fonts-noto-cjk "
            "(`apt-get install -y fonts-noto-cjk`, done by scripts/install.sh) or set "
            "IKG_CJK_FONT to a .ttf/.otf/.ttc file with Chinese glyphs"
        )
    return font


def _setup() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = find_cjk_font()
    if font is not None:
        try:
            font_manager.fontManager.addfont(str(font.path))
            fam = font_manager.FontProperties(fname=str(font.path)).get_name()
            plt.rcParams["font.family"] = [fam, "DejaVu Sans"]
        except Exception:  # noqa: BLE001 - charts still render with the default font
            pass
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight")
    import matplotlib.pyplot as plt

    plt.close(fig)
    return buf.getvalue()


def yearly_chart(yearly: dict[int, dict[str, int]], title: str, labels: dict[str, str]) -> bytes:
    """Stacked bars per year: patents and the other works (papers, projects, reports)."""
    plt = _setup()
    years = sorted(yearly)
    if years:
        years = list(range(years[0], years[-1] + 1))
    patents = [yearly.get(y, {}).get("patents", 0) for y in years]
    others = [yearly.get(y, {}).get("works", 0) - p for y, p in zip(years, patents, strict=True)]
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    ax.bar(years, others, color="#3b6ea8", label=labels["papers"])
    ax.bar(years, patents, bottom=others, color="#e08a2c", label=labels["patents"])
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(labels["count"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    if years:
        step = max(1, -(-len(years) // 10))
        ax.set_xticks(years[::step])
        ax.tick_params(axis="x", labelsize=8)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def competitor_chart(
    yearly: dict[str, dict[int, int]], title: str, labels: dict[str, str]
) -> bytes:
    """Works per year of domestic and foreign institutions (lines)."""
    plt = _setup()
    fig, ax = plt.subplots(figsize=(7.5, 2.8))
    all_years = sorted({y for v in yearly.values() for y in v})
    span = list(range(all_years[0], all_years[-1] + 1)) if all_years else []
    for key, color in (("domestic", "#c0392b"), ("foreign", "#2c7fb8")):
        ax.plot(
            span,
            [yearly.get(key, {}).get(y, 0) for y in span],
            marker="o",
            ms=3,
            color=color,
            label=labels[key],
        )
    if span:
        step = max(1, -(-len(span) // 10))
        ax.set_xticks(span[::step])
        ax.tick_params(axis="x", labelsize=8)
    ax.set_title(title, fontsize=11)
    ax.set_ylabel(labels["count"])
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def chain_diagram_chart(d: D.Diagram, lang: str, words: Callable[[str], str], title: str) -> bytes:
    """The industry-chain diagram of the app (``kg.chains.diagram``: the same layout, colours
    and weak-link rings with their scores) as a static PNG for the briefings."""
    plt = _setup()
    from matplotlib.collections import LineCollection

    items = d.items
    rows = max((sum(1 for n in items if n.x == c.x) for c in d.columns), default=1)
    cols = max(len(d.columns), 1)
    fig, ax = plt.subplots(figsize=(max(7.5, 1.75 * cols), max(2.6, 0.24 * rows + 1.3)))
    paths = [list(zip(*D.edge_path(d.nodes[a], d.nodes[b]), strict=True)) for a, b in d.edges]
    ax.add_collection(LineCollection(paths, colors="#8c959f", linewidths=0.6, alpha=0.6, zorder=1))
    font = 7 if rows <= 12 else 5.5
    ax.scatter(
        [n.x for n in items],
        [n.y for n in items],
        s=[D.marker_size(n) ** 2 * 0.35 for n in items],
        c=[D.score_color(n.score) for n in items],
        edgecolors="white",
        linewidths=0.5,
        zorder=3,
    )
    weak = [n for n in items if n.weak]
    ax.scatter(
        [n.x for n in weak],
        [n.y for n in weak],
        s=[(D.marker_size(n) + 7) ** 2 * 0.35 for n in weak],
        facecolors="none",
        edgecolors="#c92a2a",
        linewidths=1.2,
        zorder=4,
    )
    for n in items:
        ax.annotate(D.short(D.node_label(n, lang), 24), (n.x, n.y), xytext=(5, 0),
                    textcoords="offset points", va="center", fontsize=font, zorder=4)  # fmt: skip
    for n in weak:
        ax.annotate(f"{n.score:.2f}", (n.x, n.y), xytext=(-9, 0), textcoords="offset points",
                    va="center", ha="right", fontsize=font, color="#c92a2a")  # fmt: skip
    top = max((n.y for n in items), default=0) + 0.9
    for c in d.columns:
        head = d.nodes.get(c.iri)
        pos = f"{words(c.position)}\n" if c.position else ""
        flag = f"\n{words('weak_link')} {head.score:.2f}" if head is not None and head.weak else ""
        ax.text(c.x, top, f"{pos}{D.short(D.node_label(c, lang), 22)}{flag}", ha="left",
                va="bottom", fontsize=font + 1, fontweight="bold",
                color="#c92a2a" if flag else "#212529")  # fmt: skip
    ax.set_xlim(-0.35, cols - 0.05)
    ax.set_ylim(min((n.y for n in items), default=0) - 0.8, top + 1.6)
    ax.axis("off")
    ax.set_title(title, fontsize=10, loc="left")
    return _png(fig)
