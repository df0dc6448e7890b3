"""Release dates as precise as their evidence: a day, a month, a quarter, a year, or an earliest..latest span.

A curated record writes the date the way its source gives it (docs/data-format.md):

    date = 2026-08-14                      # a day (a TOML date)
    date = "2026-08"                       # a month
    date = "2026-Q3"                       # a quarter
    date = "2026"                          # a year
    date = "2026-08-03..2026-08-14"        # a span: not before the first day, no later than the last

Every form is held as the same three things: the earliest possible day, the latest possible day, and
the precision. Counting, sorting and filters work on the two days; the label is how it is shown.
Kept free of heavy imports: the read path of every command needs it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    SPAN = "span"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


@dataclass(frozen=True, order=True)
class ReleaseDate:
    """The days a release's public day lies between (both included), and how precisely it is known."""

    earliest: dt.date
    latest: dt.date
    precision: Precision

    @property
    def label(self) -> str:
        """The date as written and shown: 2026-08-14, 2026-08, 2026-Q3, 2026, 2026-08-03..2026-08-14."""
        e = self.earliest
        if self.precision is Precision.DAY:
            return e.isoformat()
        if self.precision is Precision.MONTH:
            return f"{e.year}-{e.month:02d}"
        if self.precision is Precision.QUARTER:
            return f"{e.year}-Q{(e.month - 1) // 3 + 1}"
        if self.precision is Precision.YEAR:
            return str(e.year)
        return f"{e.isoformat()}..{self.latest.isoformat()}"

    @property
    def is_day(self) -> bool:
        return self.precision is Precision.DAY

    @property
    def days(self) -> int:
        """How many days the date could be."""
        return (self.latest - self.earliest).days + 1

    def within(self, start: dt.date, end: dt.date) -> bool:
        """The whole span lies inside start..end: the release counts in that period."""
        return start <= self.earliest and self.latest <= end

    def straddles(self, start: dt.date, end: dt.date) -> bool:
        """Part of the span lies inside start..end and part outside: it may or may not belong to the period."""
        return self.earliest <= end and self.latest >= start and not self.within(start, end)

    def __str__(self) -> str:
        return self.label

    @classmethod
    def day(cls, d: dt.date) -> ReleaseDate:
        return cls(d, d, Precision.DAY)


def _period(text: str) -> tuple[dt.date, dt.date, Precision]:
    """One period (day, month, quarter or year) as its first and last day; ValueError when it is none."""
    if m := _DAY.match(text):
        d = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return d, d, Precision.DAY
    if m := _MONTH.match(text):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise ValueError(f"{text!r}: month {month} is not 01..12")
        return dt.date(year, month, 1), _month_end(year, month), Precision.MONTH
    if m := _QUARTER.match(text):
        year, q = int(m[1]), int(m[2])
        return dt.date(year, 3 * q - 2, 1), _month_end(year, 3 * q), Precision.QUARTER
    if m := _YEAR.match(text):
        year = int(m[1])
        return dt.date(year, 1, 1), dt.date(year, 12, 31), Precision.YEAR
    raise ValueError(
        f'{text!r} is not a date: write a day (2026-08-14), a month ("2026-08"), a quarter ("2026-Q3"), '
        f'a year ("2026") or a span ("2026-08-03..2026-08-14")'
    )


def parse_date(value: object) -> ReleaseDate:
    """A date as a curated file or a proposal writes it; ValueError (one line) when it is not one.

    A span must be written in its narrowest form: a span of one day is that day, and a span that is
    exactly one calendar month, quarter or year is written as that period.
    """
    if isinstance(value, ReleaseDate):
        return value
    if isinstance(value, dt.datetime):
        raise ValueError(f"{value} has a time of day; a release date is a day or a period")
    if isinstance(value, dt.date):
        return ReleaseDate.day(value)
    if not isinstance(value, str):
        raise ValueError(f'{value!r} is not a date; write 2026-08-14 or a period in quotes ("2026-08")')
    text = value.strip()
    try:
        if ".." in text:
            first, _, last = text.partition("..")
            lo, _, _ = _period(first.strip())
            _, hi, _ = _period(last.strip())
            if hi <= lo:
                if hi == lo:
                    raise ValueError(f"{text!r} is one day: write it as the day {lo.isoformat()}")
                raise ValueError(f"{text!r}: the span ends before it starts")
            date = ReleaseDate(lo, hi, Precision.SPAN)
            narrower = _narrowest(lo, hi)
            if narrower is not None:
                raise ValueError(f"{text!r} is exactly {narrower.label}: write it as {narrower.label!r}")
            return date
        lo, hi, precision = _period(text)
    except ValueError as exc:
        if "day is out of range" in str(exc) or "month must be" in str(exc):
            raise ValueError(f"{text!r} is not a calendar day") from None
        raise
    return ReleaseDate(lo, hi, precision)


def _narrowest(lo: dt.date, hi: dt.date) -> ReleaseDate | None:
    """The month, quarter or year that is exactly lo..hi, if one is."""
    for precision, label in (
        (Precision.MONTH, f"{lo.year}-{lo.month:02d}"),
        (Precision.QUARTER, f"{lo.year}-Q{(lo.month - 1) // 3 + 1}"),
        (Precision.YEAR, str(lo.year)),
    ):
        a, b, _ = _period(label)
        if (a, b) == (lo, hi):
            return ReleaseDate(a, b, precision)
    return None


def toml_value(date: ReleaseDate) -> dt.date | str:
    """How a curated file writes the date: a TOML date for a day, a quoted string for a period."""
    return date.earliest if date.is_day else date.label
