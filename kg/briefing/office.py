"""Briefing writers for PDF (fpdf2, CJK font embedded as a subset) and DOCX (python-docx,
East-Asian font set on every run). Both end with a Sources appendix: per figure the named
query (or command), its parameters and the IRIs behind it."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import WrapMode
from fpdf.fonts import FontFace

from kg.briefing.charts import find_cjk_font, require_cjk_font
from kg.briefing.document import Block, H, Img, P, R, Sources, Table, document
from kg.briefing.words import t
from kg.errors import ConfigError
from kg.textindex import is_cjk

IRIS_LISTED = 40
PDF_FAMILY = "ikgcjk"


def _text(runs: list[R]) -> str:
    return "".join(r.text for r in runs)


def _has_cjk(data: dict[str, Any]) -> bool:
    return data["lang"] == "zh" or is_cjk(json.dumps(data, ensure_ascii=False, default=str))


def _pdf_font(pdf: Any, data: dict[str, Any]) -> bool:
    """Register the font; True when it is the CJK one (char wrapping for Chinese)."""

    font = find_cjk_font()
    if font is None and _has_cjk(data):
        font = require_cjk_font()  # raises with how to install one
    if font is not None:
        pdf.add_font(PDF_FAMILY, "", str(font.path), collection_font_number=font.index)
        bold = font.bold or font.path
        pdf.add_font(PDF_FAMILY, "B", str(bold), collection_font_number=font.index)
        return True
    import matplotlib  # heavy (~0.5 s) and needed only without a CJK font: imported here

    ttf = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdf.add_font(PDF_FAMILY, "", str(ttf / "DejaVuSans.ttf"))
    pdf.add_font(PDF_FAMILY, "B", str(ttf / "DejaVuSans-Bold.ttf"))
    return False


def to_pdf(data: dict[str, Any], blocks: list[Block] | None = None) -> bytes:
    lang = data["lang"]
    blocks = blocks if blocks is not None else document(data)
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(12, 12, 12)
    pdf.set_auto_page_break(True, margin=14)
    pdf.set_title(blocks[0].text if blocks and isinstance(blocks[0], H) else "ikg briefing")
    pdf.set_creator("ikg brief")
    cjk = _pdf_font(pdf, data)
    wrap = WrapMode.CHAR if cjk and lang == "zh" else WrapMode.WORD
    pdf.alias_nb_pages()
    pdf.add_page()
    for b in blocks:
        if isinstance(b, H):
            _pdf_heading(pdf, b, wrap)
        elif isinstance(b, P):
            _pdf_paragraph(pdf, b, wrap)
        elif isinstance(b, Table):
            _pdf_table(pdf, b, wrap)
        elif isinstance(b, Img):
            _pdf_image(pdf, b, wrap)
        elif isinstance(b, Sources):
            _pdf_sources(pdf, b, lang)
    return bytes(pdf.output())


def _pdf_heading(pdf: FPDF, b: H, wrap: WrapMode) -> None:
    width = pdf.epw
    size = {1: 17, 2: 14, 3: 11}.get(b.level, 10)
    if b.level == 2 and pdf.get_y() > pdf.h - 50:
        pdf.add_page()
    pdf.ln(3 if b.level > 1 else 0)
    pdf.set_font(PDF_FAMILY, "B", size)
    pdf.set_text_color(44, 93, 143) if b.level == 2 else pdf.set_text_color(20, 20, 20)
    pdf.multi_cell(width, size * 0.5, b.text, wrapmode=wrap, new_x="LMARGIN", new_y="NEXT")
    if b.level <= 2:
        y = pdf.get_y() + 0.5
        pdf.set_draw_color(44, 93, 143)
        pdf.line(pdf.l_margin, y, pdf.l_margin + width, y)
    pdf.ln(2)
    pdf.set_text_color(20, 20, 20)


def _pdf_paragraph(pdf: FPDF, b: P, wrap: WrapMode) -> None:
    size = 8 if b.style in ("note", "meta") else 9.5
    pdf.set_font(PDF_FAMILY, "", size)
    if b.style == "missing":
        pdf.set_fill_color(255, 246, 224)
    pdf.set_text_color(90, 90, 90) if b.style in ("note", "meta") else None
    pdf.multi_cell(
        pdf.epw,
        size * 0.5,
        _text(b.runs),
        wrapmode=wrap,
        fill=b.style == "missing",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.set_text_color(20, 20, 20)
    pdf.ln(1.5)


def _pdf_table(pdf: FPDF, b: Table, wrap: WrapMode) -> None:
    pdf.set_font(PDF_FAMILY, "", 7)
    widths = b.widths or [1.0] * len(b.headers)
    with pdf.table(
        col_widths=widths,
        width=pdf.epw,
        text_align="LEFT",
        line_height=3.4,
        wrapmode=wrap,
        headings_style=FontFace(emphasis="BOLD", fill_color=(238, 242, 247)),
        borders_layout="SINGLE_TOP_LINE",
        padding=0.8,
    ) as table:
        head = table.row()
        for h in b.headers:
            head.cell(h)
        for row in b.rows:
            r = table.row()
            for cell in row:
                r.cell(_text(cell) or " ")
    pdf.ln(2)


def _pdf_image(pdf: FPDF, b: Img, wrap: WrapMode) -> None:
    width = pdf.epw
    if pdf.get_y() > pdf.h - 80:
        pdf.add_page()
    pdf.image(io.BytesIO(b.png), w=min(width, 175))
    pdf.set_font(PDF_FAMILY, "", 7.5)
    pdf.set_text_color(90, 90, 90)
    cap = b.caption + (f" [{b.sid}]" if b.sid else "")
    pdf.multi_cell(width, 4, cap, wrapmode=wrap, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(20, 20, 20)
    pdf.ln(2)


def _pdf_sources(pdf: FPDF, b: Sources, lang: str) -> None:
    pdf.set_font(PDF_FAMILY, "", 6.5)
    for s in b.trace:
        pdf.multi_cell(
            pdf.epw,
            3.1,
            _source_text(s, lang),
            wrapmode=WrapMode.CHAR,
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(0.8)


def _source_text(s: dict[str, Any], lang: str) -> str:
    bits = [f"[{s['id']}] {s['what']}"]
    if s.get("query"):
        bits.append(f"{t('named_query', lang)}: {s['query']}")
    if s.get("params"):
        bits.append(
            f"{t('parameters', lang)}: " + ", ".join(f"{k}={v}" for k, v in s["params"].items())
        )
    if s.get("command"):
        bits.append(f"{t('command', lang)}: {s['command']}")
    iris = s.get("iris") or []
    if iris:
        more = f" (+{len(iris) - IRIS_LISTED} {t('more', lang)})" if len(iris) > IRIS_LISTED else ""
        bits.append(f"{t('entities', lang)} ({len(iris)}): " + " ".join(iris[:IRIS_LISTED]) + more)
    return "\n".join(bits)


# --- DOCX ---------------------------------------------------------------------------------


def _east_asian(run: Any, family: str) -> None:
    from docx.oxml.ns import qn

    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), family)


def _add_runs(par: Any, runs: list[R], family: str, size: float | None = None) -> None:
    from docx.shared import Pt, RGBColor

    for r in runs:
        run = par.add_run(r.text)
        run.bold = r.bold or None
        if size:
            run.font.size = Pt(size)
        if r.href and not r.href.startswith("#"):
            run.font.color.rgb = RGBColor(0x1F, 0x5F, 0xA0)
        _east_asian(run, family)


def to_docx(data: dict[str, Any], blocks: list[Block] | None = None) -> bytes:
    from docx import Document  # python-docx only when a DOCX is written: imported here
    from docx.enum.section import WD_ORIENT
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    lang = data["lang"]
    blocks = blocks if blocks is not None else document(data)
    font = find_cjk_font()
    family = font.family if font else ("Microsoft YaHei" if lang == "zh" else "Calibri")
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.left_margin = sec.right_margin = Cm(1.6)
    sec.top_margin = sec.bottom_margin = Cm(1.6)
    for style_name in ("Normal", "Heading 1", "Heading 2", "Heading 3", "Table Grid"):
        try:
            style = doc.styles[style_name]
        except KeyError:
            continue
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = rpr.makeelement(qn("w:rFonts"), {})
            rpr.append(fonts)
        fonts.set(qn("w:eastAsia"), family)
        if style_name == "Normal":
            style.font.name = family
            style.font.size = Pt(9.5)
    doc.core_properties.title = blocks[0].text if blocks and isinstance(blocks[0], H) else ""
    doc.core_properties.language = "zh-CN" if lang == "zh" else "en"
    for b in blocks:
        if isinstance(b, H):
            head = doc.add_heading(level=b.level)
            _add_runs(head, [R(b.text)], family)
        elif isinstance(b, P):
            par = doc.add_paragraph()
            _add_runs(par, b.runs, family, 8 if b.style in ("note", "meta") else None)
        elif isinstance(b, Table):
            table = doc.add_table(rows=1, cols=len(b.headers))
            table.style = "Table Grid"
            total = sum(b.widths) if b.widths else len(b.headers)
            for i, h in enumerate(b.headers):
                cell = table.rows[0].cells[i]
                cell.paragraphs[0].text = ""
                _add_runs(cell.paragraphs[0], [R(h, bold=True)], family, 8)
            for row in b.rows:
                cells = table.add_row().cells
                for i, runs in enumerate(row):
                    _add_runs(cells[i].paragraphs[0], runs, family, 7.5)
            if b.widths:
                for row in table.rows:
                    for i, cell in enumerate(row.cells):
                        cell.width = Cm(17.8 * b.widths[i] / total)
            doc.add_paragraph()
        elif isinstance(b, Img):
            doc.add_picture(io.BytesIO(b.png), width=Cm(16.5))
            cap = doc.add_paragraph()
            _add_runs(cap, [R(b.caption + (f" [{b.sid}]" if b.sid else ""))], family, 8)
        elif isinstance(b, Sources):
            for s in b.trace:
                par = doc.add_paragraph()
                _add_runs(par, [R(_source_text(s, lang))], family, 7)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def check_format_font(fmt: str, lang: str) -> None:
    """Fail early (before the work) when a zh PDF cannot embed a CJK font."""
    if fmt == "pdf" and lang == "zh":
        require_cjk_font()


__all__ = ["ConfigError", "check_format_font", "to_docx", "to_pdf"]
