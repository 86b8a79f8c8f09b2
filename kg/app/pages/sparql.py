"""SPARQL console: example queries from queries/ with their description, an editable query,
a results table and CSV/JSON downloads. Read-only, with a timeout and a row limit
(kg.app.console)."""

from __future__ import annotations

import streamlit as st

from kg import queries
from kg.app import common as c

DEFAULT = """PREFIX ikg: <https://w3id.org/ikg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?chain ?label WHERE {
  ?chain a ikg:IndustryChain ; skos:prefLabel ?label .
}
ORDER BY ?label
LIMIT 50
"""


@st.cache_data(show_spinner=False)
def _examples() -> dict[str, tuple[str, str]]:
    out = {"": (DEFAULT, "")}
    for name in queries.available():
        text = queries.load(name)
        out[name] = (text, queries.description(text))
    return out


def _on_example() -> None:
    name = st.session_state.get("sq_example") or ""
    st.session_state["sq_text"] = _examples()[name][0]


def render() -> None:
    st.title(c.tr("page_sparql"))
    c.query_runner().ensure_started()
    examples = _examples()
    name = st.selectbox(
        c.tr("example_query"),
        list(examples),
        key="sq_example",
        on_change=_on_example,
        format_func=lambda n: f"{n} — {examples[n][1]}" if n else "—",
    )
    if examples[name][1]:
        st.caption(examples[name][1])
    params = queries.parameters(examples[name][0])
    if params:
        st.info(c.tr("params_hint", names=", ".join(params)))
    st.session_state.setdefault("sq_text", DEFAULT)
    text = st.text_area(c.tr("query_text"), key="sq_text", height=260)
    if st.button(c.tr("run"), key="sq_run", type="primary"):
        try:
            st.session_state["sq_result"] = c.query_runner().run(text)
        except Exception as e:  # noqa: BLE001 - refused updates, syntax errors, timeouts
            st.session_state.pop("sq_result", None)
            c.show_error(e)
    res = st.session_state.get("sq_result")
    if res is None:
        return
    if res.truncated:
        st.warning(c.tr("truncated", n=c.store().settings.result_limit))
    if res.kind == "ask":
        st.success(str(res.boolean).lower())
    elif res.kind == "graph":
        st.code(res.triples or "# (no triples)", language="turtle")
        st.download_button(
            "N-Triples", res.triples.encode(), "results.nt", "application/n-triples", key="sq_nt"
        )
        return
    else:
        st.caption(c.tr("rows_n", n=len(res.rows)))
        st.dataframe(res.rows, hide_index=True, width="stretch", column_order=res.columns)
    a, b = st.columns(2)
    a.download_button(c.tr("download_csv"), res.csv, "results.csv", "text/csv", key="sq_csv")
    b.download_button(
        c.tr("download_json"),
        res.json,
        "results.json",
        "application/sparql-results+json",
        key="sq_json",
    )


if __name__ == "__main__":
    render()
