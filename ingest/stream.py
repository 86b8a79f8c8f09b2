"""Large OpenAlex JSON Lines on every core: records are mapped and tagged a batch of lines at
a time in several processes; the pipeline's process alone resolves, validates and writes.

The one-shot ingest (``load_parallel``) forks its children after the tagger's lookups are read,
so a child starts with the tagger in memory and never touches the store; the pipeline's own
process maps and tags the first run of batches meanwhile. The streamed ingest
(``ingest.streamed``) starts ``python -m ingest.stream`` worker processes (``in_workers``),
each opening the embedded store read-only with its own ``RecordTagger``. Either way only plain
data comes back: a batch's triples as N-Triples bytes with each record's locator, triple
count, owned subjects, errors and warnings; nothing is unpickled. The records are the
single-process run's (``tests/test_stream.py`` compares them).

The path is taken when every input file is OpenAlex JSON Lines (the other formats may type
the technologies and industries the tagger names, so their records are tagged together) and
the files hold at least ``Settings.parallel_min_bytes``, and ``Settings.ingest_workers`` is not
1 (the default; 0 = one per core); ``Settings.ingest_batch`` sets the lines per batch.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import marshal
import mmap
import multiprocessing
import os
import select
import signal
import struct
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from ingest.cache import StoreLookups
from ingest.extract.stage import RecordTagger
from ingest.loaders.openalex import LOADER as OPENALEX
from ingest.types import LoadContext, Record
from kg.errors import LimitError, StoreError
from kg.settings import Settings
from kg.store import open_store
from kg.store.base import Store

BOM = b"\xef\xbb\xbf"
PACKAGE_ROOT = str(Path(__file__).resolve().parent.parent)
HEAD = 1 << 20


@dataclass(frozen=True)
class Batch:
    """Lines ``first_line``… of ``path``, bytes ``start`` to ``end``."""

    path: str
    start: int
    end: int
    first_line: int
    lines: int


# what a worker sends back: N-Triples of the batch, and per record
# (locator, triple count, owned subjects, errors, warnings); None when a line is not UTF-8
BatchOut = tuple[bytes, list[tuple[str, int, list[str], list[str], list[str]]]] | None


def is_jsonl(path: Path) -> bool:
    """True when the file's first line is a whole JSON object and another line follows."""
    try:
        with path.open("rb") as fh:
            head = fh.read(HEAD)
    except OSError:
        return False
    first, sep, rest = head.removeprefix(BOM).lstrip(b" \t\r\n").partition(b"\n")
    if not first.startswith(b"{") or not sep or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first.decode("utf-8")), dict)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        return False


def batches(path: Path, lines_per_batch: int) -> Iterator[Batch]:
    """The file cut at line ends into batches of ``lines_per_batch`` lines (one read, no copy)."""
    start = pos = 0
    first = n = 1
    with path.open("rb") as fh:
        for line in fh:
            pos += len(line)
            n += 1
            if n - first == lines_per_batch:
                yield Batch(str(path), start, pos, first, n - first)
                start, first = pos, n
    if pos > start:
        yield Batch(str(path), start, pos, first, n - first)


def wanted(store: Store, groups: list[tuple[str, list[Path]]], settings: Settings) -> bool:
    """Whether the input takes the worker path (see the module's docstring); never from a
    thread other than the main one (the app's and the server's run ingests in theirs): a forked
    child would inherit the locks the other threads hold."""
    if store.kind != "oxigraph" or workers(settings) < 2 or len(groups) != 1:
        return False
    if not fork_safe():
        return False
    name, files = groups[0]
    if name != OPENALEX.name or not all(is_jsonl(f) for f in files):
        return False
    return sum(f.stat().st_size for f in files) >= settings.parallel_min_bytes


def fork_safe() -> bool:
    """True in the process's main thread (a command line, not a server's or the app's)."""
    return threading.current_thread() is threading.main_thread()


def workers(settings: Settings) -> int:
    """``Settings.ingest_workers``; 0: one per core."""
    return settings.ingest_workers or os.cpu_count() or 1


# ---- the worker process (``python -m ingest.stream``) -----------------------------------------
def map_records(batch: Batch, ctx: LoadContext, tagger: RecordTagger | None) -> list[Record] | None:
    """One batch's records, mapped and tagged unless ``tagger`` is None (None: not UTF-8
    text)."""
    with open(batch.path, "rb") as fh:
        fh.seek(batch.start)
        data = fh.read(batch.end - batch.start)
    if batch.start == 0:
        data = data.removeprefix(BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if "\x00" in text:
        return None
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    numbered = enumerate(lines, start=batch.first_line)
    records = OPENALEX.line_records(Path(batch.path), numbered, ctx)
    if tagger is not None:
        tagger.run([r for r in records if not r.errors])
    return records


def as_plain(records: list[Record]) -> BatchOut:
    """A batch's records as plain data: their triples as N-Triples, and per record (locator,
    triple count, owned subjects, errors, warnings)."""
    nt = ox.serialize([t for r in records for t in r.triples], format=ox.RdfFormat.N_TRIPLES)
    meta = [
        (r.locator, len(r.triples), sorted(s.value for s in r.subjects), r.errors, r.warnings)
        for r in records
    ]
    return nt or b"", meta


def map_and_tag(batch: Batch, ctx: LoadContext, tagger: RecordTagger) -> BatchOut:
    """One batch's records, mapped and tagged, as plain data (None: not UTF-8 text)."""
    records = map_records(batch, ctx, tagger)
    return None if records is None else as_plain(records)


def worker_main() -> None:
    """Read the run (store, settings, context) then batches as JSON lines on stdin; answer
    each batch on stdout with a JSON header line and the N-Triples bytes."""
    inp = sys.stdin.buffer
    # the answers keep the pipe to themselves: anything a library prints goes to stderr
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    run = json.loads(inp.readline())
    settings = Settings(**run["settings"])
    ctx = LoadContext(source=run["source"], settings=settings, lang=run["lang"])
    store = open_store(run["store"], settings)
    tagger = RecordTagger(store.excluding(ctx.source), StoreLookups(store, exclude=ctx.source))
    for line in inp:
        answer = map_and_tag(Batch(**json.loads(line)), ctx, tagger)
        nt, meta = answer if answer is not None else (b"", None)
        out.write(json.dumps({"meta": meta, "bytes": len(nt)}).encode() + b"\n")
        out.write(nt)
        out.flush()


class Worker:
    """One worker process; batches go in and answers come out in the order sent."""

    def __init__(self, run: dict[str, Any]) -> None:
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([PACKAGE_ROOT, *sys.path]))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.stream"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.send(run)

    def send(self, obj: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(obj).encode() + b"\n")
        self.proc.stdin.flush()

    def receive(self) -> BatchOut:
        assert self.proc.stdout is not None
        head = self.proc.stdout.readline()
        if not head:
            code = self.proc.wait()
            raise StoreError(
                f"an ingest worker process ended (exit code {code}) before answering; its "
                "error is printed above. Rerun with IKG_INGEST_WORKERS=1 to ingest in one process"
            )
        h = json.loads(head)
        nt = self.proc.stdout.read(h["bytes"])
        if h["meta"] is None:
            return None
        return nt, [tuple(m) for m in h["meta"]]  # type: ignore[misc]

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def in_workers(batch_list: list[Batch], run: dict[str, Any], n: int) -> Iterator[BatchOut]:
    """Each batch's answer, in order; batch i goes to worker i mod n, two ahead per worker."""
    pool = [Worker(run) for _ in range(min(n, len(batch_list)) or 1)]
    try:
        ahead = 2 * len(pool)
        for i, b in enumerate(batch_list[:ahead]):
            pool[i % len(pool)].send(dataclasses.asdict(b))
        for i in range(len(batch_list)):
            out = pool[i % len(pool)].receive()
            if i + ahead < len(batch_list):
                pool[i % len(pool)].send(dataclasses.asdict(batch_list[i + ahead]))
            yield out
    finally:
        for w in pool:
            w.close()


# ---- the pipeline's side ---------------------------------------------------------------------
def records_of(batch: Batch, out: BatchOut) -> list[Record]:
    """A worker's answer as the batch's records (the triples parsed back, in order)."""
    assert out is not None
    nt, meta = out
    # lenient: the text is pyoxigraph's own serialisation of valid terms (~20 % faster)
    triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)]
    records: list[Record] = []
    at = 0
    for locator, count, subjects, errors, warnings in meta:
        rec = Record(file=batch.path, locator=locator, errors=errors, warnings=warnings)
        rec.triples = triples[at : at + count]
        rec.subjects = {ox.NamedNode(s) for s in subjects}
        records.append(rec)
        at += count
    return records


def check_size(path: Path, settings: Settings) -> None:
    size = path.stat().st_size
    if size > settings.max_file_bytes:
        raise LimitError(
            f"{path}: {size} bytes is over the limit of {settings.max_file_bytes} bytes "
            "(raise it with IKG_MAX_FILE_BYTES)"
        )


# the longest a forked child may stay silent once this process has done its share: this many
# times that share's time, and never less than the minimum
CHILD_WAIT_FACTOR = 4.0
CHILD_WAIT_MIN_S = 300.0
SLOTS = struct.Struct("<qq")  # the next batch from the front, the end of the untaken ones


class Claims:
    """Which batches of a plan are taken, in memory shared with forked children: the pipeline's
    process takes batches from the front, the children from the back, until they meet (so a
    child the machine gives little time to takes few, and each process's batches stay in
    order). Create it before forking."""

    def __init__(self, n: int) -> None:
        self.size = n
        self.mem = mmap.mmap(-1, SLOTS.size)  # anonymous and shared with forked children
        self.lock = multiprocessing.Lock()
        self.mem[:] = SLOTS.pack(0, n)

    def take(self, front: bool) -> int | None:
        """The next batch's index from the front or the back; None when none is left."""
        with self.lock:
            first, end = SLOTS.unpack(self.mem[:])
            if first >= end:
                return None
            self.mem[:] = SLOTS.pack(first + 1, end) if front else SLOTS.pack(first, end - 1)
            return first if front else end - 1

    def taken(self) -> int:
        """Batches taken so far (both ends)."""
        with self.lock:
            first, end = SLOTS.unpack(self.mem[:])
        return first + self.size - end


def map_taken(
    plan: list[Batch],
    claims: Claims,
    front: bool,
    work: tuple[LoadContext, RecordTagger],
    on_mapped: Callable[[], None] | None = None,
) -> dict[int, list[Record] | None]:
    """The batches this process takes, by index, mapped one by one and then tagged together
    (one gazetteer for them all, as in one process); None for a batch that is not UTF-8."""
    ctx, tagger = work
    out: dict[int, list[Record] | None] = {}
    while (i := claims.take(front)) is not None:
        out[i] = map_records(plan[i], ctx, None)
        if on_mapped:
            on_mapped()
    tagger.run([r for recs in out.values() if recs is not None for r in recs if not r.errors])
    return out


@dataclass
class Child:
    """A forked process mapping and tagging the batches it takes from the back of the plan;
    its answers come back through a pipe as one ``marshal`` blob (plain data only)."""

    pid: int
    fd: int

    @classmethod
    def start(
        cls, plan: list[Batch], claims: Claims, work: tuple[LoadContext, RecordTagger]
    ) -> Child:
        r, w = os.pipe()
        try:
            pid = os.fork()
        except OSError as e:
            os.close(r)
            os.close(w)
            raise StoreError(
                f"cannot start an ingest worker process ({e.strerror}); rerun with "
                "IKG_INGEST_WORKERS=1 to ingest in one process"
            ) from None
        if pid == 0:  # the child: the parent's tagger and lookups, already in memory
            code = 1
            try:
                os.close(r)
                try:
                    outs = map_taken(plan, claims, False, work)
                    plain = [(i, None if v is None else as_plain(v)) for i, v in outs.items()]
                    data = marshal.dumps(("ok", plain))
                    code = 0
                except BaseException:  # noqa: BLE001 (the parent reports it)
                    data = marshal.dumps(("error", traceback.format_exc()))
                with os.fdopen(w, "wb") as fh:
                    fh.write(data)
            finally:
                os._exit(code)  # no atexit, no destructors of the parent's store handles
        os.close(w)
        return cls(pid, r)

    def result(self, bound: float) -> list[tuple[int, BatchOut]]:
        """(batch index, answer) of each batch the child took. A child that sends nothing for
        ``bound`` seconds is killed: a StoreError says to rerun in one process (a lock held
        by a thread at the fork can leave a child waiting forever)."""
        parts: list[bytes] = []
        while True:
            ready, _, _ = select.select([self.fd], [], [], bound)
            if not ready:
                self.stop()
                raise StoreError(
                    f"an ingest worker process sent nothing for {bound:.0f} s and was stopped; "
                    "rerun with IKG_INGEST_WORKERS=1 to ingest in one process"
                )
            chunk = os.read(self.fd, 1 << 22)
            if not chunk:
                break
            parts.append(chunk)
        data = b"".join(parts)
        os.close(self.fd)
        self.fd = -1
        _, status = os.waitpid(self.pid, 0)
        self.pid = 0
        kind, value = marshal.loads(data) if data else ("error", "")
        if kind != "ok" or status != 0:
            raise StoreError(
                f"an ingest worker process failed (status {os.waitstatus_to_exitcode(status)})"
                + (f": {value.strip().splitlines()[-1]}" if value else "")
                + "; rerun with IKG_INGEST_WORKERS=1 to ingest in one process"
            )
        return value

    def stop(self) -> None:
        """Ends a child whose answer is no longer wanted (the parent failed meanwhile)."""
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1
        if self.pid:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
            self.pid = 0


def load_parallel(
    store: Store,
    files: list[Path],
    ctx: LoadContext,
    tagger: RecordTagger,
    on_batch: Callable[[int, int], None] | None = None,
) -> Iterator[tuple[Path, list[Record] | None]]:
    """Each file's records, mapped and tagged, or None for a file that is not UTF-8 text (the
    caller reads it the ordinary way, which names the offending byte). The pipeline's process
    takes batches from the front of the plan, forked children (they inherit ``tagger`` with
    its lookups already read, and never touch the store) from the back (``Claims``).
    ``on_batch(records_done, records_total)`` is called as batches are done."""
    settings = store.settings
    for f in files:
        check_size(f, settings)
    plan = [b for f in files for b in batches(f, settings.ingest_batch)]
    total = sum(b.lines for b in plan)
    n = max(1, min(workers(settings), len(plan)))
    claims = Claims(len(plan))
    if on_batch:
        on_batch(0, total)

    def mapped() -> None:  # half the work of a line is its mapping, half the rest
        if on_batch:
            on_batch(total * claims.taken() // (2 * max(len(plan), 1)), total)

    out: dict[int, list[Record] | None] = {}
    children: list[Child] = []
    try:
        for _ in range(n - 1):
            children.append(Child.start(plan, claims, (ctx, tagger)))
        began = time.monotonic()
        out.update(map_taken(plan, claims, True, (ctx, tagger), mapped))
        # a child has about as much left as this process did: a generous bound on its silence
        bound = max(CHILD_WAIT_MIN_S, CHILD_WAIT_FACTOR * (time.monotonic() - began))
        done = sum(plan[i].lines for i in out)
        for child in children:
            if on_batch:
                on_batch(done, total)
            for i, got in child.result(bound):
                out[i] = None if got is None else records_of(plan[i], got)
                done += plan[i].lines
    finally:
        for child in children:
            child.stop()
    if on_batch:
        on_batch(total, total)
    yield from by_file(plan, [out[i] for i in range(len(plan))])


def by_file(
    plan: list[Batch], out: list[list[Record] | None]
) -> Iterator[tuple[Path, list[Record] | None]]:
    """The batches' records joined per file, in order (None for the whole file when one of
    its batches is None)."""
    current: str | None = None
    got: list[Record] | None = []
    for batch, recs in zip(plan, out, strict=True):
        if batch.path != current:
            if current is not None:
                yield Path(current), got
            current, got = batch.path, []
        if recs is None or got is None:
            got = None  # not UTF-8: the file is read the ordinary way
        else:
            got.extend(recs)
    if current is not None:
        yield Path(current), got


if __name__ == "__main__":
    worker_main()
