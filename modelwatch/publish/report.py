"""The year in review as a static site: index.html, charts as PNG / SVG / Vega-Lite."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch import __version__
from modelwatch.analyze.breakdowns import by_country_openness, by_org_tier, data_snapshots
from modelwatch.analyze.counts import Filters, leaderboard, list_releases
from modelwatch.analyze.query import Row
from modelwatch.publish import charts

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class ReportResult:
    out_dir: Path
    index: Path
    files: list[Path]
    leaderboard: list[Row]


def _pct(value: Any) -> str:
    return "" if value is None else f"{float(value):.0%}"


def summary_lines(year: int, orgs: list[Row], countries: list[Row]) -> list[str]:
    """Plain sentences generated from the counts; each names its unit."""
    lines: list[str] = []
    total = sum(int(c["releases"]) for c in countries)
    open_total = sum(int(c["open"]) for c in countries)
    lines.append(f"{total} releases in {year} by the tracked organizations, {open_total} of them with open weights.")
    if orgs:
        top = orgs[0]
        tied = [o["name"] for o in orgs if o["releases"] == top["releases"]]
        lines.append(
            f"Most releases: {' and '.join(tied)} with {top['releases']} releases"
            + (f" ({top['open']} open)." if len(tied) == 1 else " each.")
        )
        most_open = max(orgs, key=lambda o: (o["open"], o["releases"]))
        lines.append(f"Most open-weights releases: {most_open['name']} with {most_open['open']}.")
    for c in countries[:4]:
        lines.append(
            f"{c['country']}: {c['releases']} releases, {c['open']} open, {c['closed']} closed "
            f"(open share {_pct(c['open_share'])})."
        )
    return lines


def build_report(con: duckdb.DuckDBPyConnection, year: int, out_dir: Path, data_version: str) -> ReportResult:
    from jinja2 import Environment, PackageLoader, select_autoescape

    f = Filters(year=year)
    orgs = leaderboard(con, f, by="org")
    countries = leaderboard(con, f, by="country")
    releases = list_releases(con, f)
    out_dir.mkdir(parents=True, exist_ok=True)
    made = [
        charts.releases_by_org_tier(by_org_tier(con, f), year),
        charts.open_closed_by_country(by_country_openness(con, f), year),
    ]
    files: list[Path] = []
    for chart in made:
        files.extend(charts.save(chart, out_dir).values())
    by_org: dict[str, list[Row]] = {}
    for r in releases:
        by_org.setdefault(r["org"], []).append(r)
    releases_by_org = [(o, by_org.get(o["org"], [])) for o in orgs]
    env = Environment(loader=PackageLoader("modelwatch.publish", "templates"), autoescape=select_autoescape())
    html = env.get_template("index.html.j2").render(
        year=year,
        built=dt.date.today().isoformat(),
        data_version=data_version,
        summary=summary_lines(year, orgs, countries),
        charts=made,
        leaderboard=orgs,
        countries=countries,
        releases_by_org=releases_by_org,
        snapshots=data_snapshots(con),
        pct=_pct,
        version=__version__,
    )
    index = out_dir / "index.html"
    tmp = index.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(index)
    return ReportResult(out_dir=out_dir, index=index, files=[index, *files], leaderboard=orgs)
