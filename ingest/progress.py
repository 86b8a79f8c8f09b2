"""How far an ingest is, on stderr: the stage, and while records are mapped (``map``, or
``records`` when worker processes map and tag them, ``ingest.stream``, or in a streamed ingest,
``ingest.streamed``, then ``rewrite`` as it rewrites them with the merges) records done of the
total (OpenAlex JSON Lines: their lines), records per second and the time left.

On a terminal one line is rewritten in place; otherwise (a log file, a pipe) a line is written
when the stage changes and every ``every`` seconds, from ``quiet`` seconds on, so a short ingest
prints nothing and a long one tells the user how long is left. ``ikg ingest --json`` shows none
(its stdout is the JSON answer; progress never goes to stdout).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TextIO

STAGE_TEXT = {
    "load": "reading the input",
    "records": "mapping and tagging records",
    "map": "mapping records",
    "tag": "tagging records",
    "resolve": "resolving people and institutions",
    "rewrite": "rewriting records with the merges",
    "validate": "validating (SHACL)",
    "write": "writing the store",
    "index": "building the expert index",
}


COUNTED = ("records", "map", "rewrite")  # stages whose calls count records


def clock_text(seconds: float) -> str:
    s = max(0, round(seconds))
    return (
        f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"
    )


class IngestProgress:
    """A ``Progress`` callback (stage, done, total) that writes progress lines to ``out``."""

    def __init__(
        self,
        out: TextIO,
        live: bool,
        every: float = 5.0,
        quiet: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.out, self.live, self.every, self.quiet, self.clock = out, live, every, quiet, clock
        self.start = clock()
        self.stage = ""
        self.starts: dict[str, tuple[float, int]] = {}  # per counted stage: first call, count
        self.last_line = float("-inf")
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        changed = stage != self.stage
        self.stage = stage
        if stage in COUNTED:
            self.starts.setdefault(stage, (now, done))
        text = self.line(stage, done, total, now)
        if self.live:
            self.out.write("\r" + text.ljust(self.width))
            self.width = len(text)
        elif now - self.start >= self.quiet and (changed or now - self.last_line >= self.every):
            self.out.write(text + "\n")
            self.last_line = now
        self.out.flush()

    def line(self, stage: str, done: int, total: int, now: float) -> str:
        head = f"ikg: ingest {clock_text(now - self.start)}: {STAGE_TEXT.get(stage, stage)}"
        if stage not in self.starts:
            return head
        t0, n0 = self.starts[stage]
        rate = (done - n0) / (now - t0) if now > t0 else 0.0
        out = f"{head}: {done:,}/{total:,} records" if total > 0 else f"{head}: {done:,} records"
        if rate > 0:
            out += f", {rate:,.0f} records/s"
            if total > done:
                out += f", about {clock_text((total - done) / rate)} left"
        return out

    def close(self) -> None:
        if self.live and self.width:
            self.out.write("\n")
            self.out.flush()
