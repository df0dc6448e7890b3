"""Loading the curated registry into the store, all or nothing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import DataError
from modelwatch.normalize.validate import validate
from modelwatch.sources.registry import Registry, data_version, load_registry
from modelwatch.store.connection import checkpoint, get_meta, new_import, set_meta, store_file, transaction
from modelwatch.store.schema import DATA_VERSION

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class BuildResult:
    store: Path
    data_version: str
    organizations: int
    releases: int
    artifacts: int
    changed: bool


_REGISTRY_TABLES = (
    "release_developers",
    "release_sources",
    "release_members",
    "releases",
    "license_tags",
    "licenses",
    "org_aliases",
    "organizations",
)


# named, not positional: migrations append columns at the end of the table
_RELEASE_COLUMNS = (
    "id", "org_id", "name", "family", "date", "date_latest", "date_precision", "date_label", "date_source",
    "announced", "hub_created", "tier", "openness", "license", "modality", "sizes", "note", "rule",
    "artifact_count", "file", "import_id",
)  # fmt: skip


def _write(con: duckdb.DuckDBPyConnection, reg: Registry, version: str) -> None:
    rows = len(reg.releases) + len(reg.organizations) + len(reg.licenses)
    import_id = new_import(con, "registry", str(reg.root), version, DATA_VERSION, dt.date.today().isoformat(), rows)
    for table in _REGISTRY_TABLES:
        con.execute(f"DELETE FROM {table}")
    con.executemany(
        "INSERT INTO organizations VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [
            [
                o.id,
                o.name,
                o.parent or None,
                o.group,
                o.country,
                o.kind,
                o.homepage or None,
                o.source,
                o.coverage_start,
                o.coverage_end,
                reg.org_files[o.id],
                import_id,
            ]
            for o in reg.organizations.values()
        ],
    )
    aliases = [[o.id, k, a] for o in reg.organizations.values() for k, names in o.aliases.items() for a in names]
    if aliases:
        con.executemany("INSERT INTO org_aliases VALUES (?,?,?)", aliases)
    if reg.licenses:
        con.executemany(
            "INSERT INTO licenses VALUES (?,?,?,?,?,?)",
            [[lic.id, lic.name, lic.tier.value, lic.source, lic.note, import_id] for lic in reg.licenses.values()],
        )
    tags = [[lic.id, t] for lic in reg.licenses.values() for t in lic.hub]
    if tags:
        con.executemany("INSERT INTO license_tags VALUES (?,?)", tags)
    if not reg.releases:
        return
    con.executemany(
        f"INSERT INTO releases ({', '.join(_RELEASE_COLUMNS)}) VALUES ({', '.join('?' * len(_RELEASE_COLUMNS))})",
        [
            [
                r.id,
                r.org,
                r.name,
                r.family,
                r.date.earliest,
                r.date.latest,
                r.date.precision.value,
                r.date.label,
                r.date_source or None,
                r.announced,
                r.hub_created,
                r.tier.value,
                r.tier.openness,
                r.license or None,
                r.modality,
                r.sizes,
                r.note or None,
                r.rule,
                r.artifact_count,
                reg.release_files[r.id],
                import_id,
            ]
            for r in reg.releases
        ],
    )
    members = [[r.id, "hub", m] for r in reg.releases for m in r.members]
    members += [[r.id, "api", m] for r in reg.releases for m in r.api_models]
    if members:
        con.executemany("INSERT INTO release_members VALUES (?,?,?)", members)
    con.executemany(
        "INSERT INTO release_sources (release_id, url, position) VALUES (?,?,?)",
        [[r.id, u, i] for r in reg.releases for i, u in enumerate(r.sources)],
    )
    devs = [[r.id, r.org, "lead"] for r in reg.releases] + [[r.id, d, "co"] for r in reg.releases for d in r.developers]
    con.executemany("INSERT INTO release_developers VALUES (?,?,?)", devs)
    set_meta(con, "data_version", version)
    set_meta(con, "data_dir", str(reg.root))


def load_valid(data_dir: Path) -> Registry:
    """The curated files, validated: bad data raises before the store is opened, so it never touches it."""
    reg = load_registry(data_dir)
    problems = validate(reg)
    if problems:
        raise DataError(problems)
    return reg


def build(con: duckdb.DuckDBPyConnection, reg: Registry, force: bool = False) -> BuildResult:
    """Replace the registry tables from `reg` in one transaction, unless the store holds it already."""
    version = data_version(reg.root)
    changed = force or get_meta(con, "data_version") != version or get_meta(con, "data_dir") != str(reg.root)
    if changed:
        with transaction(con):
            _write(con, reg, version)
        checkpoint(con, "the rebuilt store")
    return BuildResult(
        store=store_file(con),
        data_version=version,
        organizations=len(reg.organizations),
        releases=len(reg.releases),
        artifacts=sum(r.artifact_count for r in reg.releases),
        changed=changed,
    )
