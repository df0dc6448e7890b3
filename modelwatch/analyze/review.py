"""The year in review as data: every number the report and the site's home page show, computed once.

`review()` runs every query of the review and returns a frozen `ReportData`; the site's home page
(web), which `modelwatch report` writes as a static page, and the report's chart files (publish.report)
only render it. Each count of releases comes from the leaderboard query and carries the key of the
list of exactly the releases it counts (`ReportData.lists`); the page links the number to the explorer
at exactly those releases.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from modelwatch.analyze import breakdowns
from modelwatch.analyze.counts import Filters, leaderboard, list_releases
from modelwatch.analyze.query import Row, rows
from modelwatch.errors import ModelwatchError
from modelwatch.tiers import Tier
from modelwatch.vocabulary import Level, Unit

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.verdicts import ClaimRow

SUMMARY_COUNTRIES = 5  # the countries the summary describes, largest first, each beside its year before
KINDS = {"all": "releases", "open": "open-weights releases", "closed": "closed releases"}


@dataclass(frozen=True)
class ReleaseList:
    """Exactly the releases one number counts."""

    key: str  # e.g. "y2025-org-alibaba-open"
    title: str  # e.g. "Alibaba: open-weights releases in 2025"
    releases: tuple[Row, ...]  # rows of `modelwatch releases`, in its order
    # what it selects, so a page can link a number to the explorer at exactly these releases
    year: int
    level: str  # all, org, country
    value: str  # the organization id or country code ('' for all)
    which: str  # all, open, closed


@dataclass(frozen=True)
class Count:
    """A number of releases (from the leaderboard query) and the key of the list of those releases."""

    n: int
    list: str


@dataclass(frozen=True)
class Standing:
    """One organization's or country's year (or everyone's: id ""), in releases, split by openness."""

    rank: int
    id: str  # organization id or country code
    name: str
    country: str
    releases: Count
    open: Count
    closed: Count
    unknown: int
    open_share: float | None  # open / (open + closed); None when both are 0


@dataclass(frozen=True)
class YearBefore:
    """A country's year before the reviewed one, as the summary compares it."""

    releases: Count
    open_share: float | None


@dataclass(frozen=True)
class ChartRows:
    """The rows each chart of the review draws (releases, announced-but-unavailable left out)."""

    by_org_tier: tuple[Row, ...]  # org, name, tier, n
    by_country_openness: tuple[Row, ...]  # country, openness, n
    by_country_month: tuple[Row, ...]  # country, month, openness, n
    months_unplaced: int  # releases whose date is no one month (a quarter, a year, a span): not in by_country_month
    open_share_yoy: tuple[Row, ...]  # country, year, open, closed, open_share (the year before and the year)
    timeline: tuple[Row, ...]  # the year's releases with org_name and openness
    adoption: tuple[Row, ...] | None  # Hub downloads per organization; None without a Hub sync in the store
    adoption_curve: tuple[Row, ...] | None  # new derivatives per month and region; None without Hub dumps
    # the order each chart draws its bars, lines or panels in: most releases first (ties by name)
    org_order: tuple[str, ...]  # by_org_tier's organization names
    country_order: tuple[str, ...]  # by_country_openness's countries
    month_country_order: tuple[str, ...]  # by_country_month's countries
    share_countries: tuple[str, ...]  # open_share_yoy's countries with enough releases in both years
    timeline_orgs: tuple[str, ...]  # the timeline's organization names


@dataclass(frozen=True)
class ReportData:
    """The year review of `year`: what `modelwatch report` writes and the site's home page shows."""

    year: int
    modalities: tuple[str, ...]  # empty: every modality
    data_version: str  # the hash of the curated files the store was built from
    partial: str  # names the organizations whose coverage ends before the year does ('' when none)
    dating: str  # how many releases are dated only to a month or coarser, or cross the year's edge ('' when none)
    snapshots: tuple[Row, ...]  # the imports the numbers come from: registry, plus Hub sync / dumps when charted
    total: Standing  # every organization together
    orgs: tuple[Standing, ...]  # the leaderboard by organization, largest first
    countries: tuple[Standing, ...]  # by country
    before: Mapping[str, YearBefore]  # the year before, for the countries the summary describes that had any
    boards: Mapping[tuple[str, str], tuple[Row, ...]]  # (level, unit) -> rows of `modelwatch leaderboard`
    charts: ChartRows
    lists: Mapping[str, ReleaseList]  # every list a Count names, by key
    claims: tuple[ClaimRow, ...] | None = None  # judged claims, when a claims file was given

    @property
    def organizations(self) -> int:
        """How many organizations released something."""
        return len(self.orgs)

    @property
    def leaders(self) -> tuple[Standing, ...]:
        """The organizations with the most releases (several when tied)."""
        return tuple(o for o in self.orgs if o.releases.n == self.orgs[0].releases.n) if self.orgs else ()

    @property
    def most_open(self) -> Standing | None:
        """The organization with the most open-weights releases (then the most releases)."""
        return max(self.orgs, key=lambda o: (o.open.n, o.releases.n)) if self.orgs else None

    @property
    def summary_countries(self) -> tuple[Standing, ...]:
        return self.countries[:SUMMARY_COUNTRIES]


def list_key(year: int, level: str, value: str, which: str) -> str:
    return f"y{year}-{level}-{value}-{which}"


class _Lists:
    """Makes the Counts of the review and the release lists they name (only lists some number uses)."""

    def __init__(self, releases: dict[int, list[Row]], names: dict[str, str]) -> None:
        self.releases, self.names = releases, names
        self.made: dict[str, ReleaseList] = {}

    def count(self, n: int, year: int, level: str, value: str, which: str) -> Count:
        key = list_key(year, level, value, which)
        if key not in self.made:
            found = [
                r
                for r in self.releases[year]
                if (level == "all" or r[level] == value) and (which == "all" or Tier(r["tier"]).openness == which)
            ]
            label = "every organization" if level == "all" else self.names.get(value, value)
            title = f"{label}: {KINDS[which]} in {year}"
            self.made[key] = ReleaseList(key, title, tuple(found), year, level, value, which)
        return Count(n, key)

    def standing(self, row: Row, year: int, level: str) -> Standing:
        value = "" if level == "all" else row[level]
        return Standing(
            rank=int(row["rank"]),
            id=value,
            name=row["name"] if level != "all" else "every organization",
            country=row.get("country") or "",
            releases=self.count(int(row["releases"]), year, level, value, "all"),
            open=self.count(int(row["open"]), year, level, value, "open"),
            closed=self.count(int(row["closed"]), year, level, value, "closed"),
            unknown=int(row["unknown"]),
            open_share=_share(row),
        )


def _share(row: Row) -> float | None:
    return None if row["open_share"] is None else float(row["open_share"])


def _total(con: duckdb.DuckDBPyConnection, f: Filters) -> Row:
    """Every organization together, in the leaderboard's columns."""
    where, params = f.where()
    return rows(
        con,
        f"""
        SELECT 1 AS rank, '' AS name, count(*) AS releases, count(*) FILTER (WHERE r.openness = 'open') AS open,
               count(*) FILTER (WHERE r.openness = 'closed') AS closed,
               count(*) FILTER (WHERE r.openness = 'unknown') AS unknown, NULL AS open_share
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where}
        """,
        params,
    )[0]


OPTIONAL_TABLES = ("hub_artifacts", "hub_dump_snapshots")  # made by `sync hub` and `import hub-dump`


def has_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether the store has one of the OPTIONAL_TABLES, with anything in it."""
    if table not in OPTIONAL_TABLES:  # only our own names reach the SQL below
        raise ValueError(f"not an optional table: {table!r}")
    found = rows(con, "SELECT count(*) AS n FROM information_schema.tables WHERE table_name = ?", [table])
    return bool(found[0]["n"]) and bool(rows(con, f"SELECT count(*) AS n FROM {table}")[0]["n"])


def latest_year(con: duckdb.DuckDBPyConnection) -> int:
    """The latest year with releases that the registry covers (wholly or in part): the year the site and
    `modelwatch report` open on. A release recorded past every organization's covered-to day does not
    make its year the default: that year's review would be refused as outside the registry."""
    from modelwatch.analyze.counts import registry_period

    _, end = registry_period(con)
    found = rows(con, "SELECT max(year(date)) AS y FROM releases WHERE ? IS NULL OR date <= ?", [end, end])[0]["y"]
    if found is None:
        raise ModelwatchError("the registry holds no release: no year to review")
    return int(found)


def year_review(
    con: duckdb.DuckDBPyConnection,
    year: int,
    modalities: list[str] | tuple[str, ...] = (),
    claims: list[ClaimRow] | None = None,
) -> ReportData:
    """The review of `year` with the data version and the coverage caveat; a year outside the registry is refused."""
    from modelwatch.analyze.scope import narrow
    from modelwatch.store.connection import get_meta

    scope = narrow(con, Filters(year=year, modalities=list(modalities)))
    return review(con, year, modalities, get_meta(con, "data_version") or "", scope.partial, claims, scope.dating)


def review(
    con: duckdb.DuckDBPyConnection,
    year: int,
    modalities: list[str] | tuple[str, ...] = (),
    data_version: str = "",
    partial: str = "",
    claims: list[ClaimRow] | None = None,
    dating: str = "",
) -> ReportData:
    """Every number of the year review of `year`, from the store behind `con`."""
    kinds = list(modalities)
    f = Filters(year=year, modalities=kinds)
    boards = {
        (level.value, unit.value): tuple(leaderboard(con, f, by=level, unit=unit)) for level in Level for unit in Unit
    }
    releases = {y: list_releases(con, Filters(year=y, modalities=kinds), bounds=True) for y in (year - 1, year)}
    names = {r["id"]: r["name"] for r in rows(con, "SELECT id, name FROM organizations")}
    lists = _Lists(releases, names)
    countries = tuple(lists.standing(r, year, "country") for r in boards["country", "releases"])
    previous = {r["country"]: r for r in leaderboard(con, Filters(year=year - 1, modalities=kinds), by="country")}
    before = {
        c.id: YearBefore(
            lists.count(int(previous[c.id]["releases"]), year - 1, "country", c.id, "all"), _share(previous[c.id])
        )
        for c in countries[:SUMMARY_COUNTRIES]
        if c.id in previous
    }
    standing_total = lists.standing(_total(con, f), year, "all")
    orgs = tuple(lists.standing(r, year, "org") for r in boards["org", "releases"])

    hub, dumps = has_rows(con, "hub_artifacts"), has_rows(con, "hub_dump_snapshots")
    adoption = curve = None
    if hub:
        from modelwatch.analyze.adoption import adoption as hub_adoption

        adoption = tuple(hub_adoption(con, by="org", year=year, modalities=kinds))
    if dumps:  # the adoption curve over the imported Hub dumps
        from modelwatch.analyze.engines import on_duckdb

        curve = tuple(on_duckdb(con, by="region", every="month"))
    by_org_tier = tuple(breakdowns.by_org_tier(con, f))
    by_country_openness = tuple(breakdowns.by_country_openness(con, f))
    by_country_month = tuple(breakdowns.by_country_month(con, f))
    open_share_yoy = tuple(breakdowns.open_share_by_country_year(con, [year - 1, year], kinds))
    timeline = tuple(
        dict(r, org_name=names.get(r["org"], r["org"]), openness=Tier(r["tier"]).openness) for r in releases[year]
    )
    charts = ChartRows(
        by_org_tier=by_org_tier,
        by_country_openness=by_country_openness,
        by_country_month=by_country_month,
        months_unplaced=breakdowns.unplaced_in_months(con, f),
        open_share_yoy=open_share_yoy,
        timeline=timeline,
        adoption=adoption,
        adoption_curve=curve,
        org_order=breakdowns.largest_first(by_org_tier, "name"),
        country_order=breakdowns.largest_first(by_country_openness, "country"),
        month_country_order=breakdowns.largest_first(by_country_month, "country"),
        share_countries=breakdowns.open_share_countries(open_share_yoy, [year - 1, year]),
        timeline_orgs=breakdowns.largest_first(timeline, "org_name", count=None),
    )
    # only the snapshots a number comes from: the registry, the Hub sync behind the adoption chart,
    # the Hub dumps behind the adoption curve
    used = {"registry", *(["hub"] if hub else []), *(["hub-dump"] if dumps else [])}
    return ReportData(
        year=year,
        modalities=tuple(kinds),
        data_version=data_version,
        partial=partial,
        dating=dating,
        snapshots=tuple(s for s in breakdowns.data_snapshots(con) if s["source"] in used),
        total=standing_total,
        orgs=orgs,
        countries=countries,
        before=MappingProxyType(before),
        boards=MappingProxyType(boards),
        charts=charts,
        lists=MappingProxyType(dict(sorted(lists.made.items()))),
        claims=tuple(claims) if claims is not None else None,
    )
