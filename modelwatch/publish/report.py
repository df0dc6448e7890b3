"""The year in review's charts: drawn from the review's data, and written as files.

The pages that show the review are the site's (modelwatch.web renders them, and `modelwatch report` writes
them as static files beside these charts); here are the charts as Vega-Lite, PNG and SVG. Every number comes
from `ReportData` (analyze.review): nothing here queries or counts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from modelwatch import config
from modelwatch.analyze.breakdowns import OPEN_SHARE_MIN
from modelwatch.analyze.query import Row
from modelwatch.analyze.review import ReportData
from modelwatch.files import ensure_dir, own_subdir, write_text
from modelwatch.publish import charts
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


def review_charts(data: ReportData) -> list[charts.Chart]:
    """Every chart of the year review, in the order the page shows them (the Hub ones only with Hub data)."""
    rows, year = data.charts, data.year
    made = [
        charts.releases_by_org_tier(list(rows.by_org_tier), list(rows.org_order), year),
        charts.open_closed_by_country(list(rows.by_country_openness), list(rows.country_order), year),
        charts.country_month(
            list(rows.by_country_month), list(rows.month_country_order), year, unplaced=rows.months_unplaced
        ),
        charts.open_share_yoy(list(rows.open_share_yoy), list(rows.share_countries), [year - 1, year], OPEN_SHARE_MIN),
        charts.timeline(list(rows.timeline), list(rows.timeline_orgs), year),
    ]
    if rows.adoption is not None:
        made.append(charts.adoption_by_org(list(rows.adoption), year))
    if rows.adoption_curve is not None:
        made.append(charts.adoption_curve(list(rows.adoption_curve)))
    return made


def build_report(data: ReportData, out_dir: Path) -> ReportResult:
    """Write the year review's charts as PNG, SVG and Vega-Lite files into `out_dir` (the pages come after)."""
    ensure_dir(out_dir)
    own_subdir(out_dir, "assets")
    files: list[Path] = []
    for chart in review_charts(data):
        files.extend(charts.save(chart, out_dir).values())
    return ReportResult(
        out_dir=out_dir,
        index=out_dir / "index.html",
        files=files,
        leaderboard=list(data.boards["org", "releases"]),
        partial=data.partial,
    )
