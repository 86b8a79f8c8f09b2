"""Chinese recognition (Baidu LAC + gazetteer + rules) on small hand-written text."""

from __future__ import annotations

import importlib.util
import random

import pytest

from ingest.extract import lac_zh, nlp_zh
from ingest.extract.ents import Label
from ingest.extract.nlp_zh import recognise_zh
from kg.errors import MissingDependency

JLU = "https://w3id.org/ikg/id/institution/jlu"
LI_A = "https://w3id.org/ikg/id/expert/a"
LI_B = "https://w3id.org/ikg/id/expert/b"


def _got(text: str, labels: list[Label] | None = None) -> set[tuple[str, str]]:
    ents = recognise_zh([text], labels or [])[0]
    for e in ents:
        assert text[e.start : e.end] == e.text, e
    return {(e.text, e.type) for e in ents}


def test_extract_zh_recognise_offsets_index_each_text_and_no_entity_crosses_a_line_end():
    texts = [
        "张伟在北京大学工作。\r\n李娜，女，现任华为技术有限公司副总裁。",
        "",
        "浙江\n大学的王芳教授\u2028来自清华大学。",
    ]
    out = recognise_zh(texts)
    assert len(out) == 3 and out[1] == []
    for text, ents in zip(texts, out, strict=True):
        for e in ents:
            assert text[e.start : e.end] == e.text
            assert not any(c in e.text for c in "\r\n\u2028")
        assert [e.start for e in ents] == sorted(e.start for e in ents)
    first = {(e.text, e.type) for e in out[0]}
    assert {("张伟", "Person"), ("北京大学", "Organization"), ("李娜", "Person"),
            ("华为技术有限公司", "Organization")} <= first  # fmt: skip
    third = {(e.text, e.type) for e in out[2]}
    assert ("王芳", "Person") in third and ("清华大学", "Organization") in third
    assert not any("浙江" in t and "大学" in t for t, _ in third)  # the line end split it


def test_extract_zh_recognise_titles_and_honorifics_are_not_part_of_a_name():
    got = _got("中国矿业大学张明教授团队研发了新工艺。马先生1978年毕业于兰州大学。")
    assert ("张明", "Person") in got and ("张明教授", "Person") not in got
    assert ("马", "Person") in got


def test_extract_zh_recognise_profile_opening_names_a_person():
    got = _got("寻冬生，男，1962年出生，高级工程师。")
    assert ("寻冬生", "Person") in got


def test_extract_zh_recognise_companies_and_departments():
    got = _got(
        "曾任海通证券公司职员、云南云维集团有限公司资产财务部副部长，"
        "现任公司副总经理。1985年兰州大学经济系硕士毕业，中共党员。"
    )
    assert ("海通证券公司", "Organization") in got  # LAC stops before 公司
    assert ("云南云维集团有限公司", "Organization") in got  # the department is cut off
    assert ("公司", "Organization") in got  # the résumé's own company
    assert ("兰州大学经济系", "Organization") in got  # a university's department belongs to it
    assert not any(t == "中共" for t, _ in got)  # party membership, not an organisation


def test_extract_zh_recognise_gazetteer_links_and_keeps_candidates():
    labels = [
        Label("吉林大学", "Organization", JLU),
        Label("李伟", "Person", LI_A),
        Label("李伟", "Person", LI_B),
        Label("蒸汽爆破预处理", "Technology", "https://w3id.org/ikg/id/technology/t1"),
    ]
    ents = recognise_zh(["吉林大学李伟研究员长期从事蒸汽爆破预处理研究。"], labels)[0]
    by_text = {e.text: e for e in ents}
    assert by_text["吉林大学"].iri == JLU and by_text["吉林大学"].method == "gazetteer"
    assert by_text["李伟"].iri is None and sorted(by_text["李伟"].candidates) == [LI_A, LI_B]
    assert by_text["蒸汽爆破预处理"].type == "Technology"
    assert "吉林" not in by_text  # the built-in place stays inside the university's name


def test_extract_zh_recognise_long_line_keeps_offsets():
    filler = "这是一段没有人名的说明文字，" * 40  # 560 characters, cut into chunks inside
    text = filler + "陈静在复旦大学任教。" + filler
    got = recognise_zh([text])[0]
    assert [(e.text, e.start) for e in got if e.type == "Person"] == [("陈静", len(filler))]


def test_extract_zh_lac_entities_bare_model_spans():
    text = "李明在北京大学工作。\n百度是一家高科技公司"
    spans = lac_zh.lac_entities(text)
    assert [(text[a:b], t) for a, b, t in spans] == [
        ("李明", "PER"), ("北京大学", "ORG"), ("百度", "ORG"),
    ]  # fmt: skip


def test_extract_zh_missing_lac_is_an_error_naming_the_package(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "LAC" else real(name, *a)
    )
    with pytest.raises(MissingDependency, match="lac"):
        lac_zh.LacTagger()


def test_extract_zh_recognise_block_size_changes_nothing(monkeypatch):
    text = (
        "张伟在北京大学工作。李娜现任华为技术有限公司副总裁。王芳来自清华大学。\n"
        "陈静在复旦大学任教。\n\n刘洋，男，1970年出生，现任中国银行行长。"
    )
    whole = [(e.start, e.end, e.type) for e in recognise_zh([text, text])[1]]
    monkeypatch.setattr(nlp_zh, "_BLOCK_CHARS", 25)  # cut at every sentence end, small blocks
    small = [(e.start, e.end, e.type) for e in recognise_zh([text, text])[1]]
    assert small == whole and len(whole) >= 10


def test_extract_zh_recognise_a_tab_ends_an_entity_and_spaces_are_trimmed():
    text = "华为技术有限公司\t北京大学\t张伟\n 李娜 在　复旦大学　工作"
    ents = recognise_zh([text])[0]
    assert all("\t" not in e.text and e.text == e.text.strip() for e in ents)
    got = {(e.text, e.type) for e in ents}
    assert {("华为技术有限公司", "Organization"), ("北京大学", "Organization"),
            ("张伟", "Person"), ("复旦大学", "Organization")} <= got  # fmt: skip


def test_extract_zh_lac_tags_do_not_depend_on_the_batch():
    probe = ["来自清华大学。", "大学的王芳教授", "张伟在北京大学工作。"]
    pool = [
        "李明，男，1965年出生，现任中国科学院计算技术研究所研究员。",
        "2008年至今任浙江万丰奥威汽轮股份有限公司董事、副总经理。",
        "王强毕业于吉林大学化学学院，获博士学位。",
        "曾任海通证券公司职员、广东永怡集团股份有限公司证券部经理。",
        "陈静在复旦大学任教。",
        "百度是一家高科技公司",
    ]
    tagger = lac_zh.tagger()
    alone = tagger.tag(probe)
    rng = random.Random(7)
    for _ in range(300):
        others = [p[: rng.randint(3, len(p))] for p in rng.sample(pool, rng.randint(0, 6))]
        at = rng.randint(0, len(others))
        batch = others[:at] + probe + others[at:]
        assert tagger.tag(batch)[at : at + 3] == alone
