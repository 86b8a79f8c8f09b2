"""Industry-chain explorer: the chain diagram (segments upstream -> downstream, items, input
links, weak links; kg.chains.diagram), the selected item's providers, technologies and experts,
then the weak-link table, the providers and an offline map (kg.chains.industry, kg.app.profiles).
"""

from __future__ import annotations

from typing import Any

import plotly.express as px
import streamlit as st

from kg.app import common as c
from kg.app.i18n import reason
from kg.chains import diagram as D

POSITIONS = ("upstream", "midstream", "downstream")
DIAGRAM_KEY = "chain_diagram"
WEAK_SHOWN = 20  # the table's rows; every row is in the grid below it and in the downloads


@st.cache_data(show_spinner=False, max_entries=64)
def _experts(path: str, ver: str, techs: tuple[str, ...]) -> list[dict[str, Any]]:
    return D.experts_for(c.store_at(path), techs)


def _flow(view: dict) -> None:
    """The segments in flow order under their position (the diagram's legend)."""
    parts = []
    for pos in POSITIONS:
        names = [c.label(s) for s in view["segments"] if (s.get("position") or "midstream") == pos]
        if names:
            parts.append(f"**{c.tr(pos)}** " + ", ".join(names))
    st.markdown(" → ".join(parts))


def _clicked() -> str | None:
    """The IRI of the point clicked in the diagram (Plotly selection), once per click."""
    state = st.session_state.get(DIAGRAM_KEY) or {}
    points = (state.get("selection") or {}).get("points") or []
    if not points:  # deselected: the next click counts even on the same item
        st.session_state.pop("_chain_clicked", None)
    iri = next((p.get("customdata") for p in points if p.get("customdata")), None)
    if isinstance(iri, list):
        iri = iri[0] if iri else None
    if iri and iri != st.session_state.get("_chain_clicked"):
        st.session_state["_chain_clicked"] = iri
        return iri
    return None


def _item_key(view: dict) -> str:
    """The item picker's key: one per chain, so a pick never outlives its chain."""
    return f"chain_item_{view['chain']['iri']}"


def _diagram(view: dict, weak: dict, names: dict[str, str]) -> D.Diagram:
    segs = {s["iri"]: s for s in view["segments"]}
    names_of = {i: c.label(s) for i, s in segs.items()}  # labels fixed now (no state read later)
    a, b, d = st.columns([3, 2, 1])
    keep = a.multiselect(
        c.tr("segment_filter"),
        list(segs),
        default=list(segs),
        format_func=names_of.__getitem__,
        key=f"chain_segs_{view['chain']['iri']}",
    )
    query = b.text_input(c.tr("search_items"), key="chain_search")
    weak_min = d.slider(c.tr("weak_min"), 0.0, 1.0, D.WEAK_MIN, 0.05, key="chain_weak_min")
    dg = D.build(view, weak, segments=[*keep, ""], weak_min=weak_min)
    hits = D.search(dg, query) if query.strip() else []
    clicked = _clicked()
    if clicked and clicked in dg.nodes:
        st.session_state[_item_key(view)] = clicked
    selected = st.session_state.get(_item_key(view))
    counts = c.tr(
        "diagram_counts",
        items=len(dg.items),
        links=len(dg.edges),
        weak=sum(1 for n in dg.items if n.weak),
        score=f"{weak_min:.2f}",
    )
    st.caption(counts + (" · " + c.tr("search_hits", n=len(hits)) if query.strip() else ""))
    lang = c.lang()
    fig = D.figure(
        dg,
        lang,
        c.tr,
        lambda r: reason(r, lang, names),
        hits,
        selected if selected in dg.nodes else None,
        names,
    )
    st.plotly_chart(
        fig,
        width="stretch",
        key=DIAGRAM_KEY,
        on_select="rerun",
        selection_mode="points",
        config={"scrollZoom": True, "displaylogo": False},
    )
    st.caption(c.tr("diagram_legend"))
    return dg


def _option(n: D.Node, lang: str) -> str:
    mark = f"⚠ {n.score:.2f} · " if n.weak else ""
    return mark + D.node_label(n, lang)


def _details(dg: D.Diagram, view: dict, names: dict[str, str]) -> None:
    shown = {i: _option(n, c.lang()) for i, n in dg.nodes.items()}
    options = [n.iri for n in dg.weak_nodes] + sorted(
        (i for i, n in dg.nodes.items() if not n.weak), key=shown.__getitem__
    )
    key = _item_key(view)
    if st.session_state.get(key) not in options:
        st.session_state.pop(key, None)
    iri = st.selectbox(
        c.tr("item_pick"),
        options,
        index=None,
        key=key,
        placeholder=c.tr("item_hint"),
        format_func=shown.__getitem__,
    )
    if not iri:
        return
    node, n = D.find_node(view, iri), dg.nodes[iri]
    box = st.container(border=True, key="chain_item_box")
    box.markdown(f"#### {c.label(node)}")
    if n.score is not None:
        flag = f" · :red[{c.tr('weak_link')}]" if n.weak else ""
        box.markdown(f"**{c.tr('score')}: {n.score:.2f}**{flag}")
        box.markdown("\n".join(f"- {reason(r, c.lang(), names)}" for r in n.reasons))
    box.markdown(f"**{c.tr('providers')}**")
    rows = [
        {
            c.tr("provider"): c.label(p, "name", "name_zh"),
            c.tr("kind"): c.tr(p["kind"]),
            c.tr("country"): p.get("country") or "",
            c.tr("share"): p["share"],
            c.tr("year"): p.get("year"),
        }
        for p in node.get("providers", [])
    ]
    if rows:
        box.dataframe(rows, hide_index=True, width="stretch", key="chain_item_providers")
    else:
        box.caption(c.tr("no_providers"))
    mid, right = box.columns(2)
    techs = node.get("technologies", [])
    mid.markdown(f"**{c.tr('technologies')}**")
    lines = []
    for t in techs:
        extra = ", ".join(x for x in (c.tr(t["stage"]) if t.get("stage") else "",
                                      f"TRL {t['trl']}" if t.get("trl") else "") if x)  # fmt: skip
        lines.append(f"- {c.label(t)}" + (f" ({extra})" if extra else ""))
    mid.markdown("\n".join(lines) if lines else c.tr("no_technologies"))
    right.markdown(f"**{c.tr('experts')}**")
    experts = _experts(c.store_path(), c.version(), tuple(t["iri"] for t in techs))
    lines = [
        f"- {e['name']} ({e['country'] or '–'}; {c.tr('works')} {e['works']})" for e in experts
    ]
    right.markdown("\n".join(lines) if lines else c.tr("no_experts"))


def _provider_rows(view: dict) -> list[dict]:
    rows = []
    for seg in view["segments"]:
        for target, item in [(seg, None)] + [(it, it) for it in seg["items"]]:
            for p in target["providers"]:
                rows.append(
                    {
                        "segment": c.label(seg),
                        "item": c.label(item) if item else "",
                        "provider": c.label(p, "name", "name_zh"),
                        "kind": p["kind"],
                        "share": p["share"],
                        "year": p["year"],
                        "country": p["country"],
                        "region": p["region"],
                    }
                )
    return rows


def _map(points: list[dict]) -> None:
    """Providers over longitude/latitude: a plotly scatter, no tiles, works offline."""
    if not points:
        st.info(c.tr("no_map"))
        return
    size = [max(6.0, (p["share"] or 5.0)) for p in points]
    fig = px.scatter(
        points,
        x="lon",
        y="lat",
        color="kind",
        size=size,
        size_max=28,
        hover_name="provider",
        hover_data={"region": True, "share": True, "items": True, "lon": False, "lat": False},
    )
    fig.update_yaxes(scaleanchor="x", scaleratio=1, title="lat")
    fig.update_xaxes(title="lon")
    fig.update_layout(height=430, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(fig, width="stretch", key="chain_map")


def _weak_links(data: dict, view: dict, names: dict[str, str]) -> None:
    seg_of = {it["iri"]: seg for seg in view["segments"] for it in seg["items"]}
    table = []
    for r in data["rows"]:
        node = D.find_node(view, r["iri"]) or {"label": r["label"]}
        seg = seg_of.get(r["iri"]) or (node if "items" in node else None)
        hhi = r["hhi"] if r["hhi"] is not None else r["hhi_countries"]
        top = r["top_provider"] or ""
        top = (names.get(top) if c.lang() == "zh" else None) or top
        if top and r["top_share"] is not None:
            top += f" ({r['top_share']:g}%)"
        table.append(
            {
                c.tr("items"): c.label(node),
                c.tr("segment"): c.label(seg) if seg else (r["segment"] or ""),
                c.tr("score"): f"{r['score']:.3f}",
                c.tr("top_provider"): top,
                "HHI": f"{hhi:g}" if hhi is not None else "",
                c.tr("reasons"): "; ".join(reason(x, c.lang(), names) for x in r["reasons"]),
            }
        )
    st.table(table[:WEAK_SHOWN])  # a static table: quick to read, slow to draw when long
    if len(table) > WEAK_SHOWN:
        with st.expander(c.tr("weak_all", n=len(table))):
            st.dataframe(table, hide_index=True, width="stretch", key="wl_all")
    a, b = st.columns(2)
    a.download_button(
        c.tr("download_csv"), c.csv_bytes(data["rows"]), "weak_links.csv", "text/csv", key="wl_csv"
    )
    b.download_button(
        c.tr("download_json"),
        c.json_bytes(data),
        "weak_links.json",
        "application/json",
        key="wl_json",
    )


def render() -> None:
    st.title(c.tr("page_industrychain"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    chains = c.chains(path, ver)
    if not chains:
        st.info(c.tr("none_found"))
        return
    shown = {ch["iri"]: c.label(ch) or ch["iri"] for ch in chains}
    iri = st.selectbox(
        c.tr("chain"),
        list(shown),
        key="chain_pick",
        format_func=shown.__getitem__,
    )
    try:
        view, weak = c.chain_views(path, ver, iri, c.store().settings.home_country)
    except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
        c.show_error(e)
        return
    names = D.zh_names(view)
    _flow(view)
    dg = _diagram(view, weak, names)
    _details(dg, view, names)
    tab_w, tab_p, tab_m = st.tabs(  # the map is drawn only when its tab is opened
        [c.tr("weak_links"), c.tr("providers"), c.tr("map")], key="chain_tabs", on_change="rerun"
    )
    with tab_w:
        _weak_links(weak, view, names)
    with tab_p:
        st.dataframe(_provider_rows(view), hide_index=True, width="stretch")
    if tab_m.open:
        with tab_m:
            try:
                _map(c.chain_points(path, ver, iri, c.lang()))
            except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
                c.show_error(e)


if __name__ == "__main__":
    render()
