"""Release listings and leaderboards, in each unit and at each organization level."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.query import Row, rows
from modelwatch.errors import ModelwatchError
from modelwatch.tiers import Tier
from modelwatch.vocabulary import LEVEL_NAMES, MODALITIES, UNITS, Level, Unit

if TYPE_CHECKING:
    import duckdb


# group_country: the country of the group an organization belongs to (a lab abroad counts for its group's home).
LEVELS = {Level.org: "r.org_id", Level.group: "o.group_id", Level.country: "o.country", "group_country": "g.country"}


@dataclass
class Filters:
    """Which releases a question is about. Empty means no restriction."""

    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    orgs: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    tiers: list[str] = field(default_factory=list)
    openness: str | None = None
    modalities: list[str] = field(default_factory=list)
    include_unreleased: bool = False
    # A period a release must lie in, first and last day (claims; `year` is one too). A release counts in it
    # when its whole date span does; `edge` says what to do with one whose span crosses the period's edge:
    # "out" leaves it out, "in" counts it, "only" keeps just those (docs/counting-rules.md).
    period: tuple[dt.date, dt.date] | None = None
    edge: str = "out"

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        """The period releases must lie in: `period`, else the year, else None (from/to filter by earliest day)."""
        if self.period is not None:
            return self.period
        if self.year is not None:
            return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
        return None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = ["TRUE"]
        params: list[Any] = []
        span = self.span
        if span is not None:
            start, end = span
            inside, overlaps = "(r.date >= ? AND r.date_latest <= ?)", "(r.date <= ? AND r.date_latest >= ?)"
            if self.edge == "in":
                clauses.append(overlaps)
                params += [end, start]
            elif self.edge == "only":
                clauses.append(f"{overlaps} AND NOT {inside}")
                params += [end, start, start, end]
            else:
                clauses.append(inside)
                params += [start, end]
        # from/to read a span by its earliest day (as sorting does): the caption says so when it matters
        if self.date_from is not None:
            clauses.append("r.date >= ?")
            params.append(self.date_from)
        if self.date_to is not None:
            clauses.append("r.date <= ?")
            params.append(self.date_to)
        for column, values in (("r.org_id", self.orgs), ("o.group_id", self.groups), ("o.country", self.countries)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.tiers:
            valid = {t.value for t in Tier}
            bad = [t for t in self.tiers if t not in valid]
            if bad:
                raise ModelwatchError(f"unknown tier {bad[0]!r}; one of {', '.join(sorted(valid))}")
            clauses.append(f"r.tier IN ({', '.join('?' * len(self.tiers))})")
            params.extend(self.tiers)
        if self.modalities:
            bad = [m for m in self.modalities if m not in MODALITIES]
            if bad:
                raise ModelwatchError(f"unknown modality {bad[0]!r}; one of {', '.join(sorted(MODALITIES))}")
            clauses.append(f"r.modality IN ({', '.join('?' * len(self.modalities))})")
            params.extend(self.modalities)
        if self.openness:
            clauses.append("r.openness = ?")
            params.append(self.openness)
        elif not self.include_unreleased and not self.tiers:
            clauses.append("r.tier <> 'unreleased'")
        return " AND ".join(clauses), params


@dataclass(frozen=True)
class Resolved:
    """Filters with every organization and country spelt as the store spells it, and what was read how."""

    filters: Filters
    notes: list[str]


def _nearest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(value.casefold(), choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def resolve(con: duckdb.DuckDBPyConnection, f: Filters) -> Resolved:
    """Read `--org` and `--country` values as a person types them, or refuse with a hint.

    An unknown value is a user mistake, never an empty answer. Ids and names match in any case;
    a group (google) stands for its labs, so `--org google` never reads as "Google released nothing".
    """
    from modelwatch.normalize.countries import country_code

    orgs = rows(con, "SELECT id, name, kind, group_id, country FROM organizations ORDER BY id")
    by_key = {o["name"].casefold(): o for o in orgs} | {o["id"].casefold(): o for o in orgs}
    notes: list[str] = []
    ids: list[str] = []
    for value in f.orgs:
        org = by_key.get(value.strip().casefold())
        if org is None:
            hint = _nearest(value.strip(), sorted(by_key))
            raise ModelwatchError(f"unknown organization {value!r}{hint}; see `modelwatch orgs`")
        labs = [o["id"] for o in orgs if o["group_id"] == org["id"]]
        if org["kind"] == "group" or len(labs) > 1:
            named = [lab for lab in labs if lab != org["id"]]
            notes.append(f"{org['id']} is a group: counted as its labs {', '.join(named)}")
            ids += labs
        else:
            ids.append(org["id"])
    groups: list[str] = []
    for value in f.groups:
        org = by_key.get(value.strip().casefold())
        if org is None:
            raise ModelwatchError(f"unknown organization {value!r}{_nearest(value.strip(), sorted(by_key))}")
        groups.append(org["group_id"])
    known = sorted({o["country"] for o in orgs})
    countries: list[str] = []
    for value in f.countries:
        code = value.strip().upper()
        if code in known:
            countries.append(code)
            continue
        code_of_name = country_code(value)
        if code_of_name in known:
            raise ModelwatchError(f"--country takes ISO 3166-1 alpha-2 codes: use {code_of_name} for {value!r}")
        raise ModelwatchError(
            f"no organization with country {value!r}; the registry's countries are {', '.join(known)}"
        )
    resolved = Filters(**{**f.__dict__, "orgs": list(dict.fromkeys(ids)), "groups": groups, "countries": countries})
    return Resolved(resolved, notes)


def registry_period(con: duckdb.DuckDBPyConnection) -> tuple[dt.date | None, dt.date | None]:
    """The days the registry can speak for: the earliest coverage start to the latest day any organization
    is covered to (its last review, or a later source check: see analyze.currency)."""
    from modelwatch.analyze.currency import coverage

    lo = rows(con, "SELECT min(coverage_start) AS lo FROM organizations")[0]["lo"]
    hi = max((c.covered_to for c in coverage(con).values() if c.covered_to is not None), default=None)
    return lo, hi


def check_period(con: duckdb.DuckDBPyConnection, f: Filters) -> None:
    """A period wholly outside the registry's coverage is refused: '(no rows)' would read as 'nothing released'."""
    lo, hi = registry_period(con)
    if lo is None or hi is None:
        return
    start = f.date_from or (dt.date(f.year, 1, 1) if f.year else None)
    end = f.date_to or (dt.date(f.year, 12, 31) if f.year else None)
    if (end is not None and end < lo) or (start is not None and start > hi):
        asked = str(f.year) if f.year else f"{start or '...'}..{end or '...'}"
        raise ModelwatchError(f"the registry covers {lo} to {hi}; {asked} lies outside it")


def check_known(con: duckdb.DuckDBPyConnection, f: Filters) -> Filters:
    return resolve(con, f).filters


def list_releases(con: duckdb.DuckDBPyConnection, f: Filters, bounds: bool = False) -> list[Row]:
    """The releases in scope, oldest first (a period by its earliest day); `bounds` adds each date's
    earliest and latest day."""
    f = check_known(con, f)
    where, params = f.where()
    extra = ", r.date AS date_earliest, r.date_latest" if bounds else ""
    return rows(
        con,
        f"""
        SELECT r.date_label AS date, r.org_id AS org, o.country, r.name, r.tier, coalesce(r.license, '') AS license,
               r.modality, r.artifact_count AS artifacts, r.id,
               (SELECT first(url ORDER BY position, url) FROM release_sources s WHERE s.release_id = r.id) AS source,
               r.date_precision{extra}
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where}
        ORDER BY r.date, r.date_latest, r.org_id, r.id
        """,
        params,
    )


def leaderboard(con: duckdb.DuckDBPyConnection, f: Filters, by: str = "org", unit: str = "releases") -> list[Row]:
    """Counts per organization, group or country, split open / closed / unknown."""
    if by not in LEVELS:
        raise ModelwatchError(f"--by must be one of {', '.join(Level)}, not {by!r}")
    if unit not in UNITS:
        raise ModelwatchError(f"--unit must be one of {', '.join(Unit)}, not {unit!r}")
    f = check_known(con, f)
    where, params = f.where()
    key = LEVELS[by]
    if unit == "releases":
        measure = "count(*)"
    elif unit == "artifacts":
        measure = "sum(r.artifact_count)"
    else:
        # a release dated coarser than a day is a day of its own: its day is unknown, so it is never merged
        measure = "count(DISTINCT CASE WHEN r.date_precision = 'day' THEN r.date::VARCHAR ELSE r.id END)"

    def part(openness: str) -> str:
        return f"coalesce({measure} FILTER (WHERE r.openness = '{openness}'), 0)"

    by_country = by in ("country", "group_country")
    name = "k.key" if by_country else "coalesce(n.name, k.key)"
    sql = f"""
        WITH k AS (
            SELECT {key} AS key, {measure} AS total, {part("open")} AS open,
                   {part("closed")} AS closed, {part("unknown")} AS unknown,
                   {part("unreleased")} AS unreleased
            FROM releases r JOIN organizations o ON o.id = r.org_id JOIN organizations g ON g.id = o.group_id
            WHERE {where}
            GROUP BY 1
        )
        SELECT rank() OVER (ORDER BY k.total DESC) AS rank, k.key AS {"country" if by_country else by}, {name} AS name,
               {"" if by_country else "n.country AS country,"}
               k.total::BIGINT AS {unit}, k.open::BIGINT AS open, k.closed::BIGINT AS closed,
               k.unknown::BIGINT AS unknown,
               round(k.open / nullif(k.open + k.closed, 0), 3) AS open_share
        FROM k LEFT JOIN organizations n ON n.id = k.key
        ORDER BY k.total DESC, k.open DESC, k.key
    """
    return rows(con, sql, params)


def caption(base: str, notes: list[str]) -> str:
    """Sentences joined, each ending in one full stop."""
    return " ".join([base.rstrip(".") + ".", *(n.rstrip(".") + "." for n in notes)])


def board_title(by: str, unit: str, scope: str) -> str:
    return f"{unit.capitalize()} per {LEVEL_NAMES.get(by, by)} ({scope})"


def board_caption(unit: str, notes: list[str]) -> str:
    """What a leaderboard's columns mean, then the notes on what was asked (a group read as its labs, a
    coverage that ends early)."""
    base = (
        f"unit: {UNITS.get(unit, unit)}. open = weights downloadable; closed = API or hosted only; "
        "unknown = no source states it (never counted as closed); open_share = open / (open + closed). "
        "Announced-but-unavailable models are not counted."
    )
    if unit == "days":
        base += " A day with both open and closed releases counts in both columns."
    return caption(base, notes)


def organizations(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(
        con,
        """
        SELECT o.id, o.name, coalesce(o.parent, '') AS "group", o.country, o.kind,
               (SELECT string_agg(alias, ' ' ORDER BY alias) FROM org_aliases a
                WHERE a.org_id = o.id AND a.kind = 'hub') AS hub_namespaces,
               (SELECT count(*) FROM releases r WHERE r.org_id = o.id) AS releases,
               o.source
        FROM organizations o ORDER BY o.id
        """,
    )
