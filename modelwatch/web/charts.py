"""Vega-Lite specs for the site: sized to their container, every bar a link to the explorer.

The data travel inside the spec, which the page holds in an HTML attribute (escaped), never in a script.
"""

from __future__ import annotations

from typing import Any

from modelwatch.analyze.query import Row
from modelwatch.publish.charts import FONT, OPENNESS_COLORS, OPENNESS_ORDER
from modelwatch.vocabulary import Level
from modelwatch.web.site import Query

# one palette for the site and the report, so a colour means the same openness in both
OPENNESS, COLOURS = OPENNESS_ORDER, OPENNESS_COLORS


def _spec(values: list[dict[str, Any]], y: str, y_title: str, order: list[str], unit: str) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": "container",
        "height": {"step": 18},
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 12}},
        "data": {"values": values},
        "mark": {"type": "bar", "cursor": "pointer"},
        "encoding": {
            "y": {"field": y, "type": "nominal", "sort": order, "title": y_title, "axis": {"labelLimit": 120}},
            "x": {
                "field": "n",
                "type": "quantitative",
                "title": unit,
                "stack": "zero",
                "axis": {"tickMinStep": 1, "format": "d"},
            },
            "color": {
                "field": "openness",
                "type": "nominal",
                "scale": {"domain": OPENNESS, "range": COLOURS},
                "legend": {"orient": "top", "title": None},
            },
            "order": {"field": "rank", "type": "quantitative"},
            "tooltip": [
                {"field": y, "type": "nominal", "title": y_title},
                {"field": "openness", "type": "nominal"},
                {"field": "n", "type": "quantitative", "title": unit},
            ],
        },
    }


def leaderboard(rows: list[Row], level: str, year: int, unit: str, top: int = 20) -> dict[str, Any]:
    """Stacked open / closed / unknown bars, largest first; a bar opens the explorer at exactly its releases."""
    key = Level(level).value  # the row names its key after the level
    shown = rows[:top]
    values: list[dict[str, Any]] = []
    for r in shown:
        label = r.get("name") or r[key]
        for rank, openness in enumerate(OPENNESS):
            if not r[openness]:
                continue
            q = _query(level, r[key], year, openness)
            values.append({"label": label, "openness": openness, "n": r[openness], "rank": rank, "href": q.url()})
    order = [r.get("name") or r[key] for r in shown]
    return _spec(values, "label", {"org": "organization", "group": "group", "country": "country"}[level], order, unit)


def _query(level: str, value: str, year: int | None, openness: str | None = None) -> Query:
    if level == "org":
        return Query(year=year, orgs=(value,), openness=openness)
    if level == "group":
        return Query(year=year, groups=(value,), openness=openness)
    return Query(year=year, countries=(value,), openness=openness)


def links(row: Row, level: str, year: int | None) -> dict[str, str]:
    """Explorer links for a leaderboard row: all, open, closed and unknown releases."""
    key = Level(level).value  # the row names its key after the level
    out = {"all": _query(level, row[key], year).url()}
    out |= {o: _query(level, row[key], year, o).url() for o in OPENNESS}
    return out


def per_year(rows: list[Row], org_id: str) -> dict[str, Any]:
    """An organization's releases per year, stacked by openness; a bar opens that year's releases."""
    values = [
        {
            "label": str(r["year"]),
            "openness": o,
            "n": r[o],
            "rank": i,
            "href": Query(year=int(r["year"]), orgs=(org_id,), openness=o).url(),
        }
        for r in rows
        for i, o in enumerate(OPENNESS)
        if r[o]
    ]
    return _spec(values, "label", "year", [str(r["year"]) for r in rows], "releases")
