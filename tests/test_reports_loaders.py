"""Report loaders: sniffing, text and offsets, and clear errors for bad PDFs and zip bombs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfWriter

from ingest.loaders.reports import LOADER, read_report
from ingest.types import LoadContext
from kg import vocab
from kg.errors import InputError, LimitError
from kg.settings import SAMPLES_DIR, Settings

REPORTS = SAMPLES_DIR / "reports"


def _ctx(lang: str = "auto") -> LoadContext:
    return LoadContext(source="t", settings=Settings(), lang=lang)


def test_reports_samples_cover_formats_and_languages():
    files = sorted(REPORTS.iterdir())
    assert {f.suffix for f in files} >= {".pdf", ".docx", ".html"}
    langs: dict[str, set[str]] = {"en": set(), "zh": set()}
    for rec in LOADER.run(files, _ctx()):
        lang = next(t.object.value for t in rec.triples if t.predicate == vocab.LANGUAGE)
        langs[lang].add(Path(rec.file).suffix)
    assert len(langs["en"]) >= 3 and len(langs["zh"]) >= 3
    assert {".pdf", ".docx", ".html"} <= langs["en"] and {".pdf", ".docx", ".html"} <= langs["zh"]


def test_reports_sniff_by_content_not_extension(tmp_path):
    src = REPORTS / "jilin_straw_ethanol_zh.pdf"
    odd = tmp_path / "report.bin"
    odd.write_bytes(src.read_bytes())
    assert LOADER.sniff(odd, odd.read_bytes()[:4096])
    rt = read_report(odd, odd.read_bytes(), 10**8)
    assert rt.fmt == "pdf" and "纤维素乙醇" in rt.text and "\x00" not in rt.text
    assert not LOADER.sniff(tmp_path / "x.csv", b"a,b\n1,2\n")


def test_reports_text_map_and_hash_point_into_plain_text():
    rec = next(LOADER.run([REPORTS / "changchun_bio_materials_2024.docx"], _ctx()))
    by = {t.predicate: t.object.value for t in rec.triples}
    import hashlib
    import json

    text = by[vocab.PLAIN_TEXT]
    assert by[vocab.TEXT_SHA256] == hashlib.sha256(text.encode()).hexdigest()
    segs = json.loads(by[vocab.TEXT_MAP])
    assert segs and all(text[a:b].strip() == text[a:b] and b > a for a, b, _, _ in segs)
    assert by[vocab.TITLE].startswith("Bio-based Materials in Changchun")


def test_reports_html_is_text_only(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        '<!doctype html><html><head><title>T</title><script>var x="李伟";</script>'
        '<link rel="stylesheet" href="http://example.invalid/x.css"></head>'
        "<body><p>Jilin <b>University</b> works on biogas.</p><img src='http://example.invalid/i.png'>"
        "</body></html>",
        encoding="utf-8",
    )
    rt = read_report(p, p.read_bytes(), 10**8)
    assert rt.text == "Jilin University works on biogas." and rt.title == "T"


def test_reports_lang_override():
    rec = next(LOADER.run([REPORTS / "biogas_jilin_notes.md"], _ctx("zh")))
    assert any(t.predicate == vocab.LANGUAGE and t.object.value == "zh" for t in rec.triples)


def _pdf_bytes(writer: PdfWriter) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("empty", "empty"),
        ("blank", "no extractable text (scanned images?); run OCR first"),
        ("encrypted", "encrypted"),
        ("corrupt", "corrupt"),
    ],
)
def test_reports_bad_pdfs_fail_clearly(tmp_path, kind, message):
    p = tmp_path / "report.pdf"
    if kind == "empty":
        p.write_bytes(b"")
    elif kind == "blank":
        w = PdfWriter()
        w.add_blank_page(200, 200)
        p.write_bytes(_pdf_bytes(w))
    elif kind == "encrypted":
        src = (REPORTS / "jilin_straw_ethanol_2024.pdf").read_bytes()
        from pypdf import PdfReader

        w = PdfWriter(clone_from=PdfReader(io.BytesIO(src)))
        w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
        p.write_bytes(_pdf_bytes(w))
    else:
        p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage\n%%EOF")
    with pytest.raises(InputError) as e:
        read_report(p, p.read_bytes(), 10**8)
    assert "report.pdf" in str(e.value) and message in str(e.value)
    assert "Traceback" not in str(e.value)


def test_reports_docx_zip_bomb_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    p = tmp_path / "bomb.docx"
    p.write_bytes(buf.getvalue())
    assert p.stat().st_size < 200_000
    with pytest.raises(LimitError) as e:
        read_report(p, p.read_bytes(), 10 * 1024 * 1024)
    assert "max_inflated_bytes" in str(e.value) and "bomb.docx" in str(e.value)
