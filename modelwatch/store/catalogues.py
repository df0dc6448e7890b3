"""Catalogue snapshots in the store: writing one import atomically, choosing one to read."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.errors import ModelwatchError
from modelwatch.normalize.catalogue_names import OrgRef
from modelwatch.normalize.licenses import LicenseIndex
from modelwatch.normalize.organizations import OrgIndex
from modelwatch.records import CatalogueFile, License, Organization
from modelwatch.store.connection import new_import, transaction
from modelwatch.store.schema import CONTENT
from modelwatch.tiers import Tier

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Snapshot:
    import_id: int
    source: str
    path: str
    digest: str  # of the imported file: a catalogue's digest is always its content's SHA-256
    digest_kind: str
    as_of: dt.date | None
    retrieved_at: dt.datetime
    rows: int
    variant: str
    attribution: str
    unresolved: list[str]
    warnings: list[str]


@dataclass
class ImportResult:
    """What an import stored (or found stored already: `already`)."""

    source: str
    import_id: int
    path: str
    rows: int
    as_of: dt.date | None
    already: bool
    attribution: str
    variant: str = ""
    resolved_rows: int = 0
    unresolved: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @classmethod
    def again(cls, old: Snapshot) -> ImportResult:
        """The same file imported before: its snapshot, unchanged."""
        return cls(old.source, old.import_id, old.path, old.rows, old.as_of, True, old.attribution, old.variant)

    @classmethod
    def of(
        cls, import_id: int, cf: CatalogueFile, refs: list[list[OrgRef]], unresolved: list[tuple[str, int]]
    ) -> ImportResult:
        return cls(
            source=cf.source,
            import_id=import_id,
            path=cf.path,
            rows=len(cf.rows),
            as_of=cf.as_of,
            already=False,
            attribution=cf.attribution,
            variant=cf.variant,
            resolved_rows=sum(1 for row in refs if any(ref.org_id for ref in row)),
            unresolved=unresolved,
            warnings=cf.warnings,
        )


def org_index(con: duckdb.DuckDBPyConnection) -> OrgIndex:
    """The alias table as the store holds it (the curated registry it was built from)."""
    aliases: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for org_id, kind, alias in con.execute("SELECT org_id, kind, alias FROM org_aliases ORDER BY 1, 2").fetchall():
        aliases[org_id][kind].append(alias)
    orgs = [
        Organization.model_construct(
            id=r[0], name=r[1], parent=r[2] or "", country=r[3], kind=r[4], source=r[5], aliases=dict(aliases[r[0]])
        )
        for r in con.execute("SELECT id, name, parent, country, kind, source FROM organizations ORDER BY id").fetchall()
    ]
    return OrgIndex(orgs)


def license_index(con: duckdb.DuckDBPyConnection) -> LicenseIndex:
    tags: dict[str, list[str]] = defaultdict(list)
    for lic, tag in con.execute("SELECT license_id, tag FROM license_tags").fetchall():
        tags[lic].append(tag)
    return LicenseIndex(
        License.model_construct(id=r[0], name=r[1], tier=Tier(r[2]), source=r[3], hub=tags[r[0]])
        for r in con.execute("SELECT id, name, tier, source FROM licenses").fetchall()
    )


_SNAPSHOT_SQL = """
    SELECT i.import_id, i.source, i.path, i.digest, i.digest_kind, i.as_of, i.retrieved_at, i.rows,
           c.variant, c.attribution, c.unresolved, c.warnings
    FROM imports i JOIN catalogue_imports c USING (import_id)
"""


def _snapshot(r: tuple[Any, ...]) -> Snapshot:
    return Snapshot(
        import_id=r[0],
        source=r[1],
        path=r[2],
        digest=r[3],
        digest_kind=r[4],
        as_of=r[5],
        retrieved_at=r[6],
        rows=r[7],
        variant=r[8],
        attribution=r[9],
        unresolved=list(r[10]),
        warnings=list(r[11]),
    )


def find_import(con: duckdb.DuckDBPyConnection, source: str, sha256: str) -> Snapshot | None:
    """The snapshot of `source` imported from the file with this SHA-256, if any."""
    row = con.execute(
        _SNAPSHOT_SQL + " WHERE i.source = ? AND i.digest = ? AND i.digest_kind = ? ORDER BY i.import_id LIMIT 1",
        [source, sha256, CONTENT],
    ).fetchone()
    return None if row is None else _snapshot(row)


def snapshots(con: duckdb.DuckDBPyConnection, source: str | None = None) -> list[Snapshot]:
    where = " WHERE i.source = ?" if source else ""
    cur = con.execute(
        _SNAPSHOT_SQL + where + " ORDER BY i.source, i.as_of NULLS FIRST, i.import_id", [source] if source else []
    )
    return [_snapshot(r) for r in cur.fetchall()]


def pick_snapshot(
    con: duckdb.DuckDBPyConnection, source: str, snapshot: int | None = None, as_of: dt.date | None = None
) -> Snapshot:
    """`--snapshot ID`, else the latest snapshot describing `as_of` or earlier, else the latest one."""
    found = snapshots(con, source)
    if snapshot is not None:
        for s in found:
            if s.import_id == snapshot:
                return s
        ids = ", ".join(str(s.import_id) for s in found) or "none"
        raise ModelwatchError(f"no {source} snapshot {snapshot} (imported: {ids}); see `modelwatch import list`")
    if as_of is not None:
        found = [s for s in found if s.as_of is not None and s.as_of <= as_of]
        if not found:
            raise ModelwatchError(f"no {source} snapshot as of {as_of} or earlier")
    if not found:
        raise ModelwatchError(f"no {source} snapshot imported yet; run `modelwatch import {source} PATH`")
    return max(found, key=lambda s: (s.as_of or dt.date.min, s.import_id))


def write(
    con: duckdb.DuckDBPyConnection, cf: CatalogueFile, orgs: list[list[OrgRef]], unresolved: list[tuple[str, int]]
) -> int:
    """Store one snapshot, all or nothing, with the names no organization was found for; returns its import id."""
    import pyarrow as pa

    rows = cf.rows
    table = pa.table(
        {
            "row_no": pa.array([r.row for r in rows], pa.int32()),
            "source_id": [r.source_id for r in rows],
            "name": [r.name for r in rows],
            "date": pa.array([r.date for r in rows], pa.date32()),
            "date_kind": [r.date_kind for r in rows],
            "tier": [r.tier.value for r in rows],
            "openness": [r.openness for r in rows],
            "accessibility": [r.accessibility for r in rows],
            "license": [r.license for r in rows],
            "hub_repos": pa.array([r.hub_repos for r in rows], pa.list_(pa.string())),
            "org_hints": pa.array([r.org_hints for r in rows], pa.list_(pa.string())),
            "url": [r.url for r in rows],
            "extra": [json.dumps(r.extra, ensure_ascii=False, sort_keys=True, default=str) for r in rows],
        }
    )
    org_rows = [
        (r.row, i, ref.name, ref.country, ref.org_id)
        for r, refs in zip(rows, orgs, strict=True)
        for i, ref in enumerate(refs)
    ]
    org_table = pa.table(
        {
            "row_no": pa.array([o[0] for o in org_rows], pa.int32()),
            "position": pa.array([o[1] for o in org_rows], pa.int32()),
            "name": pa.array([o[2] for o in org_rows], pa.string()),
            "country": pa.array([o[3] for o in org_rows], pa.string()),
            "org_id": pa.array([o[4] for o in org_rows], pa.string()),
        }
    )
    with transaction(con):
        import_id = new_import(
            con, cf.source, cf.path, cf.sha256, CONTENT, cf.as_of.isoformat() if cf.as_of else None, len(rows)
        )
        con.execute(
            "INSERT INTO catalogue_imports VALUES (?, ?, ?, ?, ?, ?)",
            [import_id, cf.source, cf.variant, cf.attribution, [f"{n} ({c})" for n, c in unresolved], cf.warnings],
        )
        con.register("_catalogue_rows", table)
        con.register("_catalogue_orgs", org_table)
        try:
            con.execute(
                f"INSERT INTO catalogue_rows SELECT {import_id}, row_no, source_id, name, date, date_kind, tier, "
                "openness, accessibility, license, hub_repos, org_hints, url, extra FROM _catalogue_rows"
            )
            con.execute(
                f"INSERT INTO catalogue_row_orgs SELECT {import_id}, row_no, position, name, country, org_id "
                "FROM _catalogue_orgs"
            )
        finally:
            con.unregister("_catalogue_rows")
            con.unregister("_catalogue_orgs")
    return import_id


def add(con: duckdb.DuckDBPyConnection, cf: CatalogueFile) -> ImportResult:
    """A parsed catalogue file as a new snapshot: tiers refined by the registry's licences, names resolved to
    organizations; the same file imported before is found, not stored again."""
    from modelwatch.normalize.catalogue_names import resolve_orgs, unresolved_names
    from modelwatch.normalize.licenses import refine_tiers
    from modelwatch.store.connection import checkpoint

    old = find_import(con, cf.source, cf.sha256)
    if old is not None:
        return ImportResult.again(old)
    refine_tiers(cf.rows, license_index(con))
    index = org_index(con)
    refs = [resolve_orgs(r, index) for r in cf.rows]
    unresolved = unresolved_names(refs)
    import_id = write(con, cf, refs, unresolved)
    checkpoint(con, f"the {cf.source} import")
    return ImportResult.of(import_id, cf, refs, unresolved)
