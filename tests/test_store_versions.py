"""The versioned embedded store: atomic publish, one writer, readers never blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
import pytest

from kg import vocab
from kg.errors import LockError
from kg.store.oxigraph import OxigraphStore


def triple(i: int) -> ox.Triple:
    return ox.Triple(vocab.mint("expert", "t", str(i)), vocab.TYPE, vocab.EXPERT)


def test_store_constructor_touches_nothing(tmp_path):
    OxigraphStore(tmp_path / "never")
    assert not (tmp_path / "never").exists()


def test_store_empty_store_reads(tmp_path):
    st = OxigraphStore(tmp_path / "s")
    assert st.sources() == {} and st.triple_count() == 0
    assert st.select("SELECT * WHERE { ?s ?p ?o }") == []


def test_store_replace_source_and_counts(store):
    with store.writer() as w:
        w.replace_source("a", [triple(1), triple(2)], records=2)
        w.replace_source("b", [triple(1)], records=1)
    assert store.triple_count() == 3  # a triple in two source graphs counts twice
    assert store.sources()["a"].records == 2
    with store.writer() as w:
        w.replace_source("a", [triple(3)], records=1)
    assert store.triple_count() == 2


def test_store_failed_writer_publishes_nothing(store):
    with store.writer() as w:
        w.replace_source("a", [triple(1)], records=1)
    version = store.current_version()
    with pytest.raises(RuntimeError), store.writer() as w:
        w.replace_source("a", [], records=0)
        raise RuntimeError("killed")
    assert store.current_version() == version
    assert store.triple_count() == 1


def test_store_second_writer_refused_with_lock_name(store):
    with store.writer() as _w:
        with pytest.raises(LockError) as e, store.writer():
            pass
        assert "ikg.lock" in str(e.value) and "--wait" in str(e.value)


def test_store_reader_works_while_another_process_writes(store):
    with store.writer() as w:
        w.replace_source("a", [triple(1)], records=1)
    script = textwrap.dedent(f"""
        import sys, time
        from kg.store.oxigraph import OxigraphStore
        st = OxigraphStore({str(store.path)!r})
        with st.writer() as w:
            print("locked", flush=True)
            time.sleep(3)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "locked"
        assert store.triple_count() == 1  # reading during the write
        with pytest.raises(LockError), store.writer():
            pass
    finally:
        proc.wait(timeout=30)


def test_store_killed_writer_leaves_store_as_it_was(store):
    with store.writer() as w:
        w.replace_source("a", [triple(1)], records=1)
    script = textwrap.dedent(f"""
        import os, pyoxigraph as ox
        from kg.store.oxigraph import OxigraphStore
        from kg import vocab
        st = OxigraphStore({str(store.path)!r})
        with st.writer() as w:
            w.replace_source("a", [], records=0)
            os._exit(9)
    """)
    assert subprocess.run([sys.executable, "-c", script]).returncode == 9
    assert store.triple_count() == 1
    with store.writer() as w:  # the lock was released by the dead process
        w.replace_source("a", [triple(2)], records=1)
    assert store.triple_count() == 1


def test_store_old_versions_are_collected(store):
    for i in range(6):
        with store.writer() as w:
            w.replace_source("a", [triple(i)], records=1)
    assert len(list((store.path / "versions").iterdir())) <= 3
