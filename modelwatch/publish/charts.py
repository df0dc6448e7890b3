"""Charts as Vega-Lite specs, rendered offline to PNG and SVG."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelwatch.files import write_bytes, write_text

TIER_ORDER = ["open_unrestricted", "open_restricted", "open_noncommercial", "api", "hosted", "unknown"]
TIER_COLORS = ["#1a9850", "#91cf60", "#d9ef8b", "#d73027", "#fc8d59", "#bdbdbd"]
OPENNESS_ORDER = ["open", "closed", "unknown"]
OPENNESS_COLORS = ["#1a9850", "#d73027", "#bdbdbd"]
FONT = "Noto Sans, DejaVu Sans, Arial, sans-serif"


@dataclass(frozen=True)
class Chart:
    name: str
    title: str
    spec: dict[str, Any]


def _config(spec: dict[str, Any]) -> dict[str, Any]:
    spec.setdefault("$schema", "https://vega.github.io/schema/vega-lite/v5.json")
    spec["config"] = {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12}}
    spec["background"] = "white"
    return spec


def _empty(name: str, title: str, message: str) -> Chart:
    """A chart with nothing to show says why, instead of rendering as an empty box."""
    spec = {
        "title": {"text": title},
        "data": {"values": [{"message": message}]},
        "mark": {"type": "text", "fontSize": 14, "color": "#666"},
        "width": 560,
        "height": 60,
        "encoding": {"text": {"field": "message"}},
    }
    return Chart(name, title, _config(spec))


def _stacked_bars(
    rows: list[dict[str, Any]],
    y: str,
    order: list[str],
    colour: str,
    palette: tuple[list[str], list[str]],
    axis_title: str,
    legend_title: str | None,
    step: int,
    unit: str,
) -> dict[str, Any]:
    """Horizontal bars of counts, one per `y`, stacked by `colour` in the palette's order."""
    domain, colours = palette
    return {
        "data": {"values": [dict(r, n=int(r["n"])) for r in rows]},
        "mark": {"type": "bar"},
        "width": 560,
        "height": {"step": step},
        "encoding": {
            "y": {"field": y, "type": "nominal", "sort": order, "title": None},
            "x": {
                "field": "n",
                "type": "quantitative",
                "aggregate": "sum",
                "title": axis_title,
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": colour,
                "type": "nominal",
                "scale": {"domain": domain, "range": colours},
                "legend": {"title": legend_title, "orient": "bottom", "columns": 3},
            },
            "order": {"field": "stack_rank", "type": "ordinal"},
            "tooltip": [{"field": y}, {"field": colour}, {"field": "n", "title": unit}],
        },
        "transform": [{"calculate": f"indexof({json.dumps(domain)}, datum.{colour})", "as": "stack_rank"}],
    }


def releases_by_org_tier(
    rows: list[dict[str, Any]], order: list[str], year: int, unit: str = "releases", top: int = 25
) -> Chart:
    """rows: org, name, tier, n; order: the names, largest first. Stacked horizontal bars."""
    order = order[:top]
    data = [r for r in rows if r["name"] in order]
    title = f"{unit.capitalize()} per organization in {year}, by openness tier"
    if not data:
        return _empty("releases-by-org-tier", title, f"No releases recorded in {year}.")
    spec = {
        "title": {"text": title, "subtitle": f"unit: {unit}; top {len(order)} organizations"},
        **_stacked_bars(
            data, "name", order, "tier", (TIER_ORDER, TIER_COLORS), f"{unit} in {year}", "openness tier", 18, unit
        ),
    }
    return Chart("releases-by-org-tier", title, _config(spec))


def open_closed_by_country(rows: list[dict[str, Any]], order: list[str], year: int, unit: str = "releases") -> Chart:
    """rows: country, openness, n; order: the countries, largest first."""
    title = f"Open vs closed {unit} per country in {year}"
    if not rows:
        return _empty("open-closed-by-country", title, f"No releases recorded in {year}.")
    spec = {
        "title": {"text": title, "subtitle": f"unit: {unit}; country of the releasing organization's headquarters"},
        **_stacked_bars(
            rows,
            "country",
            order,
            "openness",
            (OPENNESS_ORDER, OPENNESS_COLORS),
            f"{unit} in {year}",
            None,
            22,
            unit,
        ),
    }
    return Chart("open-closed-by-country", title, _config(spec))


def country_month(rows: list[dict[str, Any]], order: list[str], year: int, top: int = 6, unplaced: int = 0) -> Chart:
    """rows: country, month, openness, n; order: the countries, largest first. One small panel per country, months
    along x. `unplaced`: releases of the year dated to no one month (a quarter, a year, a span), said in the
    subtitle rather than drawn on a made-up month."""
    countries = order[:top]
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    title = f"Open vs closed releases per month in {year}, by country"
    if not rows:
        return _empty("open-closed-by-country-month", title, f"No releases recorded in {year}.")
    subtitle = [f"unit: releases; the {len(countries)} countries with most releases"]
    if unplaced:
        subtitle.append(f"{unplaced} release(s) dated only to a quarter, a year or a span of months are not in a month")
    spec = {
        "title": {"text": title, "subtitle": subtitle},
        # panels largest first: the renderer orders wrapped facets by their values whatever `sort` says, so the
        # panel key starts with the country's rank ("01 CN") and the header shows the country alone
        "data": {
            "values": [
                # an organization without a country is counted under a name, not a blank panel
                dict(r, n=int(r["n"]), panel=f"{countries.index(r['country']) + 1:02d} {r['country'] or 'no country'}")
                for r in rows
                if r["country"] in countries
            ]
        },
        "facet": {
            "field": "panel",
            "type": "nominal",
            "title": None,
            "header": {"labelExpr": "substring(datum.value, 3)"},
        },
        "columns": 3,
        "spec": {
            "width": 220,
            "height": 120,
            "mark": {"type": "bar"},
            "encoding": {
                "x": {
                    "field": "month",
                    "type": "ordinal",
                    "scale": {"domain": months},
                    "title": None,
                    "axis": {"labelExpr": "substring(datum.value, 5)", "labelAngle": 0},
                },
                "y": {
                    "field": "n",
                    "type": "quantitative",
                    "aggregate": "sum",
                    "title": "releases",
                    "axis": {"tickMinStep": 1, "format": "d"},
                },
                "color": {
                    "field": "openness",
                    "type": "nominal",
                    "scale": {"domain": OPENNESS_ORDER, "range": OPENNESS_COLORS},
                    "legend": {"title": None, "orient": "bottom"},
                },
                "order": {"field": "openness_rank", "type": "ordinal"},
                "tooltip": [
                    {"field": "country"},
                    {"field": "month"},
                    {"field": "openness"},
                    {"field": "n", "title": "releases"},
                ],
            },
        },
        "transform": [{"calculate": f"indexof({json.dumps(OPENNESS_ORDER)}, datum.openness)", "as": "openness_rank"}],
        "resolve": {"scale": {"y": "shared"}},
    }
    return Chart("open-closed-by-country-month", title, _config(spec))


def open_share_yoy(rows: list[dict[str, Any]], order: list[str], years: list[int], min_releases: int) -> Chart:
    """rows: country, year, open, closed, open_share; order: the countries with at least `min_releases` in every
    year, largest first (only those are drawn)."""
    keep = set(order)
    data = [
        {
            "country": r["country"],
            "year": str(r["year"]),
            "open_share": float(r["open_share"]),
            "open": int(r["open"]),
            "closed": int(r["closed"]),
        }
        for r in rows
        if r["country"] in keep and r["open_share"] is not None
    ]
    title = f"Open share of releases by country, {years[0]} vs {years[-1]}"
    if not data:
        msg = f"No country had at least {min_releases} open or closed releases a year in {years[0]}-{years[-1]}."
        return _empty("open-share-by-country-yoy", title, msg)
    spec = {
        "title": {
            "text": title,
            "subtitle": f"open / (open + closed) releases; countries with at least {min_releases} a year",
        },
        "data": {"values": data},
        "mark": {"type": "bar"},
        "width": 560,
        "height": {"step": 14},
        "encoding": {
            "y": {"field": "country", "type": "nominal", "sort": order, "title": None},
            "yOffset": {"field": "year", "type": "nominal"},
            "x": {
                "field": "open_share",
                "type": "quantitative",
                "scale": {"domain": [0, 1]},
                "axis": {"format": "%"},
                "title": "open share",
            },
            "color": {
                "field": "year",
                "type": "nominal",
                "scale": {"range": ["#9ecae1", "#08519c"]},
                "legend": {"title": None, "orient": "bottom"},
            },
            "tooltip": [
                {"field": "country"},
                {"field": "year"},
                {"field": "open_share", "format": ".0%"},
                {"field": "open"},
                {"field": "closed"},
            ],
        },
    }
    return Chart("open-share-by-country-yoy", title, _config(spec))


def timeline(rows: list[dict[str, Any]], order: list[str], year: int, top: int = 20) -> Chart:
    """rows: date (as shown), date_earliest, date_latest, org name, name, openness; order: the organization names,
    most releases first. One line per organization: a dot for a release dated to the day, a bar from its earliest
    to its latest day for one dated to a period (never a dot on a made-up day)."""
    order = order[:top]
    data = [
        {
            "date": r["date"],
            "start": r["date_earliest"].isoformat(),
            # a bar's end is the day after its last day, so a month-dated bar covers the whole month
            "end": (r["date_latest"] + dt.timedelta(days=1)).isoformat(),
            "period": r["date_precision"] != "day",
            "org": r["org_name"],
            "org_id": r["org"],
            "release": r["name"],
            "openness": r["openness"],
            "tier": r["tier"],
        }
        for r in rows
        if r["org_name"] in order
    ]
    title = f"Release timeline {year}"
    if not data:
        return _empty("release-timeline", title, f"No releases recorded in {year}.")
    spec = {
        "title": {
            "text": title,
            "subtitle": [
                "a dot: a release dated to the day; a bar: one dated to a month or a span of days",
                f"the {len(order)} most active organizations",
            ],
        },
        "data": {"values": data},
        "width": 600,
        "height": {"step": 18},
        "encoding": {
            "x": {
                "field": "start",
                "type": "temporal",
                "title": None,
                "axis": {"format": "%b", "tickCount": "month"},
                "scale": {"domain": [f"{year}-01-01", f"{year}-12-31"]},
            },
            "y": {"field": "org", "type": "nominal", "sort": order, "title": None},
            "color": {
                "field": "openness",
                "type": "nominal",
                "scale": {"domain": OPENNESS_ORDER, "range": OPENNESS_COLORS},
                "legend": {"title": None, "orient": "bottom"},
            },
            "tooltip": [
                {"field": "release"},
                {"field": "org"},
                {"field": "date"},
                {"field": "tier"},
            ],
        },
        "layer": [
            {
                "transform": [{"filter": "!datum.period"}],
                "mark": {"type": "circle", "size": 70, "opacity": 0.85},
            },
            {
                "transform": [{"filter": "datum.period"}],
                "mark": {"type": "bar", "height": 8, "opacity": 0.55, "cornerRadius": 3},
                "encoding": {"x2": {"field": "end"}},
            },
        ],
    }
    return Chart("release-timeline", title, _config(spec))


def adoption_by_org(rows: list[dict[str, Any]], year: int, top: int = 20) -> Chart:
    """rows: org, country, downloads_30d. Hub downloads of the organizations' own repos of that year."""
    data = [
        {"org": r["org"], "country": r["country"], "downloads": int(r["downloads_30d"]), "repos": int(r["repos"])}
        for r in rows[:top]
    ]
    title = f"Hub downloads (last 30 days) of the {year} releases, per organization"
    if not data:
        return _empty("adoption-by-org", title, "No Hub data for these releases: run `modelwatch sync hub`.")
    spec = {
        "title": {"text": title, "subtitle": "first-party repos only, at the latest Hub sync; unit: downloads"},
        "data": {"values": data},
        "mark": {"type": "bar", "color": "#4c78a8"},
        "width": 560,
        "height": {"step": 18},
        "encoding": {
            "y": {"field": "org", "type": "nominal", "sort": "-x", "title": None},
            "x": {
                "field": "downloads",
                "type": "quantitative",
                "title": "downloads, last 30 days",
                "axis": {"format": "~s"},
            },
            "tooltip": [
                {"field": "org"},
                {"field": "country"},
                {"field": "downloads", "format": ","},
                {"field": "repos"},
            ],
        },
    }
    return Chart("adoption-by-org", title, _config(spec))


def adoption_curve(rows: list[dict[str, Any]]) -> Chart:
    """rows: analyze.history's series by region (period, region, new_derivatives, share, downloads). The adoption
    curve: each month's share of new third-party derivatives, and the downloads of the region's own repos."""
    data = [
        {"period": r["period"], "region": r["region"], "share": r["share"], "new": r["new_derivatives"],
         "downloads": r["downloads"], "as_of": r["as_of"]}
        for r in rows
        if r["region"] != "unregistered"
    ]  # fmt: skip
    title = "Adoption over time: new third-party derivatives and downloads on the Hub, by region"
    if not data:
        return _empty("adoption-curve", title, "No Hub dump history: run `modelwatch import hub-dump PATH`.")
    # the legend above the panels: on a phone a legend to the right is off screen
    color = {"field": "region", "type": "nominal", "title": "root region", "legend": {"orient": "top"}}
    x = {"field": "period", "type": "ordinal", "title": "month", "axis": {"labelAngle": 0}}
    tooltip = [
        {"field": "period"},
        {"field": "region"},
        {"field": "as_of", "title": "snapshot"},
        {"field": "new", "title": "new derivatives"},
        {"field": "share", "format": ".1%"},
        {"field": "downloads", "format": ","},
    ]
    spec = {
        "title": {
            "text": title,
            "subtitle": "top: share of each month's new third-party derivatives (Hub creation date) built on the "
            "region's models, a repo built on two regions' models counting for both; bottom: downloads of the "
            "region's own repos in the 30 days before the month's last snapshot; from the history of imported Hub "
            "dumps",
        },
        "data": {"values": data},
        "vconcat": [
            {
                "mark": {"type": "line", "point": True},
                "width": 480,
                "height": 200,
                "encoding": {
                    "x": {**x, "title": None, "axis": {"labels": False, "ticks": False}},
                    "y": {"field": "share", "type": "quantitative", "title": "share of new derivatives",
                          "axis": {"format": "%"}},
                    "color": color,
                    "tooltip": tooltip,
                },
            },
            {
                "mark": {"type": "line", "point": True},
                "width": 480,
                "height": 150,
                "encoding": {
                    "x": x,
                    "y": {"field": "downloads", "type": "quantitative", "title": "downloads, last 30 days",
                          "axis": {"format": "~s"}},
                    "color": color,
                    "tooltip": tooltip,
                },
            },
        ],
    }  # fmt: skip
    return Chart("adoption-curve", title, _config(spec))


def save(chart: Chart, out_dir: Path) -> dict[str, Path]:
    """Write <name>.png, <name>.svg and <name>.vl.json; return their paths."""
    from modelwatch.publish import rendered

    paths = {
        "png": out_dir / f"{chart.name}.png",
        "svg": out_dir / f"{chart.name}.svg",
        "json": out_dir / f"{chart.name}.vl.json",
    }
    # Temporary file then rename: a link planted under one of these names is replaced, never followed.
    write_bytes(paths["png"], rendered.png(chart.spec, scale=2))
    write_text(paths["svg"], rendered.svg(chart.spec))
    write_text(paths["json"], json.dumps(chart.spec, indent=1, ensure_ascii=False))
    return paths
