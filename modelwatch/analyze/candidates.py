"""Releases the registry lacks: cluster what the Hub sync stored, subtract what the registry claims.

Registry releases claim their members by repo id and clustering never overrides them: a cluster with
any claimed member belongs to that registry release (its other members are shown as unclaimed
members of it); a cluster with no claimed member is a candidate, ready to review.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelwatch.analyze.query import Row, rows
from modelwatch.cluster import ClusteredRelease, Repo, cluster_org
from modelwatch.errors import ModelwatchError

if TYPE_CHECKING:
    import duckdb


@dataclass
class ReleaseGroup:
    """A release and the Hub repos behind it, from the registry or from clustering."""

    id: str
    org: str
    family: str
    date: dt.date | None
    origin: str  # "registry" or "candidate"
    rule: str
    members: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)


CAPTION = (
    "clustered from the latest Hub sync; no registry release claims any of their repos. "
    "Review them with `modelwatch proposals --org ID`, then `accept` or `reject`."
)


def synced(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(rows(con, "SELECT count(*) AS n FROM hub_artifacts")[0]["n"])


def require_sync(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse a question about Hub data before the first sync (rather than answer with an empty table)."""
    if not synced(con):
        raise ModelwatchError("no Hub data in the store yet; run `modelwatch sync hub` first")


def _hub_repos(con: duckdb.DuckDBPyConnection, orgs: list[str]) -> dict[str, list[Repo]]:
    sql = "SELECT org_id, repo_id, created_at FROM hub_artifacts"
    params: list[object] = []
    if orgs:
        sql += " WHERE list_contains(?, org_id)"
        params.append(orgs)
    out: dict[str, list[Repo]] = defaultdict(list)
    for r in rows(con, sql + " ORDER BY repo_id", params):
        created = r["created_at"].date() if r["created_at"] is not None else None
        out[r["org_id"]].append(Repo(r["repo_id"], created))
    return out


def _claims(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    got = rows(con, "SELECT artifact_id, release_id FROM release_members WHERE kind = 'hub'")
    return {r["artifact_id"].casefold(): r["release_id"] for r in got}


def release_groups(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> list[ReleaseGroup]:
    """Registry releases (with any unclaimed repos clustered with their members), then candidates."""
    orgs = orgs or []
    claims = _claims(con)
    sql = "SELECT id, org_id, family, date, rule FROM releases"
    params: list[object] = []
    if orgs:
        sql += " WHERE list_contains(?, org_id)"
        params.append(orgs)
    groups: dict[str, ReleaseGroup] = {}
    for r in rows(con, sql + " ORDER BY date, id", params):
        groups[r["id"]] = ReleaseGroup(r["id"], r["org_id"], r["family"], r["date"], "registry", r["rule"])
    claimed_rows = rows(con, "SELECT release_id, artifact_id FROM release_members WHERE kind = 'hub' ORDER BY 2")
    for c in claimed_rows:
        g = groups.get(c["release_id"])
        if g is not None:
            g.members.append(c["artifact_id"])
            g.reasons[c["artifact_id"]] = "claimed by the registry"
    candidates: list[ReleaseGroup] = []
    for org, repos in sorted(_hub_repos(con, orgs).items()):
        for rel in cluster_org(org, repos):
            claimed = [claims[m.casefold()] for m in rel.repo_ids if m.casefold() in claims]
            if claimed:
                owner = groups.get(claimed[0])
                if owner is None:
                    continue
                for m in rel.members:
                    if m.repo_id.casefold() not in claims:
                        owner.members.append(m.repo_id)
                        owner.reasons[m.repo_id] = f"unclaimed; clustered with registry members ({m.reason})"
                continue
            candidates.append(_candidate(rel))
    return [*groups.values(), *candidates]


def _candidate(rel: ClusteredRelease) -> ReleaseGroup:
    g = ReleaseGroup(rel.id, rel.org, rel.family, rel.first_created, "candidate", rel.rule)
    for m in rel.members:
        g.members.append(m.repo_id)
        g.reasons[m.repo_id] = m.reason
    return g


def candidates(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None, year: int | None = None) -> list[Row]:
    out: list[Row] = []
    for g in release_groups(con, orgs):
        if g.origin != "candidate" or (year and (g.date is None or g.date.year != year)):
            continue
        out.append(
            {
                "candidate": g.id,
                "org": g.org,
                "family": g.family,
                "first_created": g.date,
                "repos": len(g.members),
                "members": ", ".join(g.members),
                "rule": g.rule,
            }
        )
    return out


def explain(con: duckdb.DuckDBPyConnection, release_id: str) -> tuple[dict[str, object], list[Row]]:
    """One release (registry id or candidate id): a summary and one row per member."""
    found = [g for g in release_groups(con) if g.id == release_id]
    if not found:
        raise ModelwatchError(
            f"{release_id}: no registry release or candidate has this id; see `modelwatch releases` "
            "or `modelwatch candidates`"
        )
    g = found[0]
    hub = {
        r["repo_id"].casefold(): r
        for r in rows(
            con,
            "SELECT a.repo_id, a.created_at, a.downloads, a.likes, a.import_id, i.retrieved_at "
            "FROM hub_artifacts a JOIN imports i USING (import_id) WHERE list_contains(?, a.repo_id)",
            [g.members],
        )
    }
    members: list[Row] = []
    for m in g.members:
        h = hub.get(m.casefold())
        members.append(
            {
                "repo": m,
                "created": h["created_at"].date() if h and h["created_at"] else None,
                "downloads_30d": h["downloads"] if h else None,
                "likes": h["likes"] if h else None,
                "why": g.reasons.get(m, ""),
                "source": f"hub sync, import {h['import_id']} ({h['retrieved_at']:%Y-%m-%d})" if h else "registry only",
            }
        )
    sources: list[str] = []
    if g.origin == "registry":
        sources = [
            r["url"]
            for r in rows(con, "SELECT url FROM release_sources WHERE release_id = ? ORDER BY position", [g.id])
        ]
    summary: dict[str, object] = {
        "release": g.id,
        "origin": g.origin,
        "org": g.org,
        "family": g.family,
        "date": g.date,
        "rule": g.rule,
        "sources": sources or ["the Hub listing of the organization (see the members)"],
    }
    return summary, members
