"""Watches page: list, add and remove watch lists, run a digest and show the latest one
(``kg.watch``); each watch is also an Atom feed under ``/feeds/NAME.atom`` of ``ikg serve``."""

from __future__ import annotations

import streamlit as st

from kg import watch
from kg.app import common as c

WORDS = {
    "name": ("Name", "名称"),
    "query": ("Query", "检索词"),
    "type": ("Type", "类型"),
    "add": ("Add watch", "添加订阅"),
    "remove": ("Remove", "删除"),
    "digest": ("Run digest now", "立即生成摘要"),
    "latest": ("Latest digest", "最近一次摘要"),
    "none": ("No watches yet.", "还没有订阅。"),
    "backfill": ("First digest lists what matches already", "首次摘要列出已有匹配"),
    "feed": ("Atom feed with `ikg serve`", "`ikg serve` 提供的 Atom 订阅源"),
    "new": ("new", "条新内容"),
}


def w(key: str) -> str:
    en, zh = WORDS[key]
    return zh if c.lang() == "zh" else en


def _items(items: list[dict]) -> None:
    if items:
        st.dataframe(
            [
                {k: i.get(k) for k in ("type", "year", "title", "source", "ingested", "iri")}
                for i in items
            ],
            hide_index=True,
            width="stretch",
        )


def render() -> None:

    st.title(c.tr("page_watches"))
    store = c.store()
    try:
        rows = watch.list_watches(store)
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    with st.form("watch_add", clear_on_submit=True):
        a, b, d = st.columns([1, 2, 1])
        name = a.text_input(w("name"))
        query = b.text_input(w("query"))
        kind = d.selectbox(w("type"), list(watch.TYPES))
        backfill = st.checkbox(w("backfill"))
        if st.form_submit_button(w("add")) and name and query:
            try:
                watch.add(store, name, query, kind, backfill=backfill)
                st.rerun()
            except Exception as e:  # noqa: BLE001
                c.show_error(e)
    if not rows:
        st.info(w("none"))
        return
    if st.button(w("digest"), type="primary"):
        try:
            result = watch.digest(store)
            for d in result["watches"]:
                st.markdown(f"**{d['name']}** · {len(d['items'])} {w('new')}")
                _items(d["items"])
        except Exception as e:  # noqa: BLE001
            c.show_error(e)
    for r in rows:
        with st.expander(f"{r['name']} · {r['type']} · {r['query']}"):
            st.caption(f"{w('feed')}: /feeds/{r['name']}.atom · {r['last_digest'] or '–'}")
            latest = watch.latest_digest(store, r["name"])
            if latest:
                st.markdown(f"{w('latest')}: {latest['at']} · {len(latest['items'])} {w('new')}")
                _items(latest["items"])
            if st.button(w("remove"), key=f"watch_rm_{r['name']}"):
                watch.remove(store, r["name"])
                st.rerun()


if __name__ == "__main__":
    render()
