"""Institution profile: experts, works per year, technologies, roles in industry chains."""

from __future__ import annotations

import streamlit as st

from kg.app import common as c


def render() -> None:
    st.title(c.tr("page_institution"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    insts = c.institutions(path, ver, c.lang())
    if not insts:
        st.info(c.tr("none_found"))
        return
    by_iri = {i["iri"]: i for i in insts}
    iri = st.selectbox(
        c.tr("pick_institution"),
        list(by_iri),
        key="inst_pick",
        format_func=lambda i: f"{by_iri[i]['name']} ({by_iri[i]['experts']})",
    )
    try:
        p = c.institution_profile(path, ver, iri, c.lang())
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    st.header(p["name"])
    st.caption(
        " · ".join(x for x in [", ".join(p["types"]), p.get("country") or "", p["iri"]] if x)
    )
    a, b, d = st.columns(3)
    a.metric(c.tr("experts"), len(p["experts"]))
    b.metric(c.tr("works"), p["works"])
    d.metric(c.tr("chain_roles"), len(p["chain_roles"]))
    if p["works_per_year"]:
        import plotly.express as px

        fig = px.bar(p["works_per_year"], x="year", y="works", color="type", barmode="stack")
        fig.update_layout(
            height=300, margin={"l": 10, "r": 10, "t": 30, "b": 10}, title=c.tr("works_per_year")
        )
        st.plotly_chart(fig, width="stretch", key="inst_yearly")
    left, right = st.columns(2)
    left.subheader(c.tr("experts"))
    left.dataframe(p["experts"], hide_index=True, width="stretch", column_order=["name", "works"])
    right.subheader(c.tr("technologies"))
    right.dataframe(
        p["technologies"],
        hide_index=True,
        width="stretch",
        column_order=["label", "works", "declared"],
    )
    st.subheader(c.tr("chain_roles"))
    if p["chain_roles"]:
        st.dataframe(
            p["chain_roles"],
            hide_index=True,
            width="stretch",
            column_order=["chain_label", "label", "position", "share", "year"],
        )
    else:
        st.caption(c.tr("none_found"))


if __name__ == "__main__":
    render()
