"""Writing one Hub sync into the store: all of it in one transaction, or nothing.

Artifacts are upserted (one row per repo, the latest figures); every sync appends each repo's
downloads and likes to `hub_stats_history`, so adoption can be charted over repeated syncs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelwatch.sources.hub import Derivative
from modelwatch.sources.hub_sync import Listing
from modelwatch.store.connection import new_import, transaction
from modelwatch.store.schema import SYNC_FIGURES

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class SyncWrite:
    import_id: int
    repos: int
    new_repos: int
    derivatives: int
    snapshot_at: dt.datetime


def _digest(listings: Sequence[Listing], derivatives: Sequence[Derivative]) -> str:
    h = hashlib.sha256()
    for lst in listings:
        for r in lst.repos:
            a = r.artifact
            h.update(json.dumps([a.source_id, a.downloads, a.downloads_all_time, a.likes]).encode())
    for d in derivatives:
        h.update(json.dumps([d.child_id, d.parent_id, d.relation]).encode())
    return h.hexdigest()


def write_sync(
    con: duckdb.DuckDBPyConnection,
    endpoint: str,
    listings: Sequence[Listing],
    derivatives: Sequence[Derivative] | None = None,
    derivative_parents: Sequence[str] = (),
    snapshot_at: dt.datetime | None = None,
) -> SyncWrite:
    """Store a completed sync atomically. `derivatives=None` means they were not fetched this time."""
    when = (snapshot_at or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)
    repos = [r for lst in listings for r in lst.repos]
    with transaction(con):
        import_id = new_import(
            con,
            "hub",
            endpoint,
            _digest(listings, derivatives or []),
            SYNC_FIGURES,
            when.date().isoformat(),
            len(repos),
        )
        ids = [r.artifact.source_id for r in repos]
        known = {
            row[0]: row[1]
            for row in con.execute(
                "SELECT repo_id, first_import_id FROM hub_artifacts WHERE list_contains(?, repo_id)", [ids]
            ).fetchall()
        }
        namespaces = [lst.namespace for lst in listings]
        con.execute(
            "UPDATE hub_artifacts SET listed = false "
            "WHERE list_contains(?, namespace) AND NOT list_contains(?, repo_id)",
            [namespaces, ids],
        )
        con.execute("DELETE FROM hub_artifacts WHERE list_contains(?, repo_id)", [ids])
        rows = []
        for r in repos:
            a = r.artifact
            rows.append(
                [
                    a.source_id,
                    r.namespace,
                    a.org,
                    _naive(a.created_at),
                    _naive(a.last_modified),
                    a.downloads,
                    a.downloads_all_time,
                    a.likes,
                    a.parameters,
                    a.license or None,
                    a.pipeline_tag or None,
                    a.library_name or None,
                    a.gated,
                    a.base_models,
                    a.base_relation or None,
                    r.children,
                    a.tags,
                    True,
                    known.get(a.source_id, import_id),
                    import_id,
                ]
            )
        if rows:
            con.executemany("INSERT INTO hub_artifacts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
            con.executemany(
                "INSERT INTO hub_stats_history VALUES (?,?,?,?,?,?)",
                [
                    [
                        r.artifact.source_id,
                        when,
                        r.artifact.downloads,
                        r.artifact.downloads_all_time,
                        r.artifact.likes,
                        import_id,
                    ]
                    for r in repos
                ],
            )
        con.executemany(
            "INSERT INTO hub_syncs VALUES (?,?,?,?,?,?)",
            [[import_id, lst.org_id, lst.namespace, len(lst.repos), derivatives is not None, when] for lst in listings],
        )
        if derivatives is not None:
            con.execute("DELETE FROM hub_derivatives WHERE list_contains(?, parent_id)", [list(derivative_parents)])
            if derivatives:
                con.executemany(
                    "INSERT INTO hub_derivatives VALUES (?,?,?,?,?,?,?,?)",
                    [
                        [
                            d.child_id,
                            d.parent_id,
                            d.relation,
                            d.author,
                            _naive(d.created_at),
                            d.downloads,
                            d.likes,
                            import_id,
                        ]
                        for d in derivatives
                    ],
                )
    return SyncWrite(
        import_id=import_id,
        repos=len(repos),
        new_repos=sum(1 for i in ids if i not in known),
        derivatives=len(derivatives or []),
        snapshot_at=when,
    )


def _naive(value: dt.datetime | None) -> dt.datetime | None:
    """Stored in UTC without a zone (DuckDB TIMESTAMP)."""
    if value is None:
        return None
    return value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
