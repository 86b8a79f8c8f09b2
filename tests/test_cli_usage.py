"""Usage errors end as click prints them (usage line, hint, error; exit 2), never as "a bug in
ikg"; the gazetteer of a store without names adds no spaCy W036 warning to what users see."""

from __future__ import annotations

import warnings

import pytest

from ingest.extract.ents import Label
from ingest.extract.nlp import build_pipeline


@pytest.mark.parametrize(
    ("args", "error"),
    [
        (("ingest",), "Missing argument"),
        (("chain", "industry"), "Missing argument"),
        (("stats", "--no-such-option"), "No such option: --no-such-option"),
        (("no-such-command",), "No such command 'no-such-command'"),
        (("brief", "bm"), "Missing option '-o' / '--output'"),
    ],
    ids=lambda a: "-".join(a) if isinstance(a, tuple) else None,
)
def test_cli_usage_error_is_click_usage(cli, args: tuple[str, ...], error: str) -> None:
    r = cli(*args)
    assert r.code == 2, r.stderr
    assert r.stderr.startswith("Usage: "), r.stderr
    assert f"Error: {error}" in r.stderr and "--help' for help" in r.stderr, r.stderr
    assert "bug in ikg" not in r.stderr and r.stdout == ""


def test_cli_usage_group_without_command_shows_its_help(cli) -> None:
    r = cli("chain")
    assert r.code == 2 and "bug in ikg" not in r.stderr
    assert "Usage: " in r.stderr and "weak-links" in r.stderr


@pytest.mark.parametrize(("lang", "ner"), [("en", True), ("en", False), ("zh", False)])
def test_cli_usage_empty_gazetteer_warns_nothing(lang: str, ner: bool) -> None:
    """A store without labels (or without places) gives empty gazetteers: spaCy's ruler would
    warn W036 on every text; the gazetteer does not call it and finds nothing."""
    tech = "https://example.org/tech/steam-explosion"
    text = "Tsinghua University 清华大学 studies steam explosion in Beijing"
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        empty = build_pipeline(lang, [], ner=ner)(text)
        one = build_pipeline(lang, [Label("steam explosion", "Technology", tech)], ner=ner)(text)
    assert not [w for w in seen if "W036" in str(w.message)], [str(w.message) for w in seen]
    assert tech not in {e.kb_id_ for e in empty.ents}
    assert tech in {e.kb_id_ for e in one.ents}  # a gazetteer with names still finds them
