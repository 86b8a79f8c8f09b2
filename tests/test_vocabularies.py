"""The built-in SKOS vocabularies (kg/schemes.py, ontology/vocab/*.ttl)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from kg.errors import InputError
from kg.schemes import (
    OUTPUTS,
    VOCAB_DIR,
    VOCAB_FILES,
    build_all,
    industry_iri,
    ontology_graph,
    shapes_graph,
)
from kg.vocab import IKG, SKOS, SPARQL_PREFIXES, mint


def load(*names: str) -> ox.Store:
    store = ox.Store()
    for name in names:
        store.bulk_load(path=str(VOCAB_FILES[name]), format=ox.RdfFormat.TURTLE)
    return store


def select(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    return [tuple(t.value for t in row) for row in store.query(SPARQL_PREFIXES + query)]


def notation_lengths(store: ox.Store, scheme: str) -> Counter[int]:
    rows = select(
        store,
        f"""SELECT ?n WHERE {{ ?c a ikg:Industry ; skos:notation ?n ;
            skos:inScheme <{mint("scheme", scheme).value}> }}""",
    )
    return Counter(len(n) for (n,) in rows)


def test_vocabularies_files_parse_and_are_fresh(tmp_path: Path) -> None:
    assert set(VOCAB_FILES) == {"ontology"} | set(OUTPUTS)
    for path in VOCAB_FILES.values():
        assert len(list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))) > 100, path
    built = build_all(tmp_path)
    for name, path in built.items():
        assert path.read_bytes() == (VOCAB_DIR / OUTPUTS[name]).read_bytes(), (
            f"{OUTPUTS[name]} is stale: run python -m kg.schemes"
        )


def test_vocabularies_gbt4754_counts_and_mapping() -> None:
    store = load("vocab-gbt4754", "vocab-isic4")
    # 20 sections (letters), 97 divisions, 274 groups, 1380 classes (data/vocab-src/SOURCE.md)
    assert notation_lengths(store, "gbt4754") == {1: 20, 2: 97, 3: 274, 4: 1380}
    gb = lambda c: mint("industry", "gbt4754", c)  # noqa: E731
    isic = lambda c: mint("industry", "isic4", c)  # noqa: E731
    quads = lambda s, p, o=None: list(store.quads_for_pattern(s, p, o))  # noqa: E731
    # 0111 稻谷种植 (rice) <-> ISIC 0112 Growing of rice: one to one
    assert quads(gb("0111"), SKOS.exactMatch, isic("0112"))
    assert quads(gb("0111"), SKOS.altLabel, ox.Literal("Growing of rice", language="en"))
    # 2614 有机化学原料制造 -> ISIC 2011, shared with other GB classes: closeMatch
    assert quads(gb("2614"), SKOS.closeMatch, isic("2011"))
    assert not quads(gb("2614"), SKOS.exactMatch)
    # hierarchy: class -> group -> division -> section; a division's section by row order
    assert quads(gb("2614"), SKOS.broader, gb("261"))
    assert quads(gb("26"), SKOS.broader, gb("C"))
    assert quads(gb("44"), SKOS.broader, gb("D"))
    assert quads(gb("C"), SKOS.topConceptOf)
    assert quads(gb("2541"), SKOS.prefLabel, ox.Literal("生物质液体燃料生产", language="zh"))
    # a title cut off in the PDF extraction is repaired
    full = ox.Literal("食品、酒、饮料及茶生产专用设备制造", language="zh")
    assert quads(gb("3531"), SKOS.prefLabel, full)
    # every GB concept has a zh label
    (n,) = select(
        store,
        """SELECT (COUNT(?c) AS ?n) WHERE { ?c skos:inScheme ?s .
        FILTER(STRENDS(STR(?s), "gbt4754")) FILTER NOT EXISTS {
        ?c skos:prefLabel ?l FILTER(LANG(?l) = "zh") } }""",
    )[0]
    assert n == "0"


def test_vocabularies_isic_and_naics() -> None:
    store = load("vocab-isic4", "vocab-naics2022")
    assert notation_lengths(store, "isic4") == {1: 21, 2: 88, 3: 238, 4: 419}
    isic = mint("industry", "isic4", "2011")
    labels = {
        (lit.language, lit.value)
        for _, _, lit, _ in store.quads_for_pattern(isic, SKOS.prefLabel, None)
    }
    assert labels == {("en", "Manufacture of basic chemicals"), ("zh", "基本化学品的制造")}
    naics = lambda c: mint("industry", "naics2022", c)  # noqa: E731
    assert list(store.quads_for_pattern(naics("325193"), SKOS.broader, naics("32519")))
    assert list(store.quads_for_pattern(naics("325"), SKOS.broader, naics("31-33")))
    assert list(store.quads_for_pattern(naics("441"), SKOS.broader, naics("44-45")))
    tops = select(
        store, "SELECT ?c WHERE { ?c skos:topConceptOf ?s FILTER(CONTAINS(STR(?s), 'naics')) }"
    )
    assert len(tops) == 20


def test_vocabularies_technology_scheme() -> None:
    store = load("vocab-technology")
    under = select(
        store,
        "SELECT ?c WHERE { ?c skos:broader ?p . VALUES ?p { "
        + " ".join(
            f"<{mint('technology', t).value}>" for t in ("bm-pre", "bm-fuel", "bm-chem", "bm-poly")
        )
        + " } }",
    )
    assert len(under) >= 20
    tech = lambda t: mint("technology", t)  # noqa: E731
    scheme = mint("scheme", "technology")
    has = lambda s, p, o: bool(list(store.quads_for_pattern(s, p, o)))  # noqa: E731
    assert has(tech("bm"), SKOS.topConceptOf, scheme) and has(
        scheme, SKOS.hasTopConcept, tech("coal")
    )
    assert has(tech("bm-pre-enzyme"), IKG.enables, tech("bm-fuel-cellet"))
    assert has(tech("bm-chem-lactic"), IKG.enables, tech("bm-poly-pla"))
    assert has(tech("coal-clean-gasif"), IKG.enables, tech("coal-clean-olefins"))
    assert has(tech("coal-mining-methane"), IKG.dependsOn, tech("coal-mining-safety"))
    assert has(tech("coal-clean-gasif"), IKG.relatedIndustry, mint("industry", "gbt4754", "2522"))
    assert has(tech("bm-fuel-cellet"), SKOS.prefLabel, ox.Literal("纤维素乙醇", language="zh"))
    assert has(tech("bm-fuel-jet"), SKOS.altLabel, ox.Literal("SAF", language="en"))
    trl = list(store.quads_for_pattern(tech("bm-poly-pla"), IKG.trl, None))
    assert [q.object for q in trl] == [
        ox.Literal("9", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer"))
    ]


@pytest.mark.parametrize(
    "name",
    [
        "vocab-technology",
        "vocab-ipc",
        "vocab-gbt4754",
        "vocab-isic4",
        "vocab-naics2022",
        "ontology",
    ],
)
def test_vocabularies_conform_to_shapes(name: str) -> None:
    data = rdflib.Graph().parse(VOCAB_FILES[name], format="turtle")
    conforms, _, text = pyshacl.validate(
        data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none"
    )
    assert conforms, text[:2000]


def test_vocabularies_industry_iri() -> None:
    gb = mint("industry", "gbt4754", "2662")
    assert industry_iri("GBT4754:C2662") == gb
    assert industry_iri("GBT4754:2662") == gb
    assert industry_iri(" gbt4754 : c2662 ") == gb
    assert industry_iri("GBT4754:C") == mint("industry", "gbt4754", "C")
    assert industry_iri("ISIC:2011") == mint("industry", "isic4", "2011")
    assert industry_iri("NAICS:325193") == mint("industry", "naics2022", "325193")
    assert industry_iri("NAICS:31-33") == mint("industry", "naics2022", "31-33")
    with pytest.raises(InputError, match="unknown or missing scheme"):
        industry_iri("SIC:2869")
    with pytest.raises(InputError, match="unknown or missing scheme"):
        industry_iri("2662")
    with pytest.raises(InputError, match="no ISIC class '9999'"):
        industry_iri("ISIC:9999")
    with pytest.raises(InputError, match="section C, not A"):
        industry_iri("GBT4754:A2662")
