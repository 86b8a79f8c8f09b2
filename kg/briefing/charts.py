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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
