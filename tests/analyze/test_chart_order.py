"""The order the review's charts draw in, computed with the data (literal cases)."""

from __future__ import annotations

from typing import Any

import pytest

from modelwatch.analyze.breakdowns import largest_first, open_share_countries


@pytest.mark.parametrize(
    ("rows", "key", "count", "expected"),
    [
        # summed over the split (tier, openness): US 9 beats CN 5 + 1
        (
            [
                {"country": "AE", "n": 1},
                {"country": "US", "n": 9},
                {"country": "CN", "n": 5},
                {"country": "CN", "n": 1},
            ],
            "country",
            "n",
            ("US", "CN", "AE"),
        ),
        # a tie goes by name
        ([{"name": "Zeta", "n": 2}, {"name": "Alpha", "n": 2}], "name", "n", ("Alpha", "Zeta")),
        # without a count column, one row is one release
        ([{"org_name": "B"}, {"org_name": "A"}, {"org_name": "B"}], "org_name", None, ("B", "A")),
        ([], "country", "n", ()),
    ],
)
def test_largest_first(rows: list[dict[str, Any]], key: str, count: str | None, expected: tuple[str, ...]) -> None:
    assert largest_first(rows, key, count) == expected


def test_open_share_keeps_only_countries_with_enough_releases_in_every_year() -> None:
    rows = [
        {"country": "CN", "year": 2024, "open": 5, "closed": 2},
        {"country": "CN", "year": 2025, "open": 8, "closed": 1},
        # 9 in 2024 but 2 in 2025: on average enough, in 2025 not
        {"country": "GB", "year": 2024, "open": 6, "closed": 3},
        {"country": "GB", "year": 2025, "open": 1, "closed": 1},
        {"country": "US", "year": 2024, "open": 20, "closed": 30},
        {"country": "US", "year": 2025, "open": 25, "closed": 30},
    ]
    assert open_share_countries(rows, [2024, 2025]) == ("US", "CN")
    assert open_share_countries(rows, [2024, 2025], min_releases=2) == ("US", "CN", "GB")
