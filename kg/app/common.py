"""Shared plumbing of the app pages: the store, caches keyed on the store version, the
language, errors and the interactive graph widget. No SPARQL and no ranking here."""

from __future__ import annotations

import csv
import io
import json
import warnings
from pathlib import Path
from typing import Any

import streamlit as st

from kg.app import profiles
from kg.app.console import QueryRunner
from kg.app.i18n import pick, t
from kg.app.profiles import chain_map_points
from kg.chains import industry, technology
from kg.chains.industry import list_chains
from kg.cli.core import stats_data
from kg.errors import KGError
from kg.experts.index import get_index
from kg.settings import default_store_path
from kg.shacl import validate_store
from kg.store import open_store


# -- store, version, language ----------------------------------------------------------------
def store_path() -> str:
    spec = default_store_path()
    return spec if "://" in spec else str(Path(spec).resolve())


@st.cache_resource(show_spinner=False)
def store_at(path: str) -> Any:
    return open_store(path)


def store() -> Any:
    return store_at(store_path())


def version() -> str:
    """The published version: every cached result is keyed on it."""
    v = store().current_version()
    return v or "empty"


def lang() -> str:
    return st.session_state.get("lang", "en")


def tr(key: str, **fmt: Any) -> str:
    return t(key, lang(), **fmt)


def label(obj: dict[str, Any], en: str = "label", zh: str = "label_zh") -> str:
    return pick(obj.get(en), obj.get(zh), lang())


def show_error(e: Exception) -> None:
    """A KGError's message as st.error (the message already names what failed and the fix)."""
    st.error(str(e) if isinstance(e, KGError) else f"{type(e).__name__}: {e}")


# -- cached kg calls (keyed on store path + version) -----------------------------------------
@st.cache_resource(show_spinner=False, max_entries=2)
def index_at(path: str, ver: str) -> Any:

    return get_index(store_at(path))


def index() -> Any:
    return index_at(store_path(), version())


@st.cache_resource(show_spinner=False)
def _runner(path: str) -> Any:

    s = store_at(path).settings
    return QueryRunner(path, timeout=s.query_timeout_s, limit=s.result_limit)


def query_runner() -> Any:
    return _runner(store_path())


@st.cache_data(show_spinner=False, max_entries=8)
def stats(path: str, ver: str) -> dict[str, Any]:

    return stats_data(store_at(path))


@st.cache_data(show_spinner=False, max_entries=8)
def chains(path: str, ver: str) -> list[dict[str, Any]]:

    return [vars(c) for c in list_chains(store_at(path))]


@st.cache_data(show_spinner=False, max_entries=32)
def chain_views(path: str, ver: str, chain: str, home: str) -> tuple[dict, dict]:
    """The chain's view and its weak links (every row), the store read once for both."""
    return industry.chain_views(store_at(path), chain, home=home)


@st.cache_data(show_spinner=False, max_entries=32)
def chain_points(path: str, ver: str, chain: str, lang_: str) -> list[dict[str, Any]]:

    return chain_map_points(store_at(path), chain, lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def technologies(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    return profiles.technologies(store_at(path), lang_)


@st.cache_data(show_spinner=False, max_entries=64)
def technology_chain(path: str, ver: str, tech: str, depth: int) -> dict[str, Any]:
    return technology.technology_chain(store_at(path), tech, depth=depth)


@st.cache_data(show_spinner=False, max_entries=8)
def institutions(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    return profiles.institutions(index_at(path, ver), lang_)


@st.cache_data(show_spinner=False, max_entries=32)
def institution_profile(path: str, ver: str, iri: str, lang_: str) -> dict[str, Any]:
    return profiles.institution_profile(store_at(path), index_at(path, ver), iri, lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def demands(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    return profiles.demands(store_at(path), lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def validation(path: str, ver: str) -> dict[str, Any]:

    report = validate_store(store_at(path))
    return report.as_json()


# -- downloads -------------------------------------------------------------------------------
def csv_bytes(rows: list[dict[str, Any]], columns: list[str] | None = None) -> bytes:
    """CSV with a UTF-8 BOM (Excel in China reads it as UTF-8)."""
    buf = io.StringIO()
    cols = columns or (list(rows[0]) if rows else [])
    w = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore")
    w.writeheader()
    for r in rows:
        w.writerow({k: _cell(r.get(k)) for k in cols})
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def _cell(v: Any) -> Any:
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    if isinstance(v, dict):
        return json.dumps(v, ensure_ascii=False)
    return v


def json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# -- interactive graph -----------------------------------------------------------------------
GROUP_COLORS = {
    "Technology": "#2a9d8f",
    "Focus": "#e76f51",
    "Expert": "#264653",
    "Institution": "#e9c46a",
    "Work": "#8ab17d",
}


def graph_widget(
    nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]], key: str, height: int = 420
) -> list[str]:
    """Draw nodes/edges with st-link-analysis; return node ids the user asked to expand.

    ``nodes``: id -> {"group", "name"}; ``edges``: {"source", "target", "label"}. Each expand
    event is returned once (its timestamp is remembered in session state).
    """
    from st_link_analysis import EdgeStyle, NodeStyle, st_link_analysis

    elements = {
        "nodes": [
            {"data": {"id": i, "label": n["group"], "name": n["name"]}} for i, n in nodes.items()
        ],
        "edges": [
            {
                "data": {
                    "id": f"e{k}",
                    "label": e["label"],
                    "source": e["source"],
                    "target": e["target"],
                }
            }
            for k, e in enumerate(edges)
            if e["source"] in nodes and e["target"] in nodes
        ],
    }

    class _Node(NodeStyle):  # readable captions at the default zoom (the widget's are 3.6 px)
        def dump(self) -> dict[str, Any]:
            out = super().dump()
            out["style"].update({"font-size": 7, "text-wrap": "ellipsis", "text-max-width": 90})
            return out

    groups = sorted({n["group"] for n in nodes.values()})
    node_styles = [_Node(g, GROUP_COLORS.get(g, "#999999"), "name") for g in groups]
    with warnings.catch_warnings():  # the widget warns about its own deprecated default
        warnings.simplefilter("ignore")
        edge_styles = [
            EdgeStyle(lbl, caption="label", directed=True)
            for lbl in sorted({e["label"] for e in edges})
        ]
    value = st_link_analysis(
        elements,
        layout="cose",
        node_styles=node_styles,
        edge_styles=edge_styles,
        height=height,
        key=key,
        node_actions=["expand"],
    )
    seen_key = f"_{key}_seen"
    if isinstance(value, dict) and value.get("action") == "expand":
        stamp = value.get("timestamp")
        if st.session_state.get(seen_key) != stamp:
            st.session_state[seen_key] = stamp
            return list(value.get("data", {}).get("node_ids", []))
    return []


def empty_store_notice() -> bool:
    """Show a notice and return True when nothing was ingested yet."""
    if version() == "empty":
        st.info(tr("empty_store"))
        return True
    return False


@st.cache_data(show_spinner=False, max_entries=64)
def technology_yearly(path: str, ver: str, tech: str) -> list[dict[str, Any]]:
    return profiles.technology_yearly(store_at(path), tech)
