"""Counts split along two axes, the shapes charts need."""

from __future__ import annotations

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


def by_country_month(con: duckdb.DuckDBPyConnection, f: Filters) -> list[Row]:
    where, params = f.where()
    return rows(
        con,
        f"""
        SELECT o.country, strftime(date_trunc('month', r.date), '%Y-%m') AS month, r.openness, count(*) AS n
        FROM releases r JOIN organizations o ON o.id = r.org_id
        WHERE {where} GROUP BY ALL ORDER BY country, month, openness
        """,
        params,
    )


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
        WHERE year(r.date) IN ({", ".join("?" * len(years))}) AND r.tier <> 'unreleased'
          AND (len(?::VARCHAR[]) = 0 OR list_contains(?::VARCHAR[], r.modality))
        GROUP BY ALL ORDER BY country, year
        """,
        [*years, kinds, kinds],
    )
