"""The Chinese organisation rules and gazetteer on hand-made LAC output (no model needed)."""

from __future__ import annotations

from ingest.extract.ents import Ent, Label
from ingest.extract.lac_zh import Word, split_lines
from ingest.extract.nlp_zh import ZhGazetteer
from ingest.extract.zh_orgs import fix_orgs

_TYPE = {"PER": "Person", "ORG": "Organization", "LOC": "Place"}


def _words(line: str, tagged: str) -> list[Word]:
    """'武汉市/LOC 工业品/n' -> Words with offsets; the pieces must spell ``line``."""
    out, pos = [], 0
    for piece in tagged.split():
        word, _, tag = piece.rpartition("/")
        assert line.startswith(word, pos), (word, pos)
        out.append(Word(pos, pos + len(word), tag))
        pos += len(word)
    assert pos == len(line)
    return out


def _orgs(line: str, tagged: str) -> list[str]:
    words = _words(line, tagged)
    spans = [
        Ent(w.start, w.end, line[w.start : w.end], _TYPE[w.tag], method="ner")
        for w in words
        if w.tag in _TYPE
    ]
    return [e.text for e in fix_orgs(line, words, spans) if e.type == "Organization"]


def test_extract_zh_rules_company_suffix_and_unit_number_complete_a_name():
    assert _orgs("曾任海通证券公司职员", "曾任/v 海通证券/ORG 公司职员/n") == ["海通证券公司"]
    line = "在兰州军区84564部队工作"
    assert _orgs(line, "在/p 兰州军区/ORG 84564/m 部队/n 工作/v") == ["兰州军区84564部队"]
    line = "任新纶科技（香港）有限公司董事"
    tagged = "任/v 新纶科技/ORG （/w 香港/LOC ）/w 有限公司/n 董事/n"
    assert _orgs(line, tagged) == ["新纶科技（香港）有限公司"]


def test_extract_zh_rules_department_and_title_are_cut_from_a_company():
    line = "湖北人民出版社计划财务部主任"
    assert _orgs(line, "湖北人民出版社计划财务部/ORG 主任/n") == ["湖北人民出版社"]
    line = "武汉四茂纺织站总会计师、"
    assert _orgs(line, "武汉四茂纺织站总会计师/ORG 、/w") == ["武汉四茂纺织站"]
    line = "大恒科技企管部经理"
    assert _orgs(line, "大恒科技企管部/ORG 经理/n") == ["大恒科技"]
    # a department alone is no organisation; a university keeps its schools
    assert _orgs("任人力资源部部长", "任/v 人力资源部/ORG 部长/n") == []
    line = "清华大学经济管理学院会计系副教授"
    assert _orgs(line, "清华大学经济管理学院/ORG 会/v 计系/v 副教授/n") == [
        "清华大学经济管理学院会计系"
    ]


def test_extract_zh_rules_city_joins_a_company_but_a_country_does_not():
    line = "曾任浙江万丰奥威汽轮股份有限公司总经理"
    tagged = "曾任/v 浙江/LOC 万丰奥威汽轮股份有限公司/ORG 总经理/n"
    assert _orgs(line, tagged) == ["浙江万丰奥威汽轮股份有限公司"]
    assert _orgs("美国微软公司宣布", "美国/LOC 微软公司/ORG 宣布/v") == ["微软公司"]


def test_extract_zh_rules_bracketed_pieces_make_one_name():
    line = "就职于长城证券（汇通）深圳二部，"
    tagged = "就职/v 于/p 长城证券/ORG （/w 汇通/ORG ）/w 深圳二部/ORG ，/w"
    assert _orgs(line, tagged) == ["长城证券（汇通）深圳二部"]


def test_extract_zh_rules_untagged_noun_run_with_institution_suffix():
    line = "、武汉市工业品（集团）公司财务处科长"
    tagged = "、/w 武汉市/LOC 工业品/n （/w 集团/n ）/w 公司/n 财务处/n 科长/n"
    assert _orgs(line, tagged) == ["武汉市工业品（集团）公司"]
    line = "武汉纺织品批发站财务主管"
    assert _orgs(line, "武汉纺织品/ORG 批发/vn 站/n 财务/n 主管/n") == ["武汉纺织品批发站"]
    # a generic noun run is not a name: "质检公司" has no proper noun in it
    assert _orgs("质检公司副总经理", "质检/vn 公司/n 副总经理/n") == []


def test_extract_zh_rules_own_company_only_in_a_list_of_posts():
    assert _orgs("现任公司董事。", "现任/v 公司/n 董事/n 。/w") == ["公司"]
    assert _orgs("公司表示，", "公司/n 表示/v ，/w") == []
    assert _orgs("中共党员，", "中共/ORG 党员/n ，/w") == []


def test_extract_zh_rules_gazetteer_longest_match_and_latin_word_edges():
    gaz = ZhGazetteer(
        [
            Label("吉林大学", "Organization", "o:jlu"),
            Label("吉林大学化学学院", "Organization", "o:chem"),
            Label("AI", "Technology", "t:ai"),
            Label("聚乳酸", "Technology", "t:pla"),
            Label("聚乳酸", "Product", "p:pla"),
        ],
        places=False,
    )
    line = "吉林大学化学学院的MAIN项目用AI研究聚乳酸"
    hits = [(line[h.start : h.end], h.kind, h.iris) for h in gaz.find(line)]
    assert hits == [
        ("吉林大学化学学院", "Organization", ("o:chem",)),
        ("AI", "Technology", ("t:ai",)),
        ("聚乳酸", "Technology", ("t:pla",)),  # Technology ranks before Product
    ]


def test_extract_zh_rules_split_lines_every_line_end():
    text = "甲\r\n乙\r丙\u2028丁\n"
    assert split_lines(text) == [(0, "甲"), (3, "乙"), (5, "丙"), (7, "丁"), (9, "")]


def test_extract_zh_rules_a_name_before_department_and_post_is_a_company():
    words = _words("任欣旺达采购部经理；", "任欣旺达/PER 采购部/n 经理/n ；/w")
    spans = [Ent(0, 4, "任欣旺达", "Person", method="ner")]
    got = [(e.text, e.type) for e in fix_orgs("任欣旺达采购部经理；", words, spans)]
    assert got == [("欣旺达", "Organization")]
    assert _orgs("华夏幸福财务高级经理；", "华夏幸福财务/ORG 高级/a 经理/n ；/w") == ["华夏幸福"]
    assert _orgs("九通投资主管会计；", "九通/nz 投资/vn 主管/n 会计/n ；/w") == ["九通投资"]
    # a person before a post alone stays a person; a trade word without a post is no company
    words = _words("张伟经理说", "张伟/PER 经理/n 说/v")
    spans = [Ent(0, 2, "张伟", "Person", method="ner")]
    assert [e.type for e in fix_orgs("张伟经理说", words, spans)] == ["Person"]
    assert _orgs("九通投资了项目", "九通/nz 投资/v 了/u 项目/n") == []
