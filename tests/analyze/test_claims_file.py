"""The period parser of claims files: years, ranges, and nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.analyze.claims_file import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025", dt.date(2025, 1, 1), dt.date(2025, 12, 31), "2025"),
        (" 2024 ", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024"),
        ("2025-01-01..2025-06-30", dt.date(2025, 1, 1), dt.date(2025, 6, 30), "2025-01-01..2025-06-30"),
        ("2024-01-01..2024-12-31", dt.date(2024, 1, 1), dt.date(2024, 12, 31), "2024"),
    ],
)
def test_periods(text: str, start: dt.date, end: dt.date, label: str) -> None:
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "25", "2025-13-01..2025-12-31", "2025-06-30..2025-01-01", "last year", "2025.."])
def test_bad_periods(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)


@given(st.text(max_size=40))
def test_any_text_parses_or_says_why(text: str) -> None:
    try:
        p = parse_period(text)
    except ValueError:
        return
    assert p.start <= p.end


@given(st.dates(min_value=dt.date(1000, 1, 1)), st.dates(min_value=dt.date(1000, 1, 1)))
def test_ranges_round_trip(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    p = parse_period(f"{start.isoformat()}..{end.isoformat()}")
    assert (p.start, p.end) == (start, end)
    assert parse_period(p.label) == p
