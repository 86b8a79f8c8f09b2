"""Expert finder: search (en/zh), filters, evidence, similar experts, collaboration graph,
shortlist with note, CSV/JSON export. Ranking is kg.experts.rank; this page only shows it."""

from __future__ import annotations

from typing import Any

import streamlit as st

from kg.app import common as c
from kg.app.i18n import pick
from kg.experts.rank import Filters, search
from kg.experts.shortlist import CSV_COLUMNS, csv_rows, save
from kg.experts.similar import network, similar
from kg.experts.words import contribution_text, matched_text, type_text
from kg.vocab import INSTITUTION_TYPES

SL_KEY = "shortlist"  # session state: {iri: result dict}


@st.cache_data(show_spinner=False, max_entries=64)
def _search(path: str, ver: str, query: str, filters: tuple, limit: int) -> dict[str, Any]:

    f = Filters(**dict(filters))
    return search(c.store_at(path), query, limit=limit, filters=f, index=c.index_at(path, ver))


@st.cache_data(show_spinner=False, max_entries=64)
def _similar(path: str, ver: str, iri: str) -> dict[str, Any]:

    return similar(c.index_at(path, ver), iri, limit=10)


@st.cache_data(show_spinner=False, max_entries=64)
def _network(path: str, ver: str, iri: str) -> dict[str, Any]:

    return network(c.index_at(path, ver), iri, limit=25)


def _name(r: dict) -> str:
    return pick(r.get("name"), r.get("name_zh"), c.lang())


def _filters() -> tuple:

    path, ver = c.store_path(), c.version()
    insts = {i["iri"]: i["name"] for i in c.institutions(path, ver, c.lang())}
    ix = c.index()
    years = [int(y) for y in ix.work_year if y]
    with st.expander(c.tr("filters")):
        a, b = st.columns(2)
        chosen = a.multiselect(
            c.tr("institution"), list(insts), format_func=insts.get, key="f_inst"
        )
        excluded = b.multiselect(
            c.tr("exclude_institution"), list(insts), format_func=insts.get, key="f_exclude"
        )
        kinds = a.multiselect(
            c.tr("institution_type"),
            [k for k in INSTITUTION_TYPES if k != "institution"],
            key="f_type",
        )
        regions = b.text_input(c.tr("region"), key="f_region", placeholder="Jilin, 吉林省, CHN …")
        industry = a.text_input(
            c.tr("industry"),
            key="f_industry",
            placeholder="C2541, GBT4754:C2541, bm-pretreatment …",
        )
        yr = (min(years), max(years)) if years else (2000, 2025)
        span = b.slider(c.tr("years"), yr[0], max(yr[1], yr[0] + 1), yr, key="f_years")
    out: dict[str, Any] = {}
    if chosen:
        out["institutions"] = tuple(chosen)
    if excluded:
        out["exclude_institutions"] = tuple(excluded)
    if kinds:
        out["institution_types"] = tuple(kinds)
    if regions.strip():
        out["regions"] = tuple(x.strip() for x in regions.split(",") if x.strip())
    if industry.strip():
        ref = industry.strip()
        key = "industries" if any(ch.isdigit() for ch in ref) and "-" not in ref else "segments"
        out[key] = (ref,)
    if span != yr:
        out["year_from"], out["year_to"] = span
    return tuple(sorted((k, list(v) if isinstance(v, tuple) else v) for k, v in out.items()))


def _result(i: int, r: dict, shortlist: dict) -> None:
    box = st.container(border=True)
    head, btn = box.columns([5, 1])
    insts = ", ".join(x["name"] for x in r["institutions"])
    head.markdown(f"**{i}. {_name(r)}** · {insts}  \n{c.tr('score')} {r['score']:.3f}")
    if r["iri"] in shortlist:
        btn.button(c.tr("in_shortlist"), key=f"add_{i}", disabled=True)
    elif btn.button(c.tr("add_shortlist"), key=f"add_{i}"):
        shortlist[r["iri"]] = r
        st.rerun()
    lang = c.lang()
    with box.expander(f"{c.tr('evidence')} ({r.get('evidence_count', len(r['evidence']))})"):
        for ev in r["evidence"]:
            st.markdown(
                f"- *{ev['title']}* — {type_text(ev['type'], lang)}, "
                f"{ev.get('year') or c.tr('no_year')}, {contribution_text(ev['contribution'], lang)}"
                + (f" · {c.tr('score')} {ev['similarity']:.2f}" if "similarity" in ev else "")
                + (
                    f" · {', '.join(matched_text(m, lang) for m in ev['matched'][:8])}"
                    if ev.get("matched")
                    else ""
                )
            )


def _collab_graph(iri: str) -> None:
    path, ver = c.store_path(), c.version()
    state_key = f"collab_expanded::{iri}"
    expanded: list[str] = st.session_state.setdefault(state_key, [iri])
    nodes: dict[str, dict] = {}
    edges: list[dict] = []
    for center in expanded:
        try:
            net = _network(path, ver, center)
        except Exception:  # noqa: BLE001 - a node that is no expert is not expanded
            continue
        nodes.setdefault(
            center, {"group": "Focus" if center == iri else "Expert", "name": net["expert"]["name"]}
        )
        for co in net["collaborators"]:
            nodes.setdefault(co["iri"], {"group": "Expert", "name": co["name"]})
            edges.append({"source": center, "target": co["iri"], "label": f"{co['works']} works"})
    st.caption(c.tr("graph_hint"))
    for node in c.graph_widget(nodes, edges, key=f"collab_{abs(hash(iri))}"):
        if node not in expanded:
            expanded.append(node)
            st.rerun()
    if st.button(c.tr("reset_graph"), key="collab_reset"):
        st.session_state[state_key] = [iri]
        st.rerun()


def _shortlist(shortlist: dict, query: str) -> None:

    st.subheader(f"{c.tr('shortlist')} ({len(shortlist)})")
    if not shortlist:
        st.caption(c.tr("shortlist_empty"))
        return
    a, b = st.columns(2)
    name = a.text_input(c.tr("shortlist_name"), value="shortlist", key="sl_name")
    note = b.text_input(c.tr("note"), key="sl_note")
    sl = {"name": name, "note": note, "query": query, "entries": list(shortlist.values())}
    rows = csv_rows(sl)
    st.dataframe(
        [{k: r[k] for k in ("rank", "name", "institutions", "evidence_count")} for r in rows],
        hide_index=True,
        width="stretch",
    )
    x, y, z, w = st.columns(4)
    if x.button(c.tr("save_shortlist"), key="sl_save"):
        try:
            saved = save(
                c.store(), c.index(), name, list(shortlist), note=note, query=query or None
            )
            st.success(c.tr("saved_shortlist", name=name, n=len(saved["entries"])))
        except Exception as e:  # noqa: BLE001
            c.show_error(e)
    y.download_button(
        c.tr("download_csv"),
        c.csv_bytes(rows, CSV_COLUMNS),
        f"{name or 'shortlist'}.csv",
        "text/csv",
        key="sl_csv",
    )
    z.download_button(
        c.tr("download_json"),
        c.json_bytes(sl),
        f"{name or 'shortlist'}.json",
        "application/json",
        key="sl_json",
    )
    if w.button(c.tr("clear"), key="sl_clear"):
        shortlist.clear()
        st.rerun()


def render() -> None:
    st.title(c.tr("page_experts"))
    if c.empty_store_notice():
        return
    shortlist: dict = st.session_state.setdefault(SL_KEY, {})
    query = st.text_area(  # key words, or a whole abstract / demand pasted as it came
        c.tr("search_experts"),
        key="exp_q",
        placeholder="cellulosic ethanol pretreatment / 纤维素乙醇 / an abstract or a demand text",
        height=100,
    )
    filters = _filters()
    results: list[dict] = []
    if query.strip():
        try:
            found = _search(c.store_path(), c.version(), query.strip(), filters, 20)
            results = found["results"]
            used = found["query_used"]
            if used["mode"] == "text":
                st.caption(
                    f"{used['chars']} → {', '.join(used['terms'][:12])} "
                    f"(+ {used['model']}, {used['embedded_chars']})"
                )
        except Exception as e:  # noqa: BLE001
            c.show_error(e)
        st.caption(c.tr("results_n", n=len(results)))
        for i, r in enumerate(results, start=1):
            _result(i, r, shortlist)
    if results:
        by_iri = {r["iri"]: r for r in results}
        focus = st.selectbox(
            c.tr("pick_expert"),
            list(by_iri),
            key="exp_focus",
            format_func=lambda i: _name(by_iri[i]),
        )
        # on demand: the first similarity asks for every expert's profile (seconds on 1M triples)
        if st.toggle(c.tr("similar_experts"), key="exp_show_similar"):
            try:
                sim = _similar(c.store_path(), c.version(), focus)["results"]
                st.dataframe(
                    [
                        {
                            "name": s["name"],
                            c.tr("score"): round(s["score"], 3),
                            c.tr("institutions"): ", ".join(x["name"] for x in s["institutions"]),
                            c.tr("technologies"): ", ".join(s["shared_technologies"]),
                        }
                        for s in sim
                    ],
                    hide_index=True,
                    width="stretch",
                )
            except Exception as e:  # noqa: BLE001
                c.show_error(e)
        if st.toggle(c.tr("collaboration"), key="exp_show_graph"):
            _collab_graph(focus)
    _shortlist(shortlist, query.strip())


if __name__ == "__main__":
    render()
