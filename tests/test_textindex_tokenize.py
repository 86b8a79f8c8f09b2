"""Tokenisation (en stemming, zh jieba), BM25 and taxonomy matching/expansion."""

from __future__ import annotations

import json

from kg.textindex import Taxonomy, TextIndex, tokenize


def test_textindex_english_stemming():
    assert tokenize("Pretreatments of the pretreated straw") == ["pretreat", "pretreat", "straw"]
    assert tokenize("the of and") == []


def test_textindex_chinese_jieba():
    toks = tokenize("纤维素乙醇 预处理")
    assert {"纤维素", "乙醇", "预处理"} <= set(toks)
    assert tokenize("的 了 和") == []


def test_textindex_bm25_scores():
    ix = TextIndex([tokenize("steam explosion of straw"), tokenize("biodiesel from oil")])
    s = ix.scores({"steam": 1.0, "unknown": 1.0})
    assert s[0] > 0 and s[1] == 0


def test_textindex_taxonomy_match_and_expansion():
    tx = Taxonomy.build(
        [
            ("t:fuel", "Biofuels", "en", True),
            ("t:fuel", "生物燃料", "zh", True),
            ("t:cell", "Cellulosic ethanol", "en", True),
            ("t:cell", "纤维素乙醇", "zh", True),
            ("t:cell", "second-generation ethanol", "en", False),
        ],
        [("t:cell", "t:fuel")],
    )
    assert set(tx.match("experts on biofuels")) == {"t:fuel"}
    assert set(tx.match("纤维素乙醇 预处理")) == {"t:cell"}
    assert set(tx.match("second generation ethanol plants")) == {"t:cell"}
    assert tx.closure(["t:fuel"]) == {"t:fuel", "t:cell"}
    assert {"cellulosic", "ethanol"} <= tx.expansion_terms(["t:fuel"])


def test_textindex_taxonomy_match_from_a_saved_label_index():
    rows = [
        ("t:gas", "Coal seam gas", "en", True),
        ("t:gas", "coal seam methane", "en", False),
        ("t:seam", "Seam", "en", True),
        ("t:drain", "Gas drainage", "en", True),
        ("t:drain", "瓦斯抽采", "zh", True),
    ]
    tx = Taxonomy.build(rows, [])
    # a text naming the same technology by two labels: the first label in index order wins
    text = "coal seam methane and coal seam gas drainage; 瓦斯 抽采"
    found = tx.match(text)
    assert found == {"t:gas": "Coal seam gas", "t:seam": "Seam", "t:drain": "Gas drainage"}
    assert list(found) == ["t:gas", "t:seam", "t:drain"]  # in label-index order
    saved = json.loads(json.dumps(tx.label_index))  # as kg.experts.storage keeps it
    back = Taxonomy.build(rows, [], saved)
    assert back.label_index == tx.label_index
    assert back.match(text) == found and list(back.match(text)) == list(found)
    assert back.match("a seam of coal") == {"t:seam": "Seam"}  # words out of order: no label
    assert tx.match("瓦斯抽采") == {"t:drain": "瓦斯抽采"}
