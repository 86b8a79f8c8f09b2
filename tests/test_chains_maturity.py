"""Life-cycle stage from yearly counts: one synthetic series per stage, plus too little data."""

from __future__ import annotations

import math
import re

from kg.chains.maturity import life_cycle_stage, note_text


def logistic_counts(k: float, r: float, t0: float, n: int) -> dict[int, int]:
    cum = [k / (1 + math.exp(-r * (t - t0))) for t in range(-1, n)]
    return {2000 + i: max(0, round(cum[i + 1] - cum[i])) for i in range(n)}


def test_chains_maturity_emerging() -> None:
    m = life_cycle_stage(logistic_counts(100_000, 0.5, 20, 12))  # ~1 % of saturation
    assert m.stage == "emerging" and m.saturation is not None and m.saturation < 0.10


def test_chains_maturity_growth() -> None:
    m = life_cycle_stage(logistic_counts(1000, 0.5, 12, 12))  # just before the inflection
    assert m.stage == "growth" and 0.10 <= m.saturation < 0.50


def test_chains_maturity_mature() -> None:
    counts = [2, 5, 12, 25, 45, 70, 90, 100, 104, 103, 105, 104, 103, 106, 104]
    m = life_cycle_stage({2005 + i: c for i, c in enumerate(counts)})
    assert m.stage == "mature" and m.saturation >= 0.50


def test_chains_maturity_declining() -> None:
    counts = [5, 10, 20, 40, 60, 70, 65, 50, 30, 15, 10, 8]
    m = life_cycle_stage({2005 + i: c for i, c in enumerate(counts)})
    assert m.stage == "declining" and "peak" in m.note


def test_chains_maturity_insufficient_data() -> None:
    m = life_cycle_stage({2020: 3, 2021: 2})
    assert m.stage is None and m.note.startswith("insufficient data")
    assert life_cycle_stage({}).stage is None
    # gaps count as zero years
    m = life_cycle_stage({2010: 2, 2014: 3})
    assert m.yearly[2012] == 0 and m.stage is None


def test_chains_maturity_notes_in_chinese() -> None:
    """Every note life_cycle_stage writes (and the method) has a Chinese form with its numbers."""
    series = [
        logistic_counts(1000, 0.5, 12, 12),
        {2005 + i: c for i, c in enumerate([5, 10, 20, 40, 60, 70, 65, 50, 30, 15, 10, 8])},
        {2020: 3, 2021: 2},
        {},
    ]
    notes = [life_cycle_stage(s) for s in series]
    assert len({m.note for m in notes}) == 4  # four different kinds of note
    for m in notes:
        for text in (m.note, m.method):
            zh = note_text(text, "zh")
            assert not re.search(r"[A-Za-z]{2,}", zh), (text, zh)
            assert sorted(re.findall(r"\d+", zh)) == sorted(re.findall(r"\d+", text))
            assert note_text(text, "en") == text
    assert note_text("something new", "zh") == "something new"  # unknown: kept as given
