"""One release or one organization in full: the records a page about it shows, as typed rows.

Read-only queries over the registry tables; the web pages and the API render these.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelwatch.analyze.query import Row, rows
from modelwatch.errors import ModelwatchError

if TYPE_CHECKING:
    import duckdb


@dataclass
class ReleaseDetail:
    release: Row
    members: list[Row]
    sources: list[str]
    developers: list[Row]
    license: Row | None
    organization: Row


@dataclass
class OrgDetail:
    organization: Row
    aliases: list[Row]
    labs: list[Row]
    per_year: list[Row] = field(default_factory=list)


def release(con: duckdb.DuckDBPyConnection, release_id: str) -> ReleaseDetail:
    found = releases(con, [release_id])
    if release_id not in found:
        raise ModelwatchError(f"no release has the id {release_id!r}; see /releases")
    return found[release_id]


def releases(con: duckdb.DuckDBPyConnection, release_ids: list[str]) -> dict[str, ReleaseDetail]:
    """The releases of `release_ids` that exist, by id: six queries however many (the static site asks for all)."""
    ids = list(release_ids)
    found = rows(
        con,
        """
        SELECT id, org_id AS org, name, family, date_label AS date, date_precision,
               coalesce(date_source, '') AS date_source, announced, hub_created, tier, openness,
               coalesce(license, '') AS license, modality, sizes, coalesce(note, '') AS note, rule,
               artifact_count AS artifacts, file
        FROM releases WHERE list_contains(?, id)
        """,
        [ids],
    )

    def by_release(sql: str) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {}
        for r in rows(con, sql, [ids]):
            out.setdefault(r.pop("release_id"), []).append(r)
        return out

    members = by_release(
        "SELECT release_id, kind, artifact_id FROM release_members WHERE list_contains(?, release_id) "
        "ORDER BY kind, artifact_id"
    )
    sources = by_release(
        "SELECT release_id, url FROM release_sources WHERE list_contains(?, release_id) ORDER BY position, url"
    )
    developers = by_release(
        "SELECT d.release_id, d.org_id AS org, o.name, d.role FROM release_developers d "
        "LEFT JOIN organizations o ON o.id = d.org_id WHERE list_contains(?, d.release_id) ORDER BY d.role, d.org_id"
    )
    licenses = {
        r["id"]: r for r in rows(con, "SELECT id, name, tier, source, coalesce(note, '') AS note FROM licenses")
    }
    orgs = {r["id"]: r for r in rows(con, "SELECT id, name, group_id, country FROM organizations")}
    return {
        rel["id"]: ReleaseDetail(
            rel,
            members.get(rel["id"], []),
            [s["url"] for s in sources.get(rel["id"], [])],
            developers.get(rel["id"], []),
            licenses.get(rel["license"]),
            orgs[rel["org"]],
        )
        for rel in found
    }


def organization(con: duckdb.DuckDBPyConnection, org_id: str) -> OrgDetail:
    found = rows(
        con,
        """
        SELECT id, name, coalesce(parent, '') AS parent, group_id, country, kind, coalesce(homepage, '') AS homepage,
               source, coverage_start, coverage_end, file
        FROM organizations WHERE id = ?
        """,
        [org_id],
    )
    if not found:
        raise ModelwatchError(f"no organization has the id {org_id!r}; see /organizations")
    aliases = rows(con, "SELECT kind, alias FROM org_aliases WHERE org_id = ? ORDER BY kind, alias", [org_id])
    labs = rows(
        con, "SELECT id, name FROM organizations WHERE group_id = ? AND id <> ? ORDER BY id", [found[0]["id"], org_id]
    )
    # Releases per year in the three units; announced-but-unavailable models are not counted, as everywhere.
    per_year = rows(
        con,
        """
        SELECT year(date) AS year, count(*) AS releases, sum(artifact_count)::BIGINT AS artifacts,
               count(DISTINCT CASE WHEN date_precision = 'day' THEN date::VARCHAR ELSE id END) AS days,
               count(*) FILTER (WHERE openness = 'open') AS open,
               count(*) FILTER (WHERE openness = 'closed') AS closed,
               count(*) FILTER (WHERE openness = 'unknown') AS unknown
        FROM releases WHERE org_id = ? AND tier <> 'unreleased' AND year(date_latest) = year(date)
        GROUP BY 1 ORDER BY 1
        """,
        [org_id],
    )
    return OrgDetail(found[0], aliases, labs, per_year)


def member_index(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Member ids (Hub repos, API model ids) per release, for searching by member."""
    out: dict[str, list[str]] = {}
    for r in rows(con, "SELECT release_id, artifact_id FROM release_members ORDER BY release_id, artifact_id"):
        out.setdefault(r["release_id"], []).append(r["artifact_id"])
    return out


def facets(con: duckdb.DuckDBPyConnection) -> dict[str, list[Row]]:
    """The values each explorer filter can take, with their display names."""
    return {
        "years": rows(con, "SELECT DISTINCT year(date) AS value FROM releases ORDER BY 1 DESC"),
        "orgs": rows(con, "SELECT id AS value, name FROM organizations ORDER BY lower(name)"),
        "groups": rows(
            con,
            "SELECT DISTINCT g.id AS value, g.name FROM organizations o JOIN organizations g ON g.id = o.group_id "
            "ORDER BY lower(g.name)",
        ),
        "countries": rows(con, "SELECT DISTINCT country AS value FROM organizations ORDER BY 1"),
        "tiers": rows(con, "SELECT DISTINCT tier AS value FROM releases ORDER BY 1"),
        "modalities": rows(con, "SELECT DISTINCT modality AS value FROM releases ORDER BY 1"),
    }
