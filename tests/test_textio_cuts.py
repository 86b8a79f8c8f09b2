"""Reading text files whatever byte a read stops at: sniffing, encoding detection, decoding."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

import pytest

from ingest.loaders.report_text import sniff_kind
from ingest.loaders.reports import read_report
from ingest.loaders.textio import decode, decode_complete, detect_encoding

HEAD = 8192  # what read_report hands the sniffer
# (encoding, BOM written first, a character of several bytes in that encoding)
CASES = [
    ("utf-8", b"", "中"),  # 3 bytes
    ("utf-8", b"", "😀"),  # 4 bytes
    ("utf-8", b"", "e\u0301"),  # combining accent: 1 + 2 bytes
    ("gb18030", b"", "中"),  # 2 bytes
    ("gb18030", b"", "😀"),  # 4 bytes
    ("utf-16-le", codecs.BOM_UTF16_LE, "中"),  # 2 bytes
    ("utf-16-le", codecs.BOM_UTF16_LE, "😀"),  # surrogate pair, 4 bytes
]


def _encoded(enc: str, bom: bytes, char: str) -> tuple[str, bytes, int]:
    """Text of Chinese lines with ``char`` in the middle, its bytes, and where ``char`` starts."""
    before = "吉林大学的李伟研究聚乳酸。\n" * 150 + "ab"
    text = before + char + "\n" + "长春应用化学研究所。\n" * 300
    start = len(bom) + len(before.encode(enc))
    return text, bom + text.encode(enc), start


@pytest.mark.parametrize(("enc", "bom", "char"), CASES)
def test_textio_sniff_every_cut_of_a_multibyte_character(enc, bom, char):
    text, data, start = _encoded(enc, bom, char)
    want = "utf-16" if bom else enc
    for k in range(len(char.encode(enc)) + 1):
        head = data[: start + k]  # the head ends k bytes into the character
        assert sniff_kind(Path("x.txt"), head) == "text", (enc, char, k)
        assert codecs.lookup(detect_encoding(head)).name == codecs.lookup(want).name, (char, k)
    assert decode(data, "x.txt") == text


@pytest.mark.parametrize(("enc", "bom", "char"), CASES)
def test_textio_report_whose_8k_head_ends_inside_a_character_loads(tmp_path, enc, bom, char):
    text, data, start = _encoded(enc, bom, char)
    # shift the character so that byte 8,192 falls inside it, at each inner position
    # (UTF-16 heads are even, so they can cut a 2-byte character nowhere but between bytes)
    tried = 0
    for k in range(1, len(char.encode(enc))):
        pad = HEAD - start - k
        if pad < 0 or pad % len("a".encode(enc)):
            continue
        shifted = "a" * (pad // len("a".encode(enc))) + text
        raw = bom + shifted.encode(enc)
        p = tmp_path / "r.txt"
        p.write_bytes(raw)
        assert read_report(p, raw, 10**9).source == shifted
        tried += 1
    assert tried or (bom and len(char.encode(enc)) == 2)


@pytest.mark.parametrize(("enc", "bom", "char"), CASES)
def test_textio_file_cut_inside_its_last_character_loads_with_a_warning(enc, bom, char, caplog):
    text = "吉林大学的李伟研究聚乳酸。" * 30 + char
    data = bom + text.encode(enc)
    nbytes = len(char[-1].encode(enc))
    for cut in range(1, nbytes):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="ikg"):
            got = decode(data[:-cut], "cut.txt")
        assert got == text[:-1]
        assert any("ends inside" in r.getMessage() and "cut.txt" in r.getMessage()
                   for r in caplog.records)  # fmt: skip


def test_textio_decode_complete_keeps_the_cut_bytes_out():
    data = "a中😀".encode()
    assert decode_complete(data[:6], "utf-8") == ("a中", 2)
    with pytest.raises(UnicodeDecodeError):
        decode_complete(b"a\xff\xfeb", "utf-8")


@pytest.mark.parametrize("size", [1_000, 8_193, 100_000, 10_000_000])
def test_textio_chinese_utf8_text_files_of_any_size_load(tmp_path, size):
    line = "中国科学院长春应用化学研究所与吉林大学合作开展聚乳酸研究。"
    data = ((line + "\n") * (size // len(line.encode()) + 1)).encode()[:size]
    p = tmp_path / "zh.txt"
    p.write_bytes(data)
    rt = read_report(p, data, 10**9)
    assert rt.fmt == "txt" and rt.source
    assert data.decode("utf-8", "ignore").startswith(rt.source)
    assert len(rt.source.encode()) >= size - 3


def test_textio_gb18030_and_utf16_reports_load(tmp_path):
    text = "吉林大学的李伟研究聚乳酸。\n" * 2000  # far over the 8,192-byte head
    for name, data in [
        ("gb.txt", text.encode("gb18030")),
        ("u16.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")),
        ("u16be.txt", codecs.BOM_UTF16_BE + text.encode("utf-16-be")),
    ]:
        p = tmp_path / name
        p.write_bytes(data)
        rt = read_report(p, data, 10**9)
        assert rt.source == text and rt.text == text.strip()
