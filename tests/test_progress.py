"""Ingest progress on stderr: records/s and the time left, throttled off a terminal."""

from __future__ import annotations

import io

from ingest.progress import IngestProgress, clock_text


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_progress_rate_and_time_left_after_the_quiet_start() -> None:
    out, clock = io.StringIO(), Clock()
    p = IngestProgress(out, live=False, every=5, quiet=5, clock=clock)
    p("records", 0, 10_000)
    clock.now += 2
    p("records", 1_000, 10_000)
    assert out.getvalue() == ""  # a short ingest prints nothing
    clock.now += 8  # 10 s in: 4,000 records at 400/s, 6,000 left = 15 s
    p("records", 4_000, 10_000)
    clock.now += 1
    p("records", 4_400, 10_000)  # throttled: under 5 s since the last line
    clock.now += 5
    p("records", 6_400, 10_000)
    lines = out.getvalue().splitlines()
    assert lines == [
        "ikg: ingest 0:10: mapping and tagging records: 4,000/10,000 records, "
        "400 records/s, about 0:15 left",
        "ikg: ingest 0:16: mapping and tagging records: 6,400/10,000 records, "
        "400 records/s, about 0:09 left",
    ]
    p("resolve", 0, 1)  # a new stage is said at once
    assert out.getvalue().splitlines()[-1] == "ikg: ingest 0:16: resolving people and institutions"


def test_progress_live_rewrites_one_line() -> None:
    out, clock = io.StringIO(), Clock()
    p = IngestProgress(out, live=True, clock=clock)
    p("records", 0, 200)
    clock.now += 1
    p("records", 100, 200)
    p.close()
    text = out.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "100/200 records, 100 records/s, about 0:01 left" in text


def test_progress_clock_text() -> None:
    assert clock_text(59.6) == "1:00" and clock_text(3725) == "1:02:05"


def test_progress_counts_without_a_total() -> None:
    """Records of a format whose count is not known up front: done and rate, no time left."""
    out, clock = io.StringIO(), Clock()
    p = IngestProgress(out, live=False, every=0, quiet=0, clock=clock)
    p("map", 500, 0)
    clock.now += 2
    p("map", 1_500, 0)
    assert out.getvalue().splitlines() == [
        "ikg: ingest 0:00: mapping records: 500 records",
        "ikg: ingest 0:02: mapping records: 1,500 records, 500 records/s",
    ]
