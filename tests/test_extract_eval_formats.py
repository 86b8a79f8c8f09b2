"""``ikg eval extract --format bio|bmes|cluener|affiliations``: reading, joining, scoring."""

from __future__ import annotations

import json

import pytest

from ingest.extract.evaluate import (
    load_gold,
    map_type,
    same_institution,
    score_affiliations,
    score_spans,
    tag_spans,
)
from kg.errors import InputError

BIO = """en:Barack\tB-PER
en:Obama\tI-PER
en:visited\tO
en:Microsoft\tB-ORG
en:in\tO
en:Seattle\tB-LOC

en:Angela\tB-PER
en:Merkel\tI-PER
en:spoke\tO

en:Google\tB-ORG
en:hired\tO
en:Sundar\tB-PER
en:Pichai\tI-PER
"""
BMES = """李 B-NAME
伟 E-NAME
在 O
吉 B-ORG
林 M-ORG
大 M-ORG
学 E-ORG
任 O
教 B-TITLE
授 E-TITLE

王 S-NAME
到 O
长 B-LOC
春 E-LOC
"""
WEIBO = "张0\tB-PER.NAM\n三1\tI-PER.NAM\n去0\tO\n公0\tB-ORG.NOM\n司1\tI-ORG.NOM\n\n北0\tB-GPE.NAM\n京1\tI-GPE.NAM\n"
CLUENER = [
    {"text": "李伟在吉林大学任教授", "label": {"name": {"李伟": [[0, 1]]},
                                       "organization": {"吉林大学": [[3, 6]]},
                                       "position": {"教授": [[8, 9]]}}},
    {"text": "王强去了长春", "label": {"name": {"王强": [[0, 1]]}}},
]  # fmt: skip
AFF = (
    "paper_id\taffiliation_string\tlabels\tlabels_name\n"
    "1\tDept. of Chemistry, Jilin University, Changchun, China\t[1]\t['1 - Jilin University']\n"
    "2\tLaboratory of Metallurgy; PO Box 6200\t[-1]\t['-1 - None']\n"
    "3\tInstitute of Physics, Chinese Academy of Sciences and Peking University, Beijing"
    "\t[2, 3]\t['2 - Chinese Academy of Sciences', '3 - Peking University']\n"
)


def _write(tmp_path, name: str, text: str):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_extract_eval_bio_joins_tokens_and_drops_the_language_prefix(tmp_path):
    g = load_gold(_write(tmp_path, "g.bio", BIO), "bio", "all", "en")
    assert g.text == "Barack Obama visited Microsoft in Seattle\nAngela Merkel spoke\n" \
                     "Google hired Sundar Pichai"  # fmt: skip
    got = {(g.text[a:b], t) for a, b, t in g.spans}
    assert got == {("Barack Obama", "Person"), ("Microsoft", "Organization"),
                   ("Seattle", "Place"), ("Angela Merkel", "Person"),
                   ("Google", "Organization"), ("Sundar Pichai", "Person")}  # fmt: skip
    assert g.types == ["Organization", "Person", "Place"] and g.records == 3


def test_extract_eval_halves_take_even_and_odd_records(tmp_path):
    p = _write(tmp_path, "g.bio", BIO)
    even, odd = load_gold(p, "bio", "even", "en"), load_gold(p, "bio", "odd", "en")
    assert even.text == "Barack Obama visited Microsoft in Seattle\nGoogle hired Sundar Pichai"
    assert odd.text == "Angela Merkel spoke"
    assert {(odd.text[a:b], t) for a, b, t in odd.spans} == {("Angela Merkel", "Person")}


def test_extract_eval_bmes_is_character_level_and_scores_mapped_types_only(tmp_path):
    g = load_gold(_write(tmp_path, "g.bmes", BMES), "bmes", "all", "zh")
    assert g.text == "李伟在吉林大学任教授\n王到长春"
    assert {(g.text[a:b], t) for a, b, t in g.spans} == {
        ("李伟", "Person"),
        ("吉林大学", "Organization"),
        ("王", "Person"),
        ("长春", "Place"),
    }
    assert "教授" not in {g.text[a:b] for a, b, _ in g.spans}  # TITLE is not an ikg type


def test_extract_eval_weibo_style_digits_and_nominal_mentions(tmp_path):
    g = load_gold(_write(tmp_path, "w.conll", WEIBO), "bio", "all", "zh")
    assert g.text == "张三去公司\n北京"
    assert {(g.text[a:b], t) for a, b, t in g.spans} == {("张三", "Person"), ("北京", "Place")}


def test_extract_eval_cluener_spans_are_end_inclusive(tmp_path):
    p = _write(tmp_path, "c.json", "\n".join(json.dumps(r, ensure_ascii=False) for r in CLUENER))
    g = load_gold(p, "cluener", "all", "zh")
    assert g.text == "李伟在吉林大学任教授\n王强去了长春"
    assert {(g.text[a:b], t) for a, b, t in g.spans} == {
        ("李伟", "Person"),
        ("吉林大学", "Organization"),
        ("王强", "Person"),
    }
    bad = dict(CLUENER[1], label={"name": {"王强": [[1, 2]]}})
    p2 = _write(tmp_path, "bad.json", json.dumps(CLUENER[0], ensure_ascii=False) + "\n"
                + json.dumps(bad, ensure_ascii=False))  # fmt: skip
    with pytest.raises(InputError, match=r"bad\.json: line 2"):
        load_gold(p2, "cluener", "all", "zh")


def test_extract_eval_bad_tag_line_names_file_and_line(tmp_path):
    p = _write(tmp_path, "x.bio", "Paris\tB-LOC\nis\tX-Y\n")
    with pytest.raises(InputError, match=r"x\.bio: line 2"):
        load_gold(p, "bio", "all", "en")


def test_extract_eval_tag_schemes_and_type_map():
    assert tag_spans(["B-PER", "I-PER", "O", "I-ORG", "B-ORG", "I-LOC"]) == [
        (0, 2, "PER"),
        (3, 4, "ORG"),
        (4, 5, "ORG"),
        (5, 6, "LOC"),
    ]
    assert tag_spans(["B-X", "M-X", "E-X", "S-Y", "U-Z", "B-W", "L-W"]) == [
        (0, 3, "X"),
        (3, 4, "Y"),
        (4, 5, "Z"),
        (5, 7, "W"),
    ]
    assert [map_type(t) for t in ("NAME", "nt", "corporation", "GPE.NAM", "PER.NOM", "TITLE")] \
        == ["Person", "Organization", "Organization", "Place", None, None]  # fmt: skip


def test_extract_eval_scores_exact_spans_per_type(tmp_path):
    g = load_gold(_write(tmp_path, "g.bio", BIO), "bio", "all", "en")
    pred = [(0, 12, "Person"), (0, 6, "Person"), (21, 30, "Organization"),
            (21, 30, "Person"), (34, 41, "Technology")]  # fmt: skip
    res = score_spans(pred, g)
    assert res["types"]["Person"] == {"tp": 1, "fp": 2, "fn": 2, "precision": 0.3333,
                                      "recall": 0.3333, "f1": 0.3333}  # fmt: skip
    assert res["types"]["Organization"]["precision"] == 1.0
    assert res["types"]["Organization"]["recall"] == 0.5
    assert res["types"]["Place"]["tp"] == 0 and res["types"]["Place"]["fn"] == 1
    assert "Technology" not in res["types"]  # the set does not annotate it: no error


def test_extract_eval_affiliations_match_normalised_names(tmp_path):
    g = load_gold(_write(tmp_path, "a.tsv", AFF), "affiliations", "all", "en")
    lines = g.text.split("\n")
    assert len(lines) == 3 and g.institutions == [
        ["Jilin University"],
        [],
        ["Chinese Academy of Sciences", "Peking University"],
    ]
    assert same_institution("JILIN  University.", "Jilin University")
    assert same_institution("the Peking University", "Peking University")  # ratio 0.81
    assert not same_institution("Institute of Physics, Chinese Academy of Sciences",
                                "Chinese Academy of Sciences")  # ratio 0.55  # fmt: skip

    def at(line: int, name: str) -> tuple[int, int, str]:
        a = g.line_starts[line] + lines[line].index(name)
        return a, a + len(name), "Organization"

    pred = [at(0, "Jilin University"), at(1, "Laboratory of Metallurgy"),
            at(2, "Chinese Academy of Sciences"), at(2, "Beijing")]  # fmt: skip
    inst = score_affiliations(pred, g.text, g)["types"]["Organization"]
    assert (inst["precision_tp"], inst["predicted"], inst["recall_tp"], inst["gold"]) == (
        2,
        4,
        2,
        3,
    )
    assert inst["precision"] == 0.5 and inst["recall"] == 0.6667


def test_extract_eval_cli_scores_a_bio_file(cli, tmp_path):
    p = _write(tmp_path, "g.bio", BIO)
    res = cli("eval", "extract", "--gold", str(p), "--format", "bio", "--lang", "en", "--json",
              "--store", str(tmp_path / "none"))  # fmt: skip
    assert res.code == 0, res.stderr
    data = res.json()
    assert data["offset_mismatches"] == 0 and data["records"] == 3
    assert set(data["types"]) == {"Person", "Organization", "Place"}
    assert data["types"]["Person"]["tp"] + data["types"]["Person"]["fn"] == 3
    assert data["types"]["Person"]["tp"] >= 1  # Barack Obama / Angela Merkel
    text = cli("eval", "extract", "--gold", str(p), "--format", "bio", "--half", "odd",
               "--store", str(tmp_path / "none"))  # fmt: skip
    assert text.code == 0 and "half odd" in text.stdout and "Person" in text.stdout


def test_extract_eval_cli_affiliations_and_bad_format(cli, tmp_path):
    p = _write(tmp_path, "a.tsv", AFF)
    res = cli("eval", "extract", "--gold", str(p), "--format", "affiliations", "--json",
              "--store", str(tmp_path / "none"))  # fmt: skip
    assert res.code == 0, res.stderr
    inst = res.json()["types"]["Organization"]
    assert inst["gold"] == 3 and inst["recall_tp"] >= 1
    bad = cli("eval", "extract", "--gold", str(p), "--format", "conll")
    assert bad.code != 0 and "--format" in bad.stderr
