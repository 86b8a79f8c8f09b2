"""A chain CSV's technologies cell names any technology: a built-in id, an IPC code, or the
id or a label of a concept of a scheme already in the store (kg/tech_names.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pyoxigraph import NamedNode

from ingest.loaders.chain_format import technology_iri
from ingest.pipeline import run_ingest
from kg import vocab
from kg.ipc import ipc_code_concept, ipc_iri
from kg.store.oxigraph import OxigraphStore
from kg.tech_names import TechnologyNames

DATA = Path(__file__).parent / "data" / "schemes"
SEMI = "http://example.org/semi/"


@pytest.fixture(scope="module")
def semi_store(tmp_path_factory: pytest.TempPathFactory) -> OxigraphStore:
    store = OxigraphStore(tmp_path_factory.mktemp("chain-schemes") / "store")
    assert run_ingest(store, [DATA / "semiconductor.ttl"], source="semi").exit_code == 0
    assert run_ingest(store, [DATA / "batteries"], source="batt").exit_code == 0
    return store


def uses(store: OxigraphStore, item: str) -> set[str]:
    rows = store.select(
        "PREFIX ikg: <https://w3id.org/ikg/ontology#> "
        "SELECT ?i ?t WHERE { ?i ikg:usesTechnology ?t ; ikg:localId ?id } ",
    )
    return {r["t"].value for r in rows if r["i"].value.endswith("/" + item)}


@pytest.mark.parametrize(
    ("text", "code"),
    [("H01L", "H01L"), ("h01l 21/027", "H01L"), ("G06V", "G06V"), ("H01", "H01")],
)
def test_schemes_chains_ipc_codes_name_concepts(text: str, code: str) -> None:
    assert ipc_code_concept(text) == ipc_iri(code)
    assert technology_iri(text) == ipc_iri(code)


@pytest.mark.parametrize("text", ["H", "A01Z", "Lithography H01L", "ethanol"])
def test_schemes_chains_non_codes_are_no_ipc(text: str) -> None:
    assert ipc_code_concept(text) is None


def test_schemes_chains_store_names_rank_ids_before_labels(semi_store: OxigraphStore) -> None:
    find = TechnologyNames(semi_store).find
    assert find("Lithography") == [NamedNode(SEMI + "litho")]
    assert find("photolithography") == [NamedNode(SEMI + "litho")]  # altLabel
    assert find("光刻") == [NamedNode(SEMI + "litho")]
    assert find("bat-ssb") == [vocab.mint("technology", "bat-ssb")]  # a CSV scheme's id
    assert find("ALL-SOLID-STATE  battery") == [vocab.mint("technology", "bat-ssb")]
    assert find("warp drive") == []


def _chain_copy(tmp_path: Path, edit: Callable[[str], str]) -> Path:
    """The test chain copied to ``tmp_path`` with its items.csv text passed through ``edit``."""
    folder = tmp_path / "chain"
    shutil.copytree(DATA / "chain", folder)
    items = folder / "items.csv"
    items.write_text(edit(items.read_text(encoding="utf-8")), encoding="utf-8")
    return folder


def test_schemes_chains_technologies_resolve_in_the_store(
    semi_store: OxigraphStore, tmp_path: Path
) -> None:
    folder = _chain_copy(tmp_path, lambda t: t + "cell,chips,Battery cell,电芯,product,,bat-ssb,\n")
    res = run_ingest(semi_store, [folder], source="chain")
    assert res.exit_code == 0, [q.reason for q in res.quarantined]
    assert uses(semi_store, "wafer") == {ipc_iri("H01L").value}  # a group code: its subclass
    assert uses(semi_store, "scanner") == {SEMI + "litho", SEMI + "euv"}  # label, altLabel
    assert uses(semi_store, "etcher") == {SEMI + "etch"}  # a Chinese label
    assert uses(semi_store, "recognizer") == {ipc_iri("G06V").value}  # an IPC 2020+ subclass
    assert uses(semi_store, "cell") == {vocab.mint("technology", "bat-ssb").value}


def test_schemes_chains_unknown_technology_is_a_row_error(
    semi_store: OxigraphStore, tmp_path: Path
) -> None:
    folder = _chain_copy(tmp_path, lambda t: t.replace("刻蚀,", "warp drive,"))
    res = run_ingest(semi_store, [folder], source="chain-bad")
    assert res.exit_code == 1
    [bad] = res.quarantined
    assert "items.csv line 4" in bad.reason and "item_id=etcher" in bad.record
    assert "'warp drive' is no technology" in bad.reason
    # the other rows land
    assert uses(semi_store, "scanner") >= {SEMI + "litho"}


def test_schemes_chains_ambiguous_name_is_an_error(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    ttl = tmp_path / "two.ttl"
    ttl.write_text(
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "@prefix x: <http://example.org/> .\n"
        'x:s a skos:ConceptScheme ; skos:prefLabel "Two schemes in one"@en .\n'
        'x:a-doping a skos:Concept ; skos:inScheme x:s ; skos:prefLabel "Doping"@en .\n'
        'x:b-doping a skos:Concept ; skos:inScheme x:s ; skos:prefLabel "doping"@en .\n'
        'x:implant a skos:Concept ; skos:inScheme x:s ; skos:prefLabel "Ion implantation"@en ;'
        ' skos:hiddenLabel "Doping"@en .\n',
        encoding="utf-8",
    )
    assert run_ingest(store, [ttl], source="two").exit_code == 0
    find = TechnologyNames(store).find
    # the hidden label ranks below the two preferred ones, which tie
    assert find("DOPING") == [
        NamedNode("http://example.org/a-doping"),
        NamedNode("http://example.org/b-doping"),
    ]
    with pytest.raises(ValueError, match="names 2 technologies"):
        technology_iri("Doping", find)
