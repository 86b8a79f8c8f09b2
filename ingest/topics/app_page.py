"""The app's Topics page: review candidate technology topics and accept them into a scheme.

Here, not in kg/app/pages/, because accepting writes through the ingest path (kg/ never imports
ingest/); ``kg.app.pages.PAGES`` names this file. Finding candidates runs on a button (it reads
every work's text; cached per store version), accepting runs ``accept_topics``.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from ingest.topics.accept import accept_topics
from kg.app import common as c
from kg.topics.service import find_topics


@st.cache_data(show_spinner=False, max_entries=8)
def candidates(path: str, ver: str, lang: str | None, min_works: int, limit: int) -> dict:
    result = find_topics(c.store_at(path), lang=lang, limit=limit, min_works=min_works)
    return result.as_json()


def render() -> None:
    st.title(c.tr("page_topics"))
    st.caption(c.tr("topics_intro"))
    if c.empty_store_notice():
        return
    col1, col2, col3 = st.columns(3)
    lang = col1.selectbox(
        c.tr("topics_lang"), ["", "en", "zh"], key="tp_lang", format_func=_lang_name
    )
    min_works = col2.number_input(c.tr("topics_min_works"), 1, 100, 2, key="tp_min")
    limit = col3.number_input(c.tr("topics_limit"), 1, 500, 50, key="tp_limit")
    args = (lang or None, int(min_works), int(limit))
    if st.button(c.tr("topics_find"), key="tp_find", type="primary"):
        st.session_state["tp_args"] = args
    if st.session_state.get("tp_args") != args:
        return
    try:
        with st.spinner(c.tr("topics_finding")):
            data = candidates(c.store_path(), c.version(), *args)
    except Exception as e:  # noqa: BLE001 - shown on the page
        c.show_error(e)
        return
    show(data, args)


def _lang_name(code: str) -> str:
    return {"": c.tr("topics_both"), "en": "English", "zh": "中文"}[code]


def _row(cand: dict[str, Any]) -> dict[str, Any]:
    broader = cand["broader"] or {}
    return {
        "id": cand["id"],
        c.tr("topics_labels"): " | ".join(lbl["text"] for lbl in cand["labels"]),
        c.tr("topics_works"): cand["work_count"],
        c.tr("topics_years"): ", ".join(f"{y}: {n}" for y, n in cand["years"].items()),
        c.tr("topics_broader"): broader.get("label", ""),
        "IPC": (cand["ipc"] or {}).get("code", ""),
    }


def show(data: dict[str, Any], args: tuple[str | None, int, int]) -> None:
    cands = data["candidates"]
    st.write(c.tr("topics_found", n=len(cands), works=data["works"]))
    if not cands:
        return
    st.dataframe([_row(x) for x in cands], hide_index=True, use_container_width=True)
    by_id = {x["id"]: x for x in cands}
    picked = st.multiselect(
        c.tr("topics_pick"),
        list(by_id),
        key="tp_pick",
        format_func=lambda i: f"{i} · {by_id[i]['label']}",
    )
    if len(picked) == 1:
        with st.expander(c.tr("topics_works"), expanded=False):
            for w in by_id[picked[0]]["works"]:
                st.markdown(f"- {w['title']} ({w['year'] or '—'}, {w['type']})")
    label = st.text_input(c.tr("topics_label"), key="tp_label", disabled=len(picked) != 1)
    scheme = st.text_input(c.tr("topics_scheme"), value="topics", key="tp_scheme")
    if st.button(c.tr("topics_accept"), key="tp_accept", disabled=not picked):
        lang, min_works, limit = args
        try:
            done = accept_topics(
                c.store(),
                picked,
                label=label or None,
                scheme=scheme or "topics",
                lang=lang,
                min_works=min_works,
                limit=limit,
            )
        except Exception as e:  # noqa: BLE001 - shown on the page
            c.show_error(e)
            return
        if done.result.error:
            st.error(done.result.error)
        else:
            st.success(c.tr("topics_accepted", n=len(done.concepts), source=done.result.source))
            st.session_state.pop("tp_args", None)


if __name__ == "__main__":
    render()
