"""Industry-chain explorer: upstream -> midstream -> downstream, providers, an offline map and
the weak links with their reasons (all from kg.chains.industry and kg.app.profiles)."""

from __future__ import annotations

import streamlit as st

from kg.app import common as c
from kg.app.i18n import reason

POSITIONS = ("upstream", "midstream", "downstream")


def _segments_view(view: dict) -> None:
    cols = st.columns(len(POSITIONS))
    for col, pos in zip(cols, POSITIONS, strict=True):
        col.markdown(f"#### {c.tr(pos)}")
        for seg in view["segments"]:
            if (seg.get("position") or "midstream") != pos:
                continue
            box = col.container(border=True)
            box.markdown(f"**{c.label(seg)}**")
            lines = []
            for it in seg["items"]:
                n = len([p for p in it["providers"] if not p["aggregate"]])
                extra = f" · {n} {c.tr('providers').lower()}" if n else ""
                lines.append(f"- {c.label(it)} *({it.get('kind') or ''})*{extra}")
            if lines:
                box.markdown("\n".join(lines))
            techs = [c.label(tech) for tech in seg["technologies"]]
            if techs:
                box.caption(", ".join(techs))


def _provider_rows(view: dict) -> list[dict]:
    rows = []
    for seg in view["segments"]:
        for target, item in [(seg, None)] + [(it, it) for it in seg["items"]]:
            for p in target["providers"]:
                rows.append(
                    {
                        "segment": c.label(seg),
                        "item": c.label(item) if item else "",
                        "provider": p["name"],
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
    import plotly.express as px

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


def _weak_links(data: dict, view: dict) -> None:
    names = {seg["iri"]: seg for seg in view["segments"]}
    names.update({it["iri"]: it for seg in view["segments"] for it in seg["items"]})
    seg_of = {it["iri"]: seg for seg in view["segments"] for it in seg["items"]}
    rows = data["rows"]
    table = []
    for r in rows:
        node = names.get(r["iri"], {"label": r["label"]})
        seg = seg_of.get(r["iri"]) or (names.get(r["iri"]) if r["iri"] in names else None)
        hhi = r["hhi"] if r["hhi"] is not None else r["hhi_countries"]
        top = r["top_provider"] or ""
        if top and r["top_share"] is not None:
            top += f" ({r['top_share']:g}%)"
        table.append(
            {
                c.tr("items"): c.label(node),
                c.tr("segment"): c.label(seg) if seg else (r["segment"] or ""),
                c.tr("score"): f"{r['score']:.3f}",
                c.tr("top_provider"): top,
                "HHI": f"{hhi:g}" if hhi is not None else "",
                c.tr("reasons"): "; ".join(reason(x, c.lang()) for x in r["reasons"]),
            }
        )
    st.table(table)
    a, b = st.columns(2)
    a.download_button(
        c.tr("download_csv"), c.csv_bytes(rows), "weak_links.csv", "text/csv", key="wl_csv"
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
    by_iri = {ch["iri"]: ch for ch in chains}
    iri = st.selectbox(
        c.tr("chain"),
        list(by_iri),
        key="chain_pick",
        format_func=lambda i: c.label(by_iri[i]) or i,
    )
    try:
        view = c.industry_chain(path, ver, iri)
        weak = c.weak_links(path, ver, iri, c.store().settings.home_country)
        points = c.chain_points(path, ver, iri, c.lang())
    except Exception as e:  # noqa: BLE001 - shown to the user, never a traceback
        c.show_error(e)
        return
    _segments_view(view)
    tab_w, tab_p, tab_m = st.tabs([c.tr("weak_links"), c.tr("providers"), c.tr("map")])
    with tab_w:
        _weak_links(weak, view)
    with tab_p:
        rows = _provider_rows(view)
        st.dataframe(rows, hide_index=True, width="stretch")
    with tab_m:
        _map(points)


if __name__ == "__main__":
    render()
