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

from kg.errors import KGError
from kg.i18n import pick, t
from kg.settings import default_store_path
from kg.store import open_store


# -- store, version, language ----------------------------------------------------------------
def store_path() -> str:
    spec = default_store_path()
    return spec if "://" in spec else str(Path(spec).resolve())


@st.cache_resource(show_spinner=False)
def _open(path: str) -> Any:
    return open_store(path)


def store() -> Any:
    return _open(store_path())


def version() -> str:
    """The published version: every cached result is keyed on it."""
    v = getattr(store(), "current_version", lambda: None)()
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
def _index(path: str, ver: str) -> Any:
    from kg.experts_index import get_index

    return get_index(_open(path))


def index() -> Any:
    return _index(store_path(), version())


@st.cache_resource(show_spinner=False)
def _runner(path: str) -> Any:
    from kg.console import QueryRunner

    s = _open(path).settings
    return QueryRunner(path, timeout=s.query_timeout_s, limit=s.result_limit)


def query_runner() -> Any:
    return _runner(store_path())


@st.cache_data(show_spinner=False, max_entries=8)
def stats(path: str, ver: str) -> dict[str, Any]:
    from kg.cli.core import stats_data

    return stats_data(_open(path))


@st.cache_data(show_spinner=False, max_entries=8)
def chains(path: str, ver: str) -> list[dict[str, Any]]:
    from kg.chains import list_chains

    return [vars(c) for c in list_chains(_open(path))]


@st.cache_data(show_spinner=False, max_entries=32)
def industry_chain(path: str, ver: str, chain: str) -> dict[str, Any]:
    from kg.chains import industry_chain as view

    return view(_open(path), chain)


@st.cache_data(show_spinner=False, max_entries=32)
def weak_links(path: str, ver: str, chain: str, home: str) -> dict[str, Any]:
    from kg.chains import weak_links as view

    return view(_open(path), chain, home=home, limit=0)


@st.cache_data(show_spinner=False, max_entries=32)
def chain_points(path: str, ver: str, chain: str, lang_: str) -> list[dict[str, Any]]:
    from kg.profiles import chain_map_points

    return chain_map_points(_open(path), chain, lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def technologies(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    from kg.profiles import technologies as view

    return view(_open(path), lang_)


@st.cache_data(show_spinner=False, max_entries=64)
def technology_chain(path: str, ver: str, tech: str, depth: int) -> dict[str, Any]:
    from kg.chains import technology_chain as view

    return view(_open(path), tech, depth=depth)


@st.cache_data(show_spinner=False, max_entries=8)
def institutions(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    from kg.profiles import institutions as view

    return view(_index(path, ver), lang_)


@st.cache_data(show_spinner=False, max_entries=32)
def institution_profile(path: str, ver: str, iri: str, lang_: str) -> dict[str, Any]:
    from kg.profiles import institution_profile as view

    return view(_open(path), _index(path, ver), iri, lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def demands(path: str, ver: str, lang_: str) -> list[dict[str, Any]]:
    from kg.profiles import demands as view

    return view(_open(path), lang_)


@st.cache_data(show_spinner=False, max_entries=8)
def validation(path: str, ver: str) -> dict[str, Any]:
    from ingest.pipeline import validate_store

    report = validate_store(_open(path))
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
    from kg.profiles import technology_yearly as view

    return view(_open(path), tech)
