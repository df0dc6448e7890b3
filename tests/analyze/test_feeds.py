"""The feeds' entries: which releases, in which order, placed at which instant, under which id (literal cases)."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.analyze.feeds import LIMIT, newest, newest_releases, tag


def _row(id_: str, date: str, org: str = "dragon") -> dict[str, object]:
    return {
        "id": id_,
        "name": id_.title(),
        "org": org,
        "country": "CN",
        "date": date,
        "tier": "open_unrestricted",
        "license": "Apache-2.0",
        "modality": "language",
        "artifacts": 1,
        "source": f"https://example.org/{id_}",
    }


ROWS = [
    _row("a-day", "2026-08-14"),
    _row("a-month", "2026-08"),
    _row("first-of-month", "2026-08-01"),
    _row("a-quarter", "2026-Q3"),
    _row("a-span", "2026-08-03..2026-08-14"),
    _row("a-year", "2026"),
    _row("older", "2025-12-31"),
    _row("same-day-b", "2026-09-02"),
    _row("same-day-a", "2026-09-02"),
]


def test_newest_first_by_the_earliest_day_a_date_allows() -> None:
    got = [(e.release, e.date, e.updated.isoformat()) for e in newest_releases(ROWS, {"dragon": "Dragon AI"})]
    assert got == [
        ("same-day-a", "2026-09-02", "2026-09-02T00:00:00+00:00"),  # the same day: by id
        ("same-day-b", "2026-09-02", "2026-09-02T00:00:00+00:00"),
        ("a-day", "2026-08-14", "2026-08-14T00:00:00+00:00"),
        ("a-span", "2026-08-03..2026-08-14", "2026-08-03T00:00:00+00:00"),
        # two dates whose earliest day is 2026-08-01: the one with the later last day first; the label kept
        ("a-month", "2026-08", "2026-08-01T00:00:00+00:00"),
        ("first-of-month", "2026-08-01", "2026-08-01T00:00:00+00:00"),
        ("a-quarter", "2026-Q3", "2026-07-01T00:00:00+00:00"),  # placed on its first day, never a made-up one
        ("a-year", "2026", "2026-01-01T00:00:00+00:00"),
        ("older", "2025-12-31", "2025-12-31T00:00:00+00:00"),
    ]


@pytest.mark.parametrize(
    ("parts", "expected"),
    [
        (("release", "deepseek-v4"), "tag:modelwatch,2026:release:deepseek-v4"),
        (("release", "a/b c"), "tag:modelwatch,2026:release:a%2Fb%20c"),
        (("feed", "releases", ""), "tag:modelwatch,2026:feed:releases"),
        (("feed", "organization", "eagle-lab"), "tag:modelwatch,2026:feed:organization:eagle-lab"),
        (("feed", "country", "CN"), "tag:modelwatch,2026:feed:country:CN"),
        (("proposal", "r-0123456789"), "tag:modelwatch,2026:proposal:r-0123456789"),
    ],
)
def test_ids_are_tag_uris_of_the_record_id(parts: tuple[str, ...], expected: str) -> None:
    assert tag(*parts) == expected


def test_at_most_the_limit_the_newest_kept() -> None:
    rows = [_row(f"r{i:03d}", (dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat()) for i in range(LIMIT + 5)]
    got = newest_releases(rows, {})
    assert (LIMIT, got[0].release, got[-1].release) == (100, "r104", "r005")
    assert got[0].org_name == "dragon"  # an organization without a name shows its id


@pytest.mark.parametrize(
    ("dates", "fallback", "expected"),
    [
        (["2026-08", "2026-09-02"], None, "2026-09-02T00:00:00+00:00"),
        ([], dt.date(2026, 11, 17), "2026-11-17T00:00:00+00:00"),  # no entry: the registry's covered-to day
        ([], None, "1970-01-01T00:00:00+00:00"),
    ],
)
def test_a_feeds_updated_is_its_newest_entry_never_the_build_time(
    dates: list[str], fallback: dt.date | None, expected: str
) -> None:
    entries = newest_releases([_row(f"r{i}", d) for i, d in enumerate(dates)], {})
    assert newest(entries, fallback).isoformat() == expected
