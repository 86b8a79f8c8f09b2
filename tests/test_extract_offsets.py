"""``ikg extract FILE``: offsets index the file's text as decoded; line ends end entities."""

from __future__ import annotations

import codecs

import pytest

from ingest.extract.ents import Ent
from ingest.extract.recognise import clean_entities, line_chunks
from ingest.loaders.report_text import read_text_report

EN_LINES = [
    "Professor Wei Li of Tsinghua University visited Beijing in 2023.",
    "",
    "United States",
    "Willy Unger\tMicrosoft Corporation",
    "Café owner José Núñez met Angela Merkel in Berlin 😀 yesterday.",
    "The cafe\u0301 of Jilin University hosted 👩‍🔬 Marie Curie.",
    "",
    "",
    "Dept. of Chemistry, Peking University, Beijing 100871, China",
]
PROSE = (
    "The new laboratory of Jilin University opened in Changchun this spring and its "
    "first projects study polylactic acid with partners from Peking University and "
    "the Chinese Academy of Sciences, while Professor Wei Li leads the team that "
    "builds the pilot line for straw ethanol near the city of Siping. "
)
ZH_LINES = [
    "中国科学院长春应用化学研究所的李伟研究员",
    "与吉林大学合作开展聚乳酸研究。",
    "",
    "\t清华大学\t王强教授😀来到长春。",
]


def _extract(cli, tmp_path, name: str, data: bytes, lang: str) -> list[dict]:
    p = tmp_path / name
    p.write_bytes(data)
    res = cli("extract", str(p), "--lang", lang, "--json", "--store", str(tmp_path / "none"))
    assert res.code == 0, res.stderr
    return res.json()["entities"]


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_extract_offsets_index_the_english_file_text(cli, tmp_path, eol):
    text = eol.join(EN_LINES) + eol
    ents = _extract(cli, tmp_path, "en.txt", text.encode(), "en")
    assert ents
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"], e
        assert not any(c in e["text"] for c in "\r\n\t"), e
    got = {(e["text"], e["type"]) for e in ents}
    assert ("Tsinghua University", "Organization") in got
    assert ("Peking University", "Organization") in got
    assert "United States\nWilly Unger" not in {e["text"] for e in ents}


@pytest.mark.parametrize(
    ("eol", "enc", "bom"),
    [("\n", "utf-8", b""), ("\r\n", "utf-8", codecs.BOM_UTF8), ("\n", "gb18030", b""),
     ("\r\n", "utf-16-le", codecs.BOM_UTF16_LE)],
)  # fmt: skip
def test_extract_offsets_index_the_chinese_file_text(cli, tmp_path, eol, enc, bom):
    text = eol.join(ZH_LINES) + eol
    ents = _extract(cli, tmp_path, "zh.txt", bom + text.encode(enc), "zh")
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"], e
        assert "\n" not in e["text"] and "\r" not in e["text"]
    got = {(e["text"], e["type"]) for e in ents}
    assert ("吉林大学", "Organization") in got
    assert ("清华大学", "Organization") in got


def test_extract_offsets_of_a_wrapped_paragraph_point_into_the_file(cli, tmp_path):
    # hard-wrapped prose: the re-flowed text glues the lines, the offsets still index the file
    words = PROSE.split() * 3
    lines, cur = [], ""
    for w in words:
        if cur and len(cur) + 1 + len(w) > 60:
            lines.append(cur)
            cur = w
        else:
            cur = f"{cur} {w}".strip()
    text = "\n".join([*lines, cur]) + "\n"
    rt = read_text_report(text, "txt")
    assert "\n" not in rt.text  # one paragraph: the wrapped lines were glued
    ents = _extract(cli, tmp_path, "wrapped.txt", text.encode(), "en")
    assert ents
    for e in ents:
        assert text[e["start"] : e["end"]] == e["text"], e
    # found across a wrapped line end: the source slice keeps the line end
    assert "Chinese Academy\nof Sciences" in {e["text"] for e in ents}
    assert "Peking University" in {e["text"] for e in ents}


def test_extract_line_chunks_never_hold_a_line_end():
    text = "a b\r\nc\u2028d\n\n  \ne" + "x" * 30 + "。" + "y" * 40
    spans = line_chunks(text, max_chunk=40)
    assert [text[a:b] for a, b in spans][:3] == ["a b", "c", "d"]
    assert "".join(text[a:b] for a, b in spans[3:]) == text[text.index("e") :]
    assert all(b - a <= 40 for a, b in spans)


def test_extract_clean_entities_drops_spans_across_line_ends():
    text = "United States\nWilly Unger \tJohn Mellencamp - "
    ents = [
        Ent(0, 25, text[0:25], "Organization"),
        Ent(14, 26, text[14:26], "Person"),
        Ent(27, 45, text[27:45], "Person"),
    ]
    out = clean_entities(text, ents)
    assert [(e.text, e.type) for e in out] == [("Willy Unger", "Person"),
                                               ("John Mellencamp", "Person")]  # fmt: skip
    assert all(text[e.start : e.end] == e.text for e in out)


def test_extract_reflow_keeps_one_item_per_line_lists():
    items = [
        "Department of Chemistry, Tsinghua University, Beijing 100084, China",
        "Institute of Physics, Chinese Academy of Sciences, Beijing",
        "Jilin University",
        "School of Materials Science and Engineering, Changchun University of Technology, "
        "Changchun 130012, Jilin, China",
        "Peking University Third Hospital, Beijing 100191, China",
        "吉林大学化学学院，长春 130012",
    ]
    text = "\n".join(items * 5)
    rt = read_text_report(text, "txt")
    assert rt.text == text  # nothing glued, nothing moved
    titles = "\n".join(
        f"A study of polylactic acid blends for packaging, part {i}" for i in range(30)
    )
    assert read_text_report(titles, "txt").text == titles


def test_extract_reflow_maps_markdown_back_to_the_source():
    src = "# Title **bold**\r\n\r\nSome [link](http://x) text\r\ncontinues here.\r\n- item one\r\n- item two\r\n"
    rt = read_text_report(src, "md")
    assert rt.text == "Title bold\n\nSome link text continues here.\nitem one\nitem two"
    assert rt.title == "Title **bold**"
    for word in ("Title", "bold", "link", "continues here", "item two"):
        a = rt.text.index(word)
        s, e = rt.to_source(a, a + len(word))
        assert src[s:e] == word
    # a span over the glued line end maps to the source slice that holds it
    a = rt.text.index("text continues")
    s, e = rt.to_source(a, a + len("text continues"))
    assert src[s:e] == "text\r\ncontinues"
