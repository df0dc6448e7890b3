"""Which organizations a count over a period cannot speak for completely, in words."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.analyze.currency import Coverage, partial, partial_note

D = dt.date


def _cov(org: str, to: dt.date | None) -> Coverage:
    return Coverage(org, to, None, "", None, to)


COV = {c.org: c for c in [_cov("a", D(2025, 12, 31)), _cov("b", D(2026, 11, 29)), _cov("c", None)]}


@pytest.mark.parametrize(
    ("end", "scope", "expected"),
    [
        (D(2025, 12, 31), ["a", "b"], ""),
        (
            D(2026, 12, 31),
            ["a", "b"],
            "Partial: coverage of 2 organization(s) ends before 2026-12-31, so their counts may be incomplete "
            "(covered to 2025-12-31: a; 2026-11-29: b).",
        ),
        (
            D(2025, 12, 31),
            None,
            "Partial: coverage of 1 organization(s) ends before 2025-12-31, so their counts may be incomplete "
            "(covered to no coverage date: c).",
        ),
    ],
)
def test_the_note_names_the_organizations_whose_coverage_ends_first(
    end: dt.date, scope: list[str] | None, expected: str
) -> None:
    assert partial_note(partial(COV, end, scope), end) == expected


def test_a_long_list_is_cut_after_eight_names() -> None:
    many = {f"o{i:02d}": _cov(f"o{i:02d}", D(2026, 11, 29)) for i in range(10)}
    note = partial_note(partial(many, D(2026, 12, 31)), D(2026, 12, 31))
    assert note.endswith("(covered to 2026-11-29: o00, o01, o02, o03, o04, o05, o06, o07 and 2 more).")


def test_many_covered_to_days_name_the_earliest_six_and_count_the_rest() -> None:
    days = {f"o{i}": _cov(f"o{i}", D(2026, 1 + i, 1)) for i in range(9)}
    note = partial_note(partial(days, D(2026, 12, 31)), D(2026, 12, 31))
    assert note.endswith(
        "(covered to 2026-01-01: o0; 2026-02-01: o1; 2026-03-01: o2; 2026-04-01: o3; 2026-05-01: o4; "
        "2026-06-01: o5; and 3 more organization(s) covered to later days, up to 2026-09-01)."
    )
