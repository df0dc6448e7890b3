"""Chart specs: what a reader sees in them (literal cases)."""

from __future__ import annotations

from modelwatch.publish import charts


def test_monthly_panels_run_in_the_order_given() -> None:
    rows = [
        {"country": "AE", "month": "2025-01", "openness": "open", "n": 1},
        {"country": "US", "month": "2025-01", "openness": "closed", "n": 9},
        {"country": "CN", "month": "2025-02", "openness": "open", "n": 5},
    ]
    spec = charts.country_month(rows, ["US", "CN", "AE"], 2025).spec
    panels = sorted({v["panel"] for v in spec["data"]["values"]})
    assert panels == ["01 US", "02 CN", "03 AE"]  # the renderer orders panels by this key
    assert spec["facet"]["header"]["labelExpr"] == "substring(datum.value, 3)"


def test_open_share_shows_only_the_countries_given() -> None:
    rows = [
        {"country": "CN", "year": 2024, "open": 5, "closed": 2, "open_share": 0.71},
        {"country": "CN", "year": 2025, "open": 8, "closed": 1, "open_share": 0.89},
        {"country": "GB", "year": 2024, "open": 6, "closed": 3, "open_share": 0.67},
        {"country": "GB", "year": 2025, "open": 1, "closed": 1, "open_share": 0.5},
    ]
    spec = charts.open_share_yoy(rows, ["CN"], [2024, 2025], 3).spec
    assert sorted({v["country"] for v in spec["data"]["values"]}) == ["CN"]
    assert spec["encoding"]["y"]["sort"] == ["CN"]
