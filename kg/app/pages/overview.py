"""Overview: counts per class, sources with their last ingest, a data-quality summary."""

from __future__ import annotations

import streamlit as st

from kg.app import common as c
from kg.app.i18n import class_label
from kg.app.profiles import quarantine_reports
from kg.review import ReviewQueue


def render() -> None:
    st.title(c.tr("app_title"))
    if c.empty_store_notice():
        return
    path, ver = c.store_path(), c.version()
    data = c.stats(path, ver)
    st.metric(c.tr("triples"), f"{data['triples']:,}")
    st.subheader(c.tr("classes"))
    counts = {k: v for k, v in data["classes"].items() if v}
    cols = st.columns(min(6, max(1, len(counts))))
    for i, (name, n) in enumerate(counts.items()):
        cols[i % len(cols)].metric(class_label(name, c.lang()), f"{n:,}")
    st.subheader(c.tr("sources"))
    rows = [
        {
            "source": name,
            c.tr("records"): s["records"],
            c.tr("triples"): s["triples"],
            c.tr("ingested"): s["ingested"],
        }
        for name, s in data["sources"].items()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
    st.subheader(c.tr("quality_summary"))

    reports = quarantine_reports(c.store())
    quarantined = sum(len(r["quarantined"]) for r in reports)
    warnings = sum(len(r["warnings"]) for r in reports)
    pending = len(ReviewQueue(c.store()).items("pending"))
    a, b, d = st.columns(3)
    a.metric(c.tr("quarantined_records"), quarantined)
    b.metric(c.tr("warnings"), warnings)
    d.metric(c.tr("pending_reviews"), pending)


if __name__ == "__main__":
    render()
