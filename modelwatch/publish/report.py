"""The year in review as a static site that works offline from file://.

index.html (summary, charts, tables, claims, methodology) and releases.html (the release lists
that every number links to); charts as interactive Vega-Lite plus PNG and SVG files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from modelwatch import __version__, config
from modelwatch.analyze.query import Row
from modelwatch.analyze.review import ReportData
from modelwatch.files import ensure_dir, own_subdir, write_text
from modelwatch.publish import charts
from modelwatch.publish.report_text import PAGE, href, pct, summary
from modelwatch.sources import epoch, hub, hub_dump, modelsdev, openrouter

# each source module owns its attribution; the report and the site show it as is
ATTRIBUTIONS = {m.SOURCE: m.ATTRIBUTION for m in (epoch, hub, hub_dump, openrouter, modelsdev)}


def attributions(sources: Iterable[str]) -> list[str]:
    """The attribution of each source named, once, in order; the curated registry needs none."""
    return [ATTRIBUTIONS[s] for s in dict.fromkeys(sources) if s in ATTRIBUTIONS]


# What the page needs from the bundle: the three libraries on `window`, as a classic script.
BUNDLE_SNIPPET = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


@dataclass(frozen=True)
class ReportResult:
    out_dir: Path
    index: Path
    files: list[Path]
    leaderboard: list[Row]
    partial: str = ""


def vega_bundle() -> str:
    """Vega, Vega-Lite and vega-embed as one classic script, from the installed vl-convert; cached."""
    import vl_convert as vlc

    cache = config.cache_dir() / f"vega-{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}-1.js"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    bundle: str = vlc.javascript_bundle(BUNDLE_SNIPPET)
    write_text(ensure_dir(cache.parent) / cache.name, bundle)
    return bundle


def _write(path: Path, text: str) -> None:
    write_text(path, text)


def build_report(data: ReportData, out_dir: Path) -> ReportResult:
    """Render the review: the pages and the charts; every number comes from `data`."""
    from jinja2 import Environment, PackageLoader

    rows = data.charts
    year = data.year
    made = [
        charts.releases_by_org_tier(list(rows.by_org_tier), year),
        charts.open_closed_by_country(list(rows.by_country_openness), year),
        charts.country_month(list(rows.by_country_month), year),
        charts.open_share_yoy(list(rows.open_share_yoy), [year - 1, year]),
        charts.timeline(list(rows.timeline), year),
    ]
    if rows.adoption is not None:
        made.append(charts.adoption_by_org(list(rows.adoption), year))
    if rows.adoption_curve is not None:
        made.append(charts.adoption_curve(list(rows.adoption_curve)))
    ensure_dir(out_dir)
    own_subdir(out_dir, "assets")
    files: list[Path] = []
    for chart in made:
        files.extend(charts.save(chart, out_dir).values())
    bundle = out_dir / "assets" / "vega.js"
    _write(bundle, vega_bundle())
    files.append(bundle)

    sources = sorted({s["source"] for s in data.snapshots})
    env = Environment(loader=PackageLoader("modelwatch.publish", "templates"), autoescape=True)
    scope = f"Only {', '.join(data.modalities)} models." if data.modalities else ""
    common = {"year": year, "version": __version__, "built": dt.date.today().isoformat(), "scope": scope}
    index_html = env.get_template("index.html.j2").render(
        **common,
        pct=pct,
        href=href,
        data_version=data.data_version,
        summary=summary(data),
        charts=made,
        leaderboard=data.orgs,
        partial=data.partial,
        countries=data.countries,
        claims=data.claims,
        snapshots=data.snapshots,
        attributions=attributions(sources),
    )
    releases_html = env.get_template("releases.html.j2").render(**common, lists=data.lists.values())
    index = out_dir / "index.html"
    _write(index, index_html)
    _write(out_dir / PAGE, releases_html)
    return ReportResult(
        out_dir=out_dir,
        index=index,
        files=[index, out_dir / PAGE, *files],
        leaderboard=list(data.boards["org", "releases"]),
        partial=data.partial,
    )
