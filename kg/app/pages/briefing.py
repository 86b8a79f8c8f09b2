"""Briefing page: pick a technology sub-field or an industry chain, preview the briefing
(HTML) and download it as HTML, PDF, DOCX or Markdown (``kg.briefing.assemble``)."""

from __future__ import annotations

from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from kg.app import common as c
from kg.briefing.assemble import build
from kg.briefing.render import render_bytes

WORDS = {
    "kind": ("Subject", "对象"),
    "technology": ("Technology sub-field", "技术子领域"),
    "chain": ("Industry chain", "产业链"),
    "home": ("Home country", "本国"),
    "make": ("Make the briefing", "生成简报"),
    "download": ("Download", "下载"),
    "missing": ("No data for", "缺少数据"),
}


def w(key: str) -> str:
    en, zh = WORDS[key]
    return zh if c.lang() == "zh" else en


@st.cache_data(show_spinner=False, max_entries=16)
def _build(path: str, ver: str, iri: str, lang: str, home: str) -> dict[str, Any]:

    return build(c.store(), iri, lang=lang, home=home)


@st.cache_data(show_spinner=False, max_entries=32)
def _bytes(path: str, ver: str, iri: str, lang: str, home: str, fmt: str) -> bytes:

    return render_bytes(_build(path, ver, iri, lang, home), fmt)


def render() -> None:
    st.title(c.tr("page_briefing"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    kind = st.radio(
        w("kind"), ["technology", "chain"], format_func=w, horizontal=True, key="brief_kind"
    )
    if kind == "technology":
        options = {t["iri"]: t["label"] for t in c.technologies(path, ver, c.lang())}
    else:
        options = {ch["iri"]: c.label(ch) for ch in c.chains(path, ver)}
    if not options:
        st.info(c.tr("none_found"))
        return
    iri = st.selectbox(w(kind), list(options), format_func=options.get, key="brief_pick")
    home = st.text_input(w("home"), "CHN", max_chars=3, key="brief_home").upper() or "CHN"
    if not st.button(w("make"), type="primary", key="brief_go") and not st.session_state.get(
        "brief_done"
    ):
        return
    st.session_state["brief_done"] = True
    try:
        with st.spinner("…"):
            data = _build(path, ver, iri, c.lang(), home)
            html = _bytes(path, ver, iri, c.lang(), home, "html")
    except Exception as e:  # noqa: BLE001 - shown, never a traceback
        c.show_error(e)
        return
    if data["missing"]:
        st.warning(f"{w('missing')}: {', '.join(data['missing'])}")
    stem = (data["subject"].get("id") or "briefing").replace("/", "-")
    cols = st.columns(4)
    mime = {
        "html": "text/html",
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "md": "text/markdown",
    }
    for col, fmt in zip(cols, ("html", "pdf", "docx", "md"), strict=True):
        try:
            body = html if fmt == "html" else _bytes(path, ver, iri, c.lang(), home, fmt)
        except Exception as e:  # noqa: BLE001 - e.g. no CJK font for a Chinese PDF
            col.caption(str(e))
            continue
        col.download_button(
            f"{w('download')} {fmt.upper()}",
            body,
            f"{stem}.{fmt}",
            mime=mime[fmt],
            key=f"brief_dl_{fmt}",
        )
    components.html(html.decode("utf-8"), height=900, scrolling=True)


if __name__ == "__main__":
    render()
