"""Data quality: the SHACL report (validate_store), quarantine reports, the review queue with
accept/reject (kg.review)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from kg.app import common as c
from kg.app.i18n import shacl_message
from kg.app.profiles import quarantine_reports
from kg.review import ReviewQueue


def _shacl() -> None:
    st.subheader(c.tr("shacl_report"))
    if not st.toggle(c.tr("run_validation"), key="q_validate"):
        return
    try:
        report = c.validation(c.store_path(), c.version())
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    v = sum(1 for r in report["results"] if r["severity"] == "Violation")
    if report["conforms"]:
        st.success(c.tr("conforms"))
    else:
        st.error(c.tr("violations", v=v, w=len(report["results"]) - v))
    if report["results"]:
        shown = [  # messages and severities in the interface language (the JSON keeps English)
            {**r, "severity": c.tr(r["severity"]), "message": shacl_message(r["message"], c.lang())}
            for r in report["results"]
        ]
        st.dataframe(shown, hide_index=True, width="stretch")
        st.download_button(
            c.tr("download_json"),
            c.json_bytes(report),
            "shacl.json",
            "application/json",
            key="q_shacl_json",
        )


def _quarantine() -> None:

    st.subheader(c.tr("quarantine"))
    reports = quarantine_reports(c.store())
    rows = [
        {
            "source": r["source"],
            c.tr("file"): Path(q["file"]).name,
            c.tr("record"): q["record"],
            c.tr("reason"): q["reason"],
        }
        for r in reports
        for q in r["quarantined"]
    ]
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.caption(c.tr("no_quarantine"))
    for r in reports:
        if r.get("error"):
            st.error(r["error"])


def _review() -> None:

    st.subheader(c.tr("review_queue"))
    queue = ReviewQueue(c.store())
    try:
        items = queue.items("pending")
    except Exception as e:  # noqa: BLE001
        c.show_error(e)
        return
    if not items:
        st.caption(c.tr("no_reviews"))
        return
    for it in items[:100]:
        box = st.container(border=True)
        text, ok, no = box.columns([6, 1, 1])
        reasons = "; ".join(it.get("reasons") or [])
        text.markdown(
            f"**{it.get('a_name') or it['a']}** ↔ **{it.get('b_name') or it['b']}** "
            f"({it.get('kind') or ''}, {it['score']:.2f})  \n{reasons}"
        )
        for col, accept, label in ((ok, True, "accept"), (no, False, "reject")):
            if col.button(c.tr(label), key=f"rv_{label}_{it['id']}"):
                try:
                    queue.decide(it["id"], accept)
                    st.rerun()
                except Exception as e:  # noqa: BLE001
                    c.show_error(e)


def render() -> None:
    st.title(c.tr("page_quality"))
    if c.empty_store_notice():
        return
    _quarantine()
    _review()
    _shacl()


if __name__ == "__main__":
    render()
