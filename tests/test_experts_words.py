"""The Chinese forms of an expert's evidence (contribution, work type, subject) for the zh app
and briefings; the JSON keeps the English text."""

from __future__ import annotations

import re

import pytest

from kg.experts.contrib import ROLE_CLASSES, Contrib, role_class
from kg.experts.rank import RankSettings, contribution_weight
from kg.experts.words import contribution_text, matched_text, type_text

CONTRIBS = [
    Contrib(0, "author", 1, 6),
    Contrib(0, "author", 6, 6),
    Contrib(0, "author", 3, 6),
    Contrib(0, "author", 2, 0),
    Contrib(0, "inventor", 1, 4),
    Contrib(0, "inventor", 3, 4),
    Contrib(0, "pi"),
    Contrib(0, "member"),
    Contrib(0, "creator"),
    Contrib(0, "mentioned"),
]


def test_experts_words_every_contribution_in_chinese() -> None:
    assert {ROLE_CLASSES[role_class(c)] for c in CONTRIBS} == set(ROLE_CLASSES)
    for c in CONTRIBS:
        _, desc = contribution_weight(c, RankSettings())
        zh = contribution_text(desc, "zh")
        assert not re.search(r"[A-Za-z]", zh), (desc, zh)
        assert re.findall(r"\d+", zh) == re.findall(r"\d+", desc)  # the position is kept
        assert contribution_text(desc, "en") == desc
    assert contribution_text("first author (1/6)", "zh") == "第一作者 (1/6)"
    assert contribution_text("declared expertise (ikg:hasExpertise)", "zh") == "声明的专长"


@pytest.mark.parametrize(
    ("term", "zh"), [("subject: 糠醛", "主题: 糠醛"), ("lignin", "lignin"), ("预处理", "预处理")]
)
def test_experts_words_matched_terms(term: str, zh: str) -> None:
    assert matched_text(term, "zh") == zh
    assert matched_text(term, "en") == term


def test_experts_words_types() -> None:
    assert [type_text(k, "zh") for k in ("paper", "patent", "project")] == ["论文", "专利", "项目"]
    assert type_text("patent", "en") == "patent"
