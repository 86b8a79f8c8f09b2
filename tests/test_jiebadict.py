"""kg.jiebadict: jieba's dictionary from saved arrays cuts Chinese text exactly as jieba does."""

from __future__ import annotations

import jieba
import numpy as np

from kg.jiebadict import FreqMap, use_saved_dictionary

TEXTS = [
    "纤维素乙醇预处理工艺的中试与工业化放大",
    "煤层瓦斯抽采与微震监测，安全开采自动化；生物质气化合成气制甲醇",
    "基于深度学习的锂离子电池电极材料筛选和寿命预测研究",
    "南京大学化学化工学院在二氧化碳捕集与封存方面的进展",
    "研究生命起源",  # an ambiguous cut: the route's probabilities decide it
]


def test_jiebadict_cuts_like_jieba_and_reloads_memory_mapped(tmp_path, monkeypatch):
    monkeypatch.setenv("IKG_CACHE_DIR", str(tmp_path))
    reference = jieba.Tokenizer()
    reference.tmp_dir = str(tmp_path / "jieba-own")  # jieba's own marshal cache, apart
    (tmp_path / "jieba-own").mkdir()
    built = jieba.Tokenizer()
    assert use_saved_dictionary(built, jieba)  # builds and saves the arrays
    assert not use_saved_dictionary(built, jieba)  # already initialised: left alone
    saved = sorted(p.name for p in tmp_path.glob("jieba-*.npy"))
    assert [n.rsplit("-", 1)[1] for n in saved] == ["counts.npy", "keys.npy", "total.npy"]
    loaded = jieba.Tokenizer()
    assert use_saved_dictionary(loaded, jieba)
    assert isinstance(loaded.FREQ, FreqMap) and isinstance(loaded.FREQ.keys, np.memmap)
    reference.initialize()
    assert loaded.total == reference.total == built.total
    for text in TEXTS:
        want = reference.lcut_for_search(text)
        assert built.lcut_for_search(text) == want
        assert loaded.lcut_for_search(text) == want
        assert loaded.lcut(text, HMM=False) == reference.lcut(text, HMM=False)
    # a word added later (jieba writes FREQ) is seen by both
    for tok in (reference, loaded):
        tok.add_word("瓦斯抽采", freq=5000)
    assert loaded.lcut(TEXTS[1]) == reference.lcut(TEXTS[1])
    assert "瓦斯抽采" in loaded.lcut(TEXTS[1])


def test_jiebadict_freqmap_reads_like_a_dict(monkeypatch):
    m = FreqMap(np.array(["a", "ab", "b"]), np.array([3, 0, 5]))
    assert m.get("ab") == 0 and "ab" in m and m["b"] == 5 and m.get("zz") is None
    assert "zz" not in m and 7 not in m
    m["zz"] = 2
    assert m["zz"] == 2 and len(m) == 4 and list(m) == ["a", "ab", "b", "zz"]
    monkeypatch.setattr(FreqMap, "LOOKUPS", 3)  # many lookups: the arrays become a dict
    many = FreqMap(np.array(["a", "ab", "b"]), np.array([3, 0, 5]))
    answers = [many.get(k) for k in ("a", "x", "b", "ab", "a", "x")]
    assert answers == [3, None, 5, 0, 3, None] and many.full == {"a": 3, "ab": 0, "b": 5}
    assert "ab" in many and "x" not in many


def test_jiebadict_freqmap_searches_each_key_once():
    m = FreqMap(np.array(["a", "ab", "b"]), np.array([3, 0, 5]))
    answers = [m.get(k) for k in ("ab", "zz", "ab", "zz", "b")] + ["zz" in m, "ab" in m]
    assert answers == [0, None, 0, None, 5, False, True]
    assert m.lookups == 3 and m.found == {"ab": 1, "zz": -1, "b": 2}


def test_jiebadict_import_jieba_without_pkg_resources(monkeypatch):
    import sys

    from kg.jiebadict import import_jieba

    for name in ("jieba", "jieba._compat"):  # imported again, as in a new process
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.delitem(sys.modules, "pkg_resources", raising=False)
    again = import_jieba()
    assert again.__name__ == "jieba" and "pkg_resources" not in sys.modules
    with again.get_dict_file() as f:  # its data files open without pkg_resources
        assert f.read(20)
