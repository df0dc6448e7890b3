"""The year in review: every number and chart of it, computed once (`review`), and the charts as files.

The pages that show it are the site's (modelwatch.web renders them, and `modelwatch report` writes them as
static files beside these charts); here are the numbers, the summary sentences and the charts as
Vega-Lite, PNG and SVG.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch import config
from modelwatch.analyze import breakdowns
from modelwatch.analyze.counts import Filters, leaderboard, list_releases
from modelwatch.analyze.query import Row, rows
from modelwatch.files import ensure_dir, own_subdir, write_text
from modelwatch.publish import charts
from modelwatch.publish.report_text import Part, Writer, openness
from modelwatch.sources import epoch, hub, hub_dump, modelsdev, openrouter

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.claims import Verdict

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

    cache = config.home() / "cache" / f"vega-{vlc.get_vega_version()}-{vlc.get_vega_embed_version()}-1.js"
    if cache.exists():
        return cache.read_text(encoding="utf-8")
    bundle: str = vlc.javascript_bundle(BUNDLE_SNIPPET)
    write_text(ensure_dir(cache.parent) / cache.name, bundle)
    return bundle


def claim_rows(verdicts: list[Verdict]) -> list[dict[str, Any]]:
    """A claim set's verdicts as the year review's table shows them."""
    out = []
    for v in verdicts:
        by_setting = {r.setting: r for r in v.readings}
        # a claim that holds in some settings only is shown with the numbers of a setting where it holds
        holds = [r for r in v.readings if r.verdict == "true"]
        shown = holds[0] if holds and v.decided and not v.robust else v.readings[0]
        out.append(
            {
                "id": v.claim.id,
                "text": v.claim.text,
                "verdict": v.summary,
                "robust": v.robust,
                "numbers": shown.detail,
                "numbers_setting": shown.setting,
                "settings": [(s, by_setting[s].verdict, by_setting[s].detail) for s in by_setting],
            }
        )
    return out


@dataclass(frozen=True)
class Review:
    """Everything the year review shows: the tables, the summary sentences, the charts, the snapshots behind them."""

    year: int
    modalities: list[str]
    orgs: list[Row]
    countries: list[Row]
    summary: list[list[Part]]
    charts: list[charts.Chart]
    snapshots: list[Row]


def review(con: duckdb.DuckDBPyConnection, year: int, modalities: list[str] | None = None) -> Review:
    """The year review of `year` (only `modalities`, when given): the one place its numbers are computed."""
    kinds = list(modalities or [])
    f = Filters(year=year, modalities=kinds)
    orgs = leaderboard(con, f, by="org")
    countries = leaderboard(con, f, by="country")
    prev = {r["country"]: r for r in leaderboard(con, Filters(year=year - 1, modalities=kinds), by="country")}
    releases = {
        y: list_releases(con, Filters(year=y, include_unreleased=True, modalities=kinds)) for y in (year - 1, year)
    }
    names = {r["id"]: r["name"] for r in rows(con, "SELECT id, name FROM organizations")}
    summary = Writer(year, releases, names).summary(orgs, countries, prev)
    timeline_rows = [dict(r, org_name=names.get(r["org"], r["org"]), openness=openness(r)) for r in releases[year]]
    timeline_rows = [r for r in timeline_rows if r["openness"] != "unreleased"]
    made = [
        charts.releases_by_org_tier(breakdowns.by_org_tier(con, f), year),
        charts.open_closed_by_country(breakdowns.by_country_openness(con, f), year),
        charts.country_month(breakdowns.by_country_month(con, f), year),
        charts.open_share_yoy(breakdowns.open_share_by_country_year(con, [year - 1, year], kinds), [year - 1, year]),
        charts.timeline(timeline_rows, year),
    ]
    hub_data = _has_hub_data(con)
    if hub_data:
        from modelwatch.analyze.adoption import adoption

        made.append(charts.adoption_by_org(adoption(con, by="org", year=year, modalities=kinds), year))
    history = _has_history(con)
    if history:  # the adoption curve over the imported Hub dumps
        from modelwatch.analyze.engines import on_duckdb

        made.append(charts.adoption_curve(on_duckdb(con, by="region", every="month")))
    # only the snapshots a number on the page comes from: the registry, the Hub sync behind the adoption chart,
    # the Hub dumps behind the adoption curve
    used = {"registry", *(["hub"] if hub_data else []), *(["hub-dump"] if history else [])}
    snapshots = [s for s in breakdowns.data_snapshots(con) if s["source"] in used]
    return Review(year, kinds, orgs, countries, summary, made, snapshots)


def build_report(
    con: duckdb.DuckDBPyConnection, year: int, out_dir: Path, modalities: list[str] | None = None, partial: str = ""
) -> ReportResult:
    """Write the year review's charts as PNG, SVG and Vega-Lite files into `out_dir` (the pages come after)."""
    made = review(con, year, modalities)
    ensure_dir(out_dir)
    own_subdir(out_dir, "assets")
    files: list[Path] = []
    for chart in made.charts:
        files.extend(charts.save(chart, out_dir).values())
    return ReportResult(
        out_dir=out_dir, index=out_dir / "index.html", files=files, leaderboard=made.orgs, partial=partial
    )


def _has_history(con: duckdb.DuckDBPyConnection) -> bool:
    found = rows(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'hub_dump_snapshots'")
    return bool(found[0]["n"]) and bool(rows(con, "SELECT count(*) AS n FROM hub_dump_snapshots")[0]["n"])


def _has_hub_data(con: duckdb.DuckDBPyConnection) -> bool:
    found = rows(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'hub_artifacts'")
    return bool(found[0]["n"]) and bool(rows(con, "SELECT count(*) AS n FROM hub_artifacts")[0]["n"])
