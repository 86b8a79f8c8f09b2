"""Map points of a chain's providers (kg/app/profiles.py chain_map_points, app/region_points.rq)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyoxigraph import Literal, Triple
from test_chains_loader import DATA, load_into

from kg import vocab
from kg.app.profiles import chain_map_points
from kg.store.oxigraph import OxigraphStore

CHAIN = vocab.mint("chain", "mini", "mini").value


def place(iri: str, code: str, lat: float, lon: float, parent: str | None = None) -> list[Triple]:
    node = vocab.mint("region", "t", iri)
    out = [
        Triple(node, vocab.TYPE, vocab.REGION),
        Triple(node, vocab.PREF_LABEL, Literal(iri, language="en")),
        Triple(node, vocab.COUNTRY_CODE, Literal(code)),
        Triple(node, vocab.LATITUDE, Literal(str(lat), datatype=vocab.XSD.decimal)),
        Triple(node, vocab.LONGITUDE, Literal(str(lon), datatype=vocab.XSD.decimal)),
    ]
    if parent:
        out.append(Triple(node, vocab.CONTAINED_IN_PLACE, vocab.mint("region", "t", parent)))
    return out


@pytest.mark.timeout(120)
def test_profiles_chain_map_places_only_providers_with_a_known_place(tmp_path: Path) -> None:
    """USA has a top-level region (and a city in it); DEU, JPN and the aggregates have none:
    they get no point, and never a point at every region in the store (the old query joined an
    unbound region with all of them)."""
    store = OxigraphStore(tmp_path / "s")
    extra = place("USA", "USA", 38.0, -97.0) + place("USA-austin", "USA", 30.3, -97.7, "USA")
    load_into(store, DATA / "mini", extra=extra)
    points = chain_map_points(store, CHAIN)
    got = {(p["provider"], p["region"]) for p in points}
    # Beta Ltd's own region (Shandong) has no coordinates in this store: no point either.
    assert got == {("Alpha Corp", "USA"), ("Delta Inc", "USA"), ("United States", "USA")}
    alpha = next(p for p in points if p["provider"] == "Alpha Corp")
    assert (alpha["lat"], alpha["lon"], alpha["items"], alpha["share"]) == (38.0, -97.0, 1, 50.0)
