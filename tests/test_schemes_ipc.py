"""The built-in IPC scheme (kg/ipc.py): titles, hierarchy, and IPC/CPC symbols to concepts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest.pipeline import run_ingest
from kg.errors import MissingDependency
from kg.ipc import (
    SCHEME_IPC,
    build_ipc,
    clean_title,
    heading_parts,
    ipc_concept,
    ipc_iri,
    ipc_subclass,
    ipc_titles,
)
from kg.vocab import BROADER, PREF_LABEL, TECHNOLOGY, TYPE


def test_schemes_ipc_levels_and_titles() -> None:
    titles = ipc_titles()
    levels = Counter(len(code) for code in titles)
    assert levels[1] == 8 and levels[3] >= 120 and levels[4] >= 640
    assert titles["H01L"].startswith("Semiconductor devices; electric solid state devices")
    assert titles["A01B"].startswith("Soil working in agriculture or forestry")
    # cross-references are cut, acronyms kept
    assert not any("(" in t and "/" in t for t in titles.values())
    assert "[ICT]" in titles["G16H"]
    assert clean_title("HARVESTING (combines A01D 41/00); MOWING") == "Harvesting; mowing"


@pytest.mark.parametrize(
    ("code", "subclass"),
    [
        ("H01L 21/027", "H01L"),
        ("H01L21/0274", "H01L"),
        ("H01L0021027000", "H01L"),
        ("C12P 7/10 (2006.01)", "C12P"),
        ("h04w 4/00", "H04W"),
        ("H01L-021/027", "H01L"),  # Derwent spelling
        ("H10D 30/01", "H10D"),  # added after the package's edition (ipc-additions.csv)
        ("G06V 10/82", "G06V"),
        ("Y02E 50/10", None),  # CPC's own section
        ("A01Z 1/00", None),  # no such subclass
        ("ethanol", None),
    ],
)
def test_schemes_ipc_symbols_to_subclass(code: str, subclass: str | None) -> None:
    assert ipc_subclass(code) == subclass
    assert ipc_concept(code) == (ipc_iri(subclass) if subclass else None)


def test_schemes_ipc_concepts_are_technologies_in_a_tree() -> None:
    triples = build_ipc()
    techs = {t.subject for t in triples if t.predicate == TYPE and t.object == TECHNOLOGY}
    assert len(techs) == len(ipc_titles())
    broader = {
        t.subject: t.object for t in triples if t.predicate == BROADER and t.subject in techs
    }
    assert broader[ipc_iri("H01L")] == ipc_iri("H01") and broader[ipc_iri("H01")] == ipc_iri("H")
    assert all(b in techs for b in broader.values())
    zh = {
        t.subject: t.object.value
        for t in triples
        if t.predicate == PREF_LABEL and t.object.language == "zh"
    }
    assert zh[ipc_iri("H")] == "电学" and zh[SCHEME_IPC] == "国际专利分类"


def test_schemes_ipc_heading_parts_name_a_subclass() -> None:
    assert heading_parts("Planting; sowing; fertilising") == ["Planting", "Sowing", "Fertilising"]
    # vague or long parts are no names
    assert heading_parts("Hydraulic cements; apparatus therefor") == ["Hydraulic cements"]
    assert heading_parts("Brushware") == []  # a one-part heading is its prefLabel already


def test_schemes_ipc_exports_link_patents(store) -> None:
    """A Derwent (WoS plain text, IP field) and a Lens-style CSV (CPC Classifications)."""
    exports = Path(__file__).parent / "data" / "schemes" / "exports"
    for name in ("derwent.txt", "lens.csv"):
        r = run_ingest(store, [exports / name])
        assert (r.exit_code, r.records) == (0, 1), (name, r.quarantined)
    rows = store.select(
        "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX ikg: <https://w3id.org/ikg/ontology#>"
        " SELECT ?t ?s WHERE { ?w a ikg:Patent ; dcterms:title ?t ; dcterms:subject ?s }"
    )
    got = {(r["t"].value, r["s"].value.rsplit("/ipc/", 1)[-1]) for r in rows}
    assert got == {
        ("Gate-all-around transistor with inner spacers", "H10D"),
        ("Gate-all-around transistor with inner spacers", "H01L"),
        ("Wafer-level underfill dispensing", "H01L"),
        ("Wafer-level underfill dispensing", "B05C"),
    }  # Y02E (CPC only) links nothing; the codes stay as ikg:ipc
    codes = store.select("SELECT ?c WHERE { ?w <https://w3id.org/ikg/ontology#ipc> ?c }")
    assert "Y02E-010/50" in {c["c"].value for c in codes}


def test_schemes_ipc_missing_package_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    ipc_titles.cache_clear()
    monkeypatch.setattr("kg.ipc.importlib.util.find_spec", lambda name: None)
    try:
        with pytest.raises(MissingDependency, match="wipo"):
            ipc_titles()
    finally:
        monkeypatch.undo()
        ipc_titles.cache_clear()
    assert "H01L" in ipc_titles()
