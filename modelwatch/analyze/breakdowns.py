"""Counts split along two axes, the shapes charts need."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from modelwatch.analyze.counts import Filters
from modelwatch.analyze.query import Row, rows

if TYPE_CHECKING:
    import duckdb


def by_org_tier(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Row]:
    where, params = f.where()
    return rows(
        con,
        f"""
        SELECT r.org_id AS org, o.name, r.tier, count(*) AS n
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where} GROUP BY ALL ORDER BY org, tier
        """,
        params,
    )


def by_country_openness(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Row]:
    where, params = f.where()
    return rows(
        con,
        f"""
        SELECT o.country, r.openness, count(*) AS n
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where} GROUP BY ALL ORDER BY country, openness
        """,
        params,
    )


def data_snapshots(con: duckdb.DuckDBPyConnection) -> list[Row]:
    return rows(
        con,
        """
        SELECT import_id, source, path, digest, digest_kind, retrieved_at, as_of, rows
        FROM imports
        WHERE import_id IN (SELECT DISTINCT import_id FROM releases)
           OR source <> 'registry'
        ORDER BY import_id
        """,
    )


# A release belongs to one month's bar when its whole date lies in that month: a day or a month. A quarter,
# a year or a span across months has no one month, so it is counted apart (`unplaced_in_months`), never on a
# made-up month.
_ONE_MONTH = "date_trunc('month', r.date) = date_trunc('month', r.date_latest)"


def by_country_month(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Row]:
    where, params = f.where()
    return rows(
        con,
        f"""
        SELECT o.country, strftime(date_trunc('month', r.date), '%Y-%m') AS month, r.openness, count(*) AS n
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where} AND {_ONE_MONTH} GROUP BY ALL ORDER BY country, month, openness
        """,
        params,
    )


def unplaced_in_months(con: duckdb.DuckDBPyConnection, f: Filters) -> int:
    """Releases in scope whose date is no one month (a quarter, a year, a span across months)."""
    where, params = f.where()
    sql = f"SELECT count(*) AS n FROM releases r JOIN organizations o ON o.id = r.org_id WHERE {where} AND NOT {_ONE_MONTH}"  # noqa: E501
    return int(rows(con, sql, params)[0]["n"])


def open_share_by_country_year(
    con: duckdb.DuckDBPyConnection, years: list[int], modalities: list[str] | None = None
) -> list[Row]:
    """Open share of releases per country and year; the unknown tier is left out of both sides."""
    kinds = list(modalities or [])
    return rows(
        con,
        f"""
        SELECT o.country, year(r.date) AS year,
               count(*) FILTER (WHERE r.openness = 'open') AS open,
               count(*) FILTER (WHERE r.openness = 'closed') AS closed,
               round(count(*) FILTER (WHERE r.openness = 'open')
                     / nullif(count(*) FILTER (WHERE r.openness IN ('open', 'closed')), 0), 3) AS open_share
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE year(r.date) IN ({", ".join("?" * len(years))}) AND year(r.date_latest) = year(r.date)
          AND r.tier <> 'unreleased'
          AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], r.modality))
        GROUP BY ALL ORDER BY country, year
        """,
        [*years, kinds, kinds],
    )


OPEN_SHARE_MIN = 3  # open or closed releases a country needs in every year of the comparison to be shown


def largest_first(found: Iterable[Row], key: str, count: str | None = "n") -> tuple[str, ...]:
    """The values of `key`, most counted first (ties by value): summing `count`, or counting rows without one."""
    totals: dict[str, int] = {}
    for r in found:
        totals[r[key]] = totals.get(r[key], 0) + (int(r[count]) if count else 1)
    return tuple(sorted(totals, key=lambda k: (-totals[k], k)))


def open_share_countries(found: Iterable[Row], years: list[int], min_releases: int = OPEN_SHARE_MIN) -> tuple[str, ...]:
    """The countries with at least `min_releases` open or closed releases in every year (not on average), most
    releases over the years first."""
    volume: dict[str, int] = {}
    per_year: dict[tuple[str, str], int] = {}
    for r in found:
        volume[r["country"]] = volume.get(r["country"], 0) + int(r["open"]) + int(r["closed"])
        per_year[(r["country"], str(r["year"]))] = int(r["open"]) + int(r["closed"])
    keep = {c for c in volume if all(per_year.get((c, str(y)), 0) >= min_releases for y in years)}
    return tuple(sorted(keep, key=lambda c: (-volume[c], c)))
