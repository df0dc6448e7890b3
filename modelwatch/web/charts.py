"""Vega-Lite specs for the site: sized to their container, every bar a link to the explorer.

The data travel inside the spec, which the page holds in an HTML attribute (escaped), never in a script.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from typing import Any

from modelwatch.analyze.query import Row
from modelwatch.analyze.review import ReleaseList
from modelwatch.publish.charts import FONT, OPENNESS_COLORS, OPENNESS_ORDER, Chart
from modelwatch.vocabulary import Level
from modelwatch.web.site import Query

# one palette for the site and the report, so a colour means the same openness in both
OPENNESS, COLOURS = OPENNESS_ORDER, OPENNESS_COLORS
# the report's charts that the home page shows as its own (any level, any unit) instead
SHOWN = ("releases-by-org-tier", "open-closed-by-country")


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


def leaderboard(
    rows: list[Row], level: str, year: int, unit: str, top: int = 20, kinds: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Stacked open / closed / unknown bars, largest first; a bar opens the explorer at exactly its releases."""
    key = Level(level).value  # the row names its key after the level
    shown = rows[:top]
    values: list[dict[str, Any]] = []
    for r in shown:
        label = r.get("name") or r[key]
        for rank, openness in enumerate(OPENNESS):
            if not r[openness]:
                continue
            q = _query(level, r[key], year, openness, kinds)
            values.append({"label": label, "openness": openness, "n": r[openness], "rank": rank, "href": q.url()})
    order = [r.get("name") or r[key] for r in shown]
    return _spec(values, "label", {"org": "organization", "group": "group", "country": "country"}[level], order, unit)


def _query(level: str, value: str, year: int | None, openness: str | None = None, kinds: tuple[str, ...] = ()) -> Query:
    if level == "org":
        return Query(year=year, orgs=(value,), openness=openness, modalities=kinds)
    if level == "group":
        return Query(year=year, groups=(value,), openness=openness, modalities=kinds)
    if level == "country":
        return Query(year=year, countries=(value,), openness=openness, modalities=kinds)
    return Query(year=year, openness=openness, modalities=kinds)  # everyone's


def links(row: Row, level: str, year: int | None, kinds: tuple[str, ...] = ()) -> dict[str, str]:
    """Explorer links for a leaderboard row: all, open, closed and unknown releases."""
    key = Level(level).value  # the row names its key after the level
    out = {"all": _query(level, row[key], year, None, kinds).url()}
    out |= {o: _query(level, row[key], year, o, kinds).url() for o in OPENNESS}
    return out


def list_link(found: ReleaseList, kinds: tuple[str, ...] = ()) -> str:
    """The explorer at exactly the releases of a list of the year review (what one of its numbers counts)."""
    return _query(found.level, found.value, found.year, None if found.which == "all" else found.which, kinds).url()


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


def _month(text: str) -> tuple[dt.date, dt.date]:
    first = dt.date.fromisoformat(f"{text}-01")
    return first, (first + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def _review_link(name: str, datum: dict[str, Any], modalities: tuple[str, ...]) -> str | None:
    """The explorer at exactly what one mark of a year-review chart counts; None for a chart without links."""
    if "message" in datum:  # a chart with nothing to show says why, and links nowhere
        return None
    if name == "open-closed-by-country-month":
        start, end = _month(datum["month"])
        q = Query(countries=(datum["country"],), openness=datum["openness"], date_from=start, date_to=end)
    elif name == "open-share-by-country-yoy":
        q = Query(year=int(datum["year"]), countries=(datum["country"],))
    elif name == "release-timeline":
        # a dot is one day; a bar is a period, its end drawn the day after its last day
        first, after = dt.date.fromisoformat(datum["start"]), dt.date.fromisoformat(datum["end"])
        q = Query(orgs=(datum["org_id"],), date_from=first, date_to=after - dt.timedelta(days=1))
    else:
        return None
    return dataclasses.replace(q, modalities=modalities).url()


def review_chart(chart: Chart, modalities: tuple[str, ...] = ()) -> dict[str, Any]:
    """A year-review chart of the report, for a page: as wide as its box, each mark a link to its releases.

    A faceted chart keeps its panels' width; site.js sets how many go in a row for the box it is drawn in.
    """
    spec = copy.deepcopy(chart.spec)
    spec.pop("background", None)
    spec.pop("title", None)  # the page's heading and caption say it, in text that wraps
    values = spec["data"]["values"]
    for datum in values:
        href = _review_link(chart.name, datum, modalities)
        if href:
            datum["href"] = href
    inner = spec.get("spec", spec)
    if any("href" in d for d in values):
        # a layered chart (the timeline's dots and bars) points from each layer's mark
        for part in inner.get("layer", [inner]):
            part["mark"] = {**part["mark"], "cursor": "pointer"}
        # the link is a group key too: an aggregated bar keeps it in its datum
        inner["encoding"]["detail"] = {"field": "href", "type": "nominal"}
    if "facet" not in spec:
        spec["width"] = "container"
        spec["autosize"] = {"type": "fit-x", "contains": "padding"}
    return spec
