"""Name normalisation: pinyin, initials, abbreviations, acronyms, full-width forms."""

from __future__ import annotations

from ingest.resolve.names import institution, person
from ingest.resolve.score import inst_similarity, person_name_score


def _same(a: str, b: str) -> float:
    return person_name_score(person(a), person(b))[0]


def test_resolve_names_pinyin_and_orders() -> None:
    for variant in ("Wei Li", "Li Wei", "Li, W.", "W. Li", "LI Wei", "Ｗｅｉ　Ｌｉ"):
        assert _same("李伟", variant) > 0, variant
    assert _same("Wei Li", "Li, Wei") == 0.9
    assert _same("欧阳明", "Ming Ouyang") == 0.9  # compound surname
    assert _same("曾红", "Hong Zeng") == 0.9  # surname reading zeng, not ceng
    assert _same("单磊", "Lei Shan") == 0.9


def test_resolve_names_initials_only_match_same_letter() -> None:
    assert _same("W. Li", "Wei Li") == 0.7
    assert _same("X. Li", "Wei Li") == 0
    assert _same("X.-M. Wang", "Xiaoming Wang") > 0
    assert _same("X.-M. Wang", "X.-L. Wang") == 0
    assert _same("Wei Li", "Wen Li") == 0  # different full given names never match
    assert _same("李伟", "李威") == 0  # same pinyin, different characters


def test_resolve_names_institution_normalisation() -> None:
    a = institution("Dept. of Chemistry, Tsinghua University, Beijing 100084, China")
    assert a.key == "tsinghua university"
    assert (
        institution("Changchun Inst. Appl. Chem.").key
        == institution("Changchun Institute of Applied Chemistry").key
    )
    assert institution("Chinese Academy of Sciences").acronym == "cas"
    assert institution("China University of Mining and Technology").acronym == "cumt"
    assert institution("ＣＡＳ").is_acronym
    assert institution("清华大学化学系").key == "清华大学"
    assert institution("中国科学院大连化学物理研究所").key == "大连化学物理研究所"
    assert (
        inst_similarity(institution("CUMT"), institution("China Univ. of Mining & Technol.")) > 0.85
    )
    assert (
        inst_similarity(
            institution("Zhejiang University"), institution("Zhejiang University of Technology")
        )
        < 0.85
    )
    assert (
        inst_similarity(
            institution("Institute of Chemistry, CAS"), institution("Institute of Physics, CAS")
        )
        < 0.6
    )
