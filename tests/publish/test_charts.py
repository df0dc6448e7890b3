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


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def test_the_timeline_axis_names_each_month_once() -> None:
    import datetime as dt
    import re

    import vl_convert as vlc

    def row(name: str, org: str, first: str, last: str, precision: str) -> dict[str, object]:
        return {
            "date": first if precision == "day" else first[:7],
            "date_earliest": dt.date.fromisoformat(first),
            "date_latest": dt.date.fromisoformat(last),
            "date_precision": precision,
            "org_name": org,
            "org": org.casefold(),
            "name": name,
            "openness": "open",
            "tier": "open_unrestricted",
        }

    rows = [
        row("A", "Dragon AI", "2026-01-05", "2026-01-05", "day"),
        row("B", "Dragon AI", "2026-08-01", "2026-08-31", "month"),
        row("C", "Eagle Lab", "2026-12-30", "2026-12-30", "day"),
    ]
    svg = vlc.vegalite_to_svg(charts.timeline(rows, ["Dragon AI", "Eagle Lab"], 2026).spec)
    labels = [t for t in re.findall(r">([^<>]+)</text>", svg) if t in MONTHS]
    assert labels == MONTHS  # twelve labels, each month once, in order
