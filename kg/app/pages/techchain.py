"""Technology-chain explorer: an interactive enables/dependsOn graph with holders (click to
expand), maturity charts of papers and patents per year, TRL and life-cycle stage."""

from __future__ import annotations

import streamlit as st

from kg.app import common as c
from kg.chains.maturity import note_text

HOLDERS_SHOWN = 5


def _graph(root: str) -> None:
    path, ver = c.store_path(), c.version()
    key = f"tech_expanded::{root}"
    expanded: list[str] = st.session_state.setdefault(key, [root])
    nodes: dict[str, dict] = {}
    edges: list[dict] = []
    for tech in expanded:
        try:
            view = c.technology_chain(path, ver, tech, 1)
        except Exception:  # noqa: BLE001 - holders are not technologies: nothing to expand
            continue
        me = view["technology"]["iri"]
        nodes[me] = {
            "group": "Focus" if me == root else "Technology",
            "name": c.label(view["technology"]),
        }
        for n in view["nodes"]:
            nodes.setdefault(n["iri"], {"group": "Technology", "name": c.label(n)})
        for e in view["edges"]:
            edges.append(
                {
                    "source": e["from"],
                    "target": e["to"],
                    "label": c.tr("enables" if e["relation"] == "enables" else "depends_on"),
                }
            )
        for kind, group in (("institutions", "Institution"), ("experts", "Expert")):
            for h in view["holders"][kind][:HOLDERS_SHOWN]:
                nodes.setdefault(h["iri"], {"group": group, "name": h["name"]})
                edges.append(
                    {"source": h["iri"], "target": me, "label": c.tr("n_works", n=h["works"])}
                )
    st.caption(c.tr("graph_hint"))
    for node in c.graph_widget(nodes, edges, key="tech_graph", height=480):
        if node not in expanded and nodes.get(node, {}).get("group") in ("Technology", "Focus"):
            expanded.append(node)
            st.rerun()
    if st.button(c.tr("reset_graph"), key="tech_reset"):
        st.session_state[key] = [root]
        st.rerun()


def _maturity(view: dict) -> None:
    import plotly.express as px

    m = view["maturity"]
    a, b, d = st.columns(3)
    stage = m.get("stage") or m.get("stage_given")
    a.metric(c.tr("stage"), c.tr(stage) if stage else c.tr("insufficient"))
    b.metric(c.tr("trl"), m.get("trl") if m.get("trl") is not None else "—")
    d.metric(c.tr("works"), m.get("works", 0))
    if m.get("note"):
        st.caption(note_text(m["note"], c.lang()))
    yearly = c.technology_yearly(c.store_path(), c.version(), view["technology"]["iri"])
    if yearly:
        fig = px.bar(yearly, x="year", y="works", color="type", barmode="stack")
        fig.update_layout(
            height=320, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=c.tr("works_per_year")
        )
        st.plotly_chart(fig, width="stretch", key="tech_yearly")


def render() -> None:
    st.title(c.tr("page_techchain"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    techs = c.technologies(path, ver, c.lang())
    if not techs:
        st.info(c.tr("none_found"))
        return
    by_iri = {t["iri"]: t for t in techs}
    root = st.selectbox(
        c.tr("technology"), list(by_iri), key="tech_pick", format_func=lambda i: by_iri[i]["label"]
    )
    try:
        view = c.technology_chain(path, ver, root, 3)
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    left, right = st.columns([3, 2])
    with left:
        st.subheader(c.tr("tech_graph"))
        _graph(root)
    with right:
        st.subheader(c.tr("maturity"))
        _maturity(view)
    st.subheader(c.tr("holders"))
    a, b = st.columns(2)
    a.markdown(f"**{c.tr('institutions')}**")
    a.dataframe(
        view["holders"]["institutions"],
        hide_index=True,
        width="stretch",
        column_order=["name", "country", "works"],
    )
    b.markdown(f"**{c.tr('experts')}**")
    b.dataframe(
        view["holders"]["experts"],
        hide_index=True,
        width="stretch",
        column_order=["name", "country", "works"],
    )


if __name__ == "__main__":
    render()
