"""The app's Ingest page (here, not in kg/app/pages/, because kg/ never imports ingest/;
``kg.app.pages.PAGES`` names this file). Upload several files -> a temporary folder -> run_ingest with a progress bar ->
summary, quarantine (file, record, reason) and warnings. Unreadable input changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

import streamlit as st

from ingest.pipeline import run_ingest
from kg.app import common as c


def render() -> None:
    st.title(c.tr("page_ingest"))
    files = st.file_uploader(c.tr("upload"), accept_multiple_files=True, key="ing_files")
    source = st.text_input(c.tr("source_name"), value="upload", key="ing_source")
    if st.button(c.tr("ingest"), key="ing_run", type="primary", disabled=not files):
        with tempfile.TemporaryDirectory(prefix="ikg-upload-") as tmp:
            folder = Path(tmp) / (source or "upload")
            folder.mkdir()
            for f in files or []:
                (folder / Path(f.name).name).write_bytes(f.getvalue())
            st.session_state["ing_result"] = run(folder, source or "upload")
    result = st.session_state.get("ing_result")
    if result is not None:
        show(result)


def run(folder: Path, source: str) -> dict:
    """run_ingest with an st.progress bar; returns the summary as a plain dict."""
    bar = st.progress(0.0, text=c.tr("ingest"))

    def progress(stage: str, done: int, total: int) -> None:
        bar.progress(min(1.0, done / total) if total else 0.0, text=f"{stage} {done}/{total}")

    paths = sorted(folder.iterdir())
    result = run_ingest(
        c.store(), paths if len(paths) == 1 else [folder], source=source, progress=progress
    )
    bar.progress(1.0, text="done")
    out = result.as_json()
    out["warnings"] = list(result.warnings)
    return out


def show(result: dict) -> None:
    if result.get("error"):
        st.error(c.tr("ingest_failed", error=result["error"]))
        return
    msg = c.tr(
        "ingest_done",
        source=result["source"],
        records=result["records"],
        triples=result["triples"],
        q=len(result["quarantined"]),
    )
    (st.warning if result["quarantined"] else st.success)(msg)
    if result["quarantined"]:
        st.subheader(c.tr("quarantine"))
        st.table(
            [
                {
                    c.tr("file"): Path(q["file"]).name,
                    c.tr("record"): q["record"],
                    c.tr("reason"): q["reason"],
                }
                for q in result["quarantined"]
            ]
        )
    if result["warnings"]:
        with st.expander(f"{c.tr('warnings')} ({len(result['warnings'])})"):
            for w in result["warnings"][:200]:
                st.text(w)


if __name__ == "__main__":
    render()
