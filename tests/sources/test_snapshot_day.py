"""A catalogue snapshot's date: the latest real day it states, never an impossible or future one."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.sources.catalogue import snapshot_day

TODAY = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("values", "day"),
    [
        (["2025-03-01", "2025-12-31 10:00:00+00:00"], dt.date(2025, 12, 31)),
        # a far-future day would make this snapshot the "latest" for ever
        (["2025-03-01", "9999-12-31"], dt.date(2025, 3, 1)),
        (["2026-12-01"], dt.date(2026, 12, 1)),  # one day of slack for time zones
        (["2026-12-02"], None),
        # impossible or unreadable days are no evidence
        (["2025-02-30", "2025-01-15"], dt.date(2025, 1, 15)),
        (["yesterday", "", None], None),
        ([dt.date(2025, 6, 1), dt.datetime(2025, 7, 1, 12, 0)], dt.date(2025, 7, 1)),
        ([], None),
    ],
)
def test_snapshot_day(values: list[object], day: dt.date | None) -> None:
    assert snapshot_day(values, today=TODAY) == day
