"""The Chinese organisation rules and gazetteer on hand-made LAC output (no model needed)."""

from __future__ import annotations

from ingest.extract.ents import Ent, Label
from ingest.extract.lac_zh import Word, split_lines
from ingest.extract.nlp_zh import ZhGazetteer, mask_emoticons
from ingest.extract.zh_names import plausible_person
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


def test_extract_zh_rules_periodicals_and_programmes_are_organisations():
    line = "兼《美术大观》杂志执行主编"
    assert _orgs(line, "兼/v 《/w 美术大观/nw 》/w 杂志/n 执行/vn 主编/n") == ["《美术大观》杂志"]
    line = "在西安电视台《证券天地》栏目担任主持"
    tagged = "在/p 西安电视台/ORG 《/w 证券天地/nw 》/w 栏目/n 担任/v 主持/n"
    assert _orgs(line, tagged) == ["西安电视台《证券天地》栏目"]
    line = "任协会期刊《AP》副主编、《JAPP》审稿人"
    tagged = "任/v 协会/ORG 期刊/n 《/w AP/ORG 》/w 副主编/n 、/w 《/w JAPP/ORG 》/w 审稿人/n"
    assert _orgs(line, tagged) == ["协会期刊《AP》", "《JAPP》"]
    # a book or article title is no organisation
    assert _orgs("著有《论语新解》一书", "著有/v 《/w 论语新解/nw 》/w 一/m 书/n") == []


def test_extract_zh_rules_bracketed_abbreviation_and_short_limited_name():
    line = "任注册国际投资分析师协会（ACIIA）主席"
    tagged = "任/v 注册国际投资分析师协会/ORG （/w ACIIA/n ）/w 主席/n"
    assert _orgs(line, tagged) == ["注册国际投资分析师协会", "ACIIA"]
    assert _orgs("历任惠博普有限董事、", "历任/v 惠博普有限董事/nz 、/w") == ["惠博普有限"]
    assert _orgs(
        "任公司（前身红外有限）副总经理", "任/v 公司/n （/w 前身/n 红外/n 有限/a ）/w 副总经理/n"
    ) == [
        "公司",
        "红外有限",
    ]
    # "有限" as an adjective, or inside "有限公司", makes no short name
    assert _orgs("资源有限的地区", "资源/n 有限/a 的/u 地区/n") == []


def test_extract_zh_rules_an_honour_names_no_affiliation():
    assert (
        _orgs("2011年绍兴市工会积极工作者。", "2011年/TIME 绍兴市工会/ORG 积极/a 工作者/n 。/w")
        == []
    )
    assert _orgs("享受国务院特殊津贴", "享受/v 国务院/ORG 特殊/a 津贴/n") == []
    assert _orgs("任绍兴市工会主席", "任/v 绍兴市工会/ORG 主席/n") == ["绍兴市工会"]


def test_extract_zh_rules_a_name_before_a_company_suffix_is_the_company():
    line = "历任妮维雅（上海）公司成都销售主管"
    words = _words(line, "历任/v 妮维雅/PER （/w 上海/LOC ）/w 公司/n 成都/LOC 销售/vn 主管/n")
    spans = [Ent(2, 5, "妮维雅", "Person", method="ner"), Ent(6, 8, "上海", "Place", method="ner")]
    got = [(e.text, e.type) for e in fix_orgs(line, words, spans) if e.type != "Place"]
    assert got == [("妮维雅（上海）公司", "Organization")]


def test_extract_zh_names_model_persons_must_look_like_names():
    assert plausible_person("张伟") and plausible_person("欧阳娜娜") and plausible_person("小婷")
    assert plausible_person("奥巴马")  # three characters: may be a transliteration
    assert plausible_person("Vicky") and plausible_person("阿诺德·施瓦辛格")
    assert not plausible_person("开心") and not plausible_person("心心心泰迪")


def test_extract_zh_emoticon_codes_are_blanked_with_offsets_kept():
    line = "好开心[哈哈][good]见到张伟[心]"
    masked = mask_emoticons(line)
    assert len(masked) == len(line)
    assert masked == "好开心" + " " * 10 + "见到张伟" + " " * 3
    assert mask_emoticons("数组[0]与[a b]") == "数组[0]与[a b]"
