"""Chart specs: what a reader sees in them (literal cases)."""

from __future__ import annotations

from modelwatch.publish import charts


def test_monthly_panels_run_largest_country_first() -> None:
    rows = [
        {"country": "AE", "month": "2025-01", "openness": "open", "n": 1},
        {"country": "US", "month": "2025-01", "openness": "closed", "n": 9},
        {"country": "CN", "month": "2025-02", "openness": "open", "n": 5},
    ]
    spec = charts.country_month(rows, 2025).spec
    panels = sorted({v["panel"] for v in spec["data"]["values"]})
    assert panels == ["01 US", "02 CN", "03 AE"]  # the renderer orders panels by this key
    assert spec["facet"]["header"]["labelExpr"] == "substring(datum.value, 3)"


def test_open_share_shows_only_countries_with_enough_releases_in_every_year() -> None:
    rows = [
        {"country": "CN", "year": 2024, "open": 5, "closed": 2, "open_share": 0.71},
        {"country": "CN", "year": 2025, "open": 8, "closed": 1, "open_share": 0.89},
        # 9 in 2024 but 2 in 2025: on average enough, in 2025 not
        {"country": "GB", "year": 2024, "open": 6, "closed": 3, "open_share": 0.67},
        {"country": "GB", "year": 2025, "open": 1, "closed": 1, "open_share": 0.5},
    ]
    spec = charts.open_share_yoy(rows, [2024, 2025]).spec
    assert sorted({v["country"] for v in spec["data"]["values"]}) == ["CN"]
