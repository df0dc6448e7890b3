"""Release dates as precise as their evidence: how a curated file writes them, and what each means."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.dates import Precision, ReleaseDate, parse_date, toml_value

D = dt.date


@pytest.mark.parametrize(
    ("written", "earliest", "latest", "precision", "label"),
    [
        (D(2026, 8, 14), D(2026, 8, 14), D(2026, 8, 14), Precision.DAY, "2026-08-14"),
        ("2026-08-14", D(2026, 8, 14), D(2026, 8, 14), Precision.DAY, "2026-08-14"),
        ("2026-08", D(2026, 8, 1), D(2026, 8, 31), Precision.MONTH, "2026-08"),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH, "2024-02"),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), Precision.QUARTER, "2026-Q3"),
        ("2026-Q4", D(2026, 10, 1), D(2026, 12, 31), Precision.QUARTER, "2026-Q4"),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), Precision.YEAR, "2026"),
        ("2026-08-03..2026-08-14", D(2026, 8, 3), D(2026, 8, 14), Precision.SPAN, "2026-08-03..2026-08-14"),
        ("2025-12..2026-01", D(2025, 12, 1), D(2026, 1, 31), Precision.SPAN, "2025-12-01..2026-01-31"),
        (" 2026-08 ", D(2026, 8, 1), D(2026, 8, 31), Precision.MONTH, "2026-08"),
    ],
)
def test_each_form_is_its_first_and_last_day(
    written: object, earliest: dt.date, latest: dt.date, precision: Precision, label: str
) -> None:
    got = parse_date(written)
    assert (got.earliest, got.latest, got.precision, got.label) == (earliest, latest, precision, label)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-08-14..2026-08-14", "'2026-08-14..2026-08-14' is one day: write it as the day 2026-08-14"),
        ("2026-08-01..2026-08-31", "'2026-08-01..2026-08-31' is exactly 2026-08: write it as '2026-08'"),
        ("2026-07-01..2026-09-30", "'2026-07-01..2026-09-30' is exactly 2026-Q3: write it as '2026-Q3'"),
        ("2026-01..2026-12", "'2026-01..2026-12' is exactly 2026: write it as '2026'"),
        ("2026-08-14..2026-08-03", "'2026-08-14..2026-08-03': the span ends before it starts"),
        ("2026-13", "'2026-13': month 13 is not 01..12"),
        ("2026-02-30", "'2026-02-30' is not a calendar day"),
        ("2026-Q5", "'2026-Q5' is not a date"),
        ("August 2026", "'August 2026' is not a date"),
        (2026, "2026 is not a date"),
        (dt.datetime(2026, 8, 14, 12), "2026-08-14 12:00:00 has a time of day"),
    ],
)
def test_a_date_that_is_not_in_its_narrowest_form_or_no_date_is_refused(written: object, message: str) -> None:
    with pytest.raises(ValueError) as err:
        parse_date(written)
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    ("date", "start", "end", "within", "straddles"),
    [
        ("2025-04", D(2025, 1, 1), D(2025, 12, 31), True, False),
        ("2025-06-20..2025-07-05", D(2025, 1, 1), D(2025, 12, 31), True, False),
        ("2024-12-20..2025-01-10", D(2025, 1, 1), D(2025, 12, 31), False, True),
        ("2025-Q3", D(2025, 7, 1), D(2025, 7, 31), False, True),
        ("2024-11", D(2025, 1, 1), D(2025, 12, 31), False, False),
    ],
)
def test_a_release_lies_in_a_period_when_its_whole_date_does(
    date: str, start: dt.date, end: dt.date, within: bool, straddles: bool
) -> None:
    d = parse_date(date)
    assert (d.within(start, end), d.straddles(start, end)) == (within, straddles)


def test_a_curated_file_writes_a_day_as_a_date_and_a_period_as_text() -> None:
    assert toml_value(parse_date("2026-08-14")) == D(2026, 8, 14)
    assert toml_value(parse_date("2026-Q3")) == "2026-Q3"


days = st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31))


@given(days, days)
def test_every_span_reads_back_as_itself(a: dt.date, b: dt.date) -> None:
    lo, hi = min(a, b), max(a, b)
    try:
        d = parse_date(f"{lo}..{hi}")
    except ValueError as exc:  # refused only for a form that has a narrower spelling
        assert "write it as" in str(exc)
        return
    assert (d.earliest, d.latest) == (lo, hi)
    assert parse_date(d.label) == d


@given(st.text(max_size=30))
def test_any_text_is_a_date_or_one_line_saying_why_not(text: str) -> None:
    try:
        d = parse_date(text)
    except ValueError as exc:
        assert "\n" not in str(exc)
        return
    assert isinstance(d, ReleaseDate) and d.earliest <= d.latest
