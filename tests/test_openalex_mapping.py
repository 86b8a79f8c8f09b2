"""The OpenAlex mapping's fast paths give what the plain per-character code gave."""

from __future__ import annotations

import re
import unicodedata

import pytest

from ingest.loaders.fields import clean
from ingest.loaders.openalex import parse_json_text
from kg.errors import LimitError


def _clean_by_character(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(
    "text",
    [
        "Steam explosion  of corn straw ",
        "  leading\tand\ntrailing\r\n",
        "zero\u200bwidth and soft\u00adhyphen",  # format characters (Cf) are dropped
        "bell\x07 and escape\x1b inside",
        "中国科学院\u3000大连化学物理研究所",  # ideographic space collapses
        "Cafe\u0301 decomposed",  # NFD: composed to one character
        "line\u2028separator and non\u00a0breaking",
        "",
    ],
)
def test_fields_clean_fast_path_equals_character_filter(text):
    assert clean(text) == _clean_by_character(text)


def _nested(levels: int) -> str:
    return "[" * levels + "1" + "]" * levels


def test_openalex_depth_limit_counts_the_deepest_value(tmp_path):
    path = tmp_path / "w.json"
    # the number inside 3 lists is at level 3: allowed at limit 3, refused at limit 2
    assert parse_json_text(_nested(3), path, 3) == [[[1]]]
    with pytest.raises(LimitError, match="deeper than 2 levels"):
        parse_json_text(_nested(3), path, 2)
    # an empty container at the limit holds nothing deeper
    assert parse_json_text('{"a": {"b": []}}', path, 2) == {"a": {"b": []}}
    with pytest.raises(LimitError):
        parse_json_text('{"a": {"b": [{}]}}', path, 2)
