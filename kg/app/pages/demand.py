"""Demand matching: a stored demand or free text -> technologies, experts, institutions
(kg.experts.match)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kg.app import common as c
from kg.experts.match import match


@st.cache_data(show_spinner=False, max_entries=64)
def _match(path: str, ver: str, demand: str | None, text: str | None) -> dict[str, Any]:

    return match(c.store_at(path), demand, text=text, limit=10, index=c.index_at(path, ver))


def _evidence(rows: list[dict]) -> str:
    return "; ".join(f"{e['title']} ({e.get('year') or 'n.d.'})" for e in rows[:3])


def render() -> None:
    st.title(c.tr("page_demand"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    demands = {d["iri"]: d["title"] for d in c.demands(path, ver, c.lang())}
    options = [""] + list(demands)
    demand = st.selectbox(
        c.tr("demand"), options, key="dm_pick", format_func=lambda i: demands.get(i, "—")
    )
    text = st.text_area(c.tr("demand_text"), key="dm_text", height=90)
    if not demand and not text.strip():
        return
    try:
        if text.strip():
            res = _match(path, ver, None, text.strip())
        else:
            res = _match(path, ver, demand, None)
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    if res["demand"].get("text"):
        st.caption(res["demand"]["text"])
    st.subheader(c.tr("technologies"))
    st.dataframe(
        [{"label": t["label"], c.tr("score"): round(t["score"], 3)} for t in res["technologies"]],
        hide_index=True,
        width="stretch",
    )
    st.subheader(c.tr("experts"))
    st.dataframe(
        [
            {
                "name": c.label(e, "name", "name_zh"),
                c.tr("score"): round(e["score"], 3),
                c.tr("institutions"): ", ".join(i["name"] for i in e["institutions"]),
                c.tr("evidence"): _evidence(e["evidence"]),
            }
            for e in res["experts"]
        ],
        hide_index=True,
        width="stretch",
    )
    st.subheader(c.tr("institutions"))
    st.dataframe(
        [
            {
                "name": i["name"],
                c.tr("score"): round(i["score"], 3),
                "type": i["type"],
                c.tr("evidence"): _evidence(i["evidence"]),
            }
            for i in res["institutions"]
        ],
        hide_index=True,
        width="stretch",
    )
    st.download_button(
        c.tr("download_json"), c.json_bytes(res), "match.json", "application/json", key="dm_json"
    )


if __name__ == "__main__":
    render()
