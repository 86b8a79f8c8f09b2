"""The SHACL gate in a forked process while the pipeline's process writes (one-shot ingest
into the embedded store, with ``Settings.ingest_workers`` not 1).

The child inherits the records (no copy is sent) and runs the same ``ShaclGate`` on them; its
one store read, the types of the nodes the records name but do not describe, is asked of the
parent through a pipe (a forked child never touches the parent's store handles). It answers
with the verdict as plain data: the indices of the records that land, the quarantined records
and the warnings. Meanwhile the parent bulk-loads every record that has no loader error into
the unpublished version; the triples of records the gate quarantined that no landing record
also states are taken out before the version is published (``ingest.write.write_gated``), so
the result is the gate-then-write run's (``tests/test_stream.py`` compares them).
"""

from __future__ import annotations

import contextlib
import gc
import marshal
import os
import signal
import struct
import threading
import traceback
from dataclasses import astuple
from typing import Any

import pyoxigraph as ox

from ingest.types import Quarantined, Record
from ingest.validate import ShaclGate
from kg.errors import StoreError
from kg.store.base import Store

HEADER = struct.Struct("<Q")


def send(fd: int, obj: Any) -> None:
    """One message: its length, then ``marshal`` of plain data (str, bytes, int, lists)."""
    data = marshal.dumps(obj)
    view = memoryview(HEADER.pack(len(data)) + data)
    while view:
        view = view[os.write(fd, view) :]


def receive(fd: int) -> Any:
    """The next message on ``fd``; EOFError when the other side closed it first."""
    (size,) = HEADER.unpack(_read(fd, HEADER.size))
    return marshal.loads(_read(fd, size))


def _read(fd: int, n: int) -> bytes:
    parts: list[bytes] = []
    while n:
        chunk = os.read(fd, min(n, 1 << 24))
        if not chunk:
            raise EOFError
        parts.append(chunk)
        n -= len(chunk)
    return b"".join(parts)


Verdict = tuple[list[Record], list[Quarantined], list[str]]


class ForkedGate:
    """``ShaclGate(view).run(records)`` in a forked child; ``verdict()`` waits for it.
    ``start`` forks; the constructor touches nothing."""

    def __init__(self, view: Store, records: list[Record]) -> None:
        self.view = view
        self.records = records
        self.pid = 0
        self.fds: tuple[int, int] = (-1, -1)  # (read from the child, write to the child)
        self.answer: Any = None
        self.failure: str | None = None
        self.thread: threading.Thread | None = None

    def start(self) -> ForkedGate:
        up_r, up_w = os.pipe()
        down_r, down_w = os.pipe()
        # the records stay where they are: no collection walks them in either process (a
        # collection writes to every object it visits, copying the page the fork shared)
        gc.freeze()
        try:
            pid = os.fork()
        except OSError as e:
            gc.unfreeze()
            for fd in (up_r, up_w, down_r, down_w):
                os.close(fd)
            raise StoreError(
                f"cannot start the SHACL gate's worker process ({e.strerror}); rerun with "
                "IKG_INGEST_WORKERS=1 to ingest in one process"
            ) from None
        if pid == 0:  # the child
            code = 1
            try:
                gc.disable()  # short-lived: its garbage goes with it
                os.close(up_r)
                os.close(down_w)
                code = self._child(up_w, down_r)
            finally:
                os._exit(code)  # no atexit, no destructors of the parent's store handles
        os.close(up_w)
        os.close(down_r)
        self.pid, self.fds = pid, (up_r, down_w)
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def _child(self, up: int, down: int) -> int:
        def types_of(nodes: list[ox.NamedNode]) -> list[ox.Triple]:
            send(up, ("types", [n.value for n in nodes]))
            nt = receive(down)
            return [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)] if nt else []

        try:
            gate = ShaclGate(None, self.view.settings.shacl_engine, types_of=types_of)
            accepted, quarantined = gate.run(self.records)
            index = {id(r): i for i, r in enumerate(self.records)}
            send(
                up,
                (
                    "done",
                    [index[id(r)] for r in accepted],
                    [list(astuple(q)) for q in quarantined],
                    [f"{w.focus}: {w.shape}: {w.message}" for w in gate.warnings],
                ),
            )
            return 0
        except BaseException:  # noqa: BLE001 (the parent reports it)
            with contextlib.suppress(OSError):
                send(up, ("error", traceback.format_exc()))
            return 1

    def _serve(self) -> None:
        """In a thread of the parent: answer the child's store reads, keep its verdict."""
        up, down = self.fds
        store_gate = ShaclGate(self.view)
        try:
            while True:
                msg = receive(up)
                if msg[0] != "types":
                    self.answer = msg
                    return
                nodes = [ox.NamedNode(v) for v in msg[1]]
                triples = store_gate.store_types(nodes)
                send(down, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
        except EOFError:
            self.failure = "it ended before answering"
        except Exception as e:  # noqa: BLE001 (reported by verdict())
            self.failure = f"{type(e).__name__}: {e}"

    def verdict(self) -> Verdict:
        """(records that land, quarantined records, warnings), as ``ShaclGate.run`` gives."""
        self.stop(kill=False)
        msg = self.answer
        if self.failure is not None or msg is None or msg[0] != "done":
            detail = self.failure or (msg[1].strip().splitlines()[-1] if msg else "")
            raise StoreError(
                f"the SHACL gate's worker process failed ({detail}); rerun with "
                "IKG_INGEST_WORKERS=1 to ingest in one process"
            )
        _, kept, quarantined, warnings = msg
        return (
            [self.records[i] for i in kept],
            [Quarantined(*q) for q in quarantined],
            warnings,
        )

    def stop(self, kill: bool = True) -> None:
        """Waits for the child (killed first with ``kill``: its verdict is no longer wanted),
        ends the serving thread and closes the pipes."""
        if self.pid and kill:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        for fd in self.fds:
            if fd >= 0:
                with contextlib.suppress(OSError):
                    os.close(fd)
        self.fds = (-1, -1)
        if self.pid:
            os.waitpid(self.pid, 0)
            self.pid = 0
            gc.unfreeze()
