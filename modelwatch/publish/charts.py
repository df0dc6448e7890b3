"""Charts as Vega-Lite specs, rendered offline to PNG and SVG."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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


def releases_by_org_tier(rows: list[dict[str, Any]], year: int, unit: str = "releases", top: int = 25) -> Chart:
    """rows: org, name, tier, n. Stacked horizontal bars, largest organization first."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["name"]] = totals.get(r["name"], 0) + int(r["n"])
    order = sorted(totals, key=lambda k: (-totals[k], k))[:top]
    data = [dict(r, n=int(r["n"])) for r in rows if r["name"] in order]
    title = f"{unit.capitalize()} per organization in {year}, by openness tier"
    spec = {
        "title": {"text": title, "subtitle": f"unit: {unit}; top {len(order)} organizations"},
        "data": {"values": data},
        "mark": {"type": "bar"},
        "width": 560,
        "height": {"step": 18},
        "encoding": {
            "y": {"field": "name", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n", "type": "quantitative", "aggregate": "sum", "title": f"{unit} in {year}"},
            "color": {
                "field": "tier",
                "type": "nominal",
                "scale": {"domain": TIER_ORDER, "range": TIER_COLORS},
                "legend": {"title": "openness tier", "orient": "bottom", "columns": 3},
            },
            "order": {"field": "tier_rank", "type": "ordinal"},
            "tooltip": [{"field": "name"}, {"field": "tier"}, {"field": "n", "title": unit}],
        },
        "transform": [
            {"calculate": f"indexof({json.dumps(TIER_ORDER)}, datum.tier)", "as": "tier_rank"},
        ],
    }
    return Chart("releases-by-org-tier", title, _config(spec))


def open_closed_by_country(rows: list[dict[str, Any]], year: int, unit: str = "releases") -> Chart:
    """rows: country, openness, n."""
    totals: dict[str, int] = {}
    for r in rows:
        totals[r["country"]] = totals.get(r["country"], 0) + int(r["n"])
    order = sorted(totals, key=lambda k: (-totals[k], k))
    title = f"Open vs closed {unit} per country in {year}"
    spec = {
        "title": {"text": title, "subtitle": f"unit: {unit}; country of the releasing organization's headquarters"},
        "data": {"values": [dict(r, n=int(r["n"])) for r in rows]},
        "mark": {"type": "bar"},
        "width": 560,
        "height": {"step": 22},
        "encoding": {
            "y": {"field": "country", "type": "nominal", "sort": order, "title": None},
            "x": {"field": "n", "type": "quantitative", "aggregate": "sum", "title": f"{unit} in {year}"},
            "color": {
                "field": "openness",
                "type": "nominal",
                "scale": {"domain": OPENNESS_ORDER, "range": OPENNESS_COLORS},
                "legend": {"title": None, "orient": "bottom"},
            },
            "order": {"field": "openness_rank", "type": "ordinal"},
            "tooltip": [{"field": "country"}, {"field": "openness"}, {"field": "n", "title": unit}],
        },
        "transform": [
            {"calculate": f"indexof({json.dumps(OPENNESS_ORDER)}, datum.openness)", "as": "openness_rank"},
        ],
    }
    return Chart("open-closed-by-country", title, _config(spec))


def save(chart: Chart, out_dir: Path) -> dict[str, Path]:
    """Write <name>.png, <name>.svg and <name>.vl.json; return their paths."""
    import vl_convert as vlc

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "png": out_dir / f"{chart.name}.png",
        "svg": out_dir / f"{chart.name}.svg",
        "json": out_dir / f"{chart.name}.vl.json",
    }
    paths["png"].write_bytes(vlc.vegalite_to_png(chart.spec, scale=2))
    paths["svg"].write_text(vlc.vegalite_to_svg(chart.spec), encoding="utf-8")
    paths["json"].write_text(json.dumps(chart.spec, indent=1, ensure_ascii=False), encoding="utf-8")
    return paths
