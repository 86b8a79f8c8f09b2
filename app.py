"""The ikg Streamlit app: ``streamlit run app.py`` (or ``ikg app`` / ``ikg demo``).

The store comes from ``IKG_STORE`` (default ``./.ikg/store``). Pages live in
``kg/app/pages/`` and are listed in ``kg.app.pages.PAGES``; this file only builds the
shell: page config, the language switch (kept in the URL as ``?lang=zh``, so a reload or a
shared link stays in that language) and the navigation.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from kg.app.common import store_path, tr, version  # noqa: E402
from kg.app.i18n import LANGS  # noqa: E402
from kg.app.pages import PAGES  # noqa: E402

st.set_page_config(page_title="ikg", page_icon=":material/hub:", layout="wide")

if "lang" not in st.session_state:  # a new session (or a reload) takes ?lang= from the URL
    asked = st.query_params.get("lang")
    st.session_state["lang"] = asked if asked in LANGS else "en"
with st.sidebar:
    st.radio(
        tr("language"),
        LANGS,
        format_func=lambda x: {"en": "English", "zh": "中文"}[x],
        key="lang",
        horizontal=True,
    )
    st.caption(f"{tr('store')}: `{store_path()}` · {tr('version')} {version()}")
if st.query_params.get("lang") != st.session_state["lang"]:  # the URL keeps the language
    st.query_params["lang"] = st.session_state["lang"]

pages = [
    st.Page(p.path, title=tr(f"page_{p.key}"), icon=p.icon, url_path=p.key, default=p.default)
    for p in PAGES
]
st.navigation(pages).run()
