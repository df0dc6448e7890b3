"""Exports: releases, artifacts and organizations as CSV, Parquet or JSON, with a manifest.

The manifest (manifest.json) names the schema version, the registry data version and every
import the rows came from, so an exported number can still be traced to its sources.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch import __version__
from modelwatch.analyze.breakdowns import data_snapshots
from modelwatch.errors import ModelwatchError

if TYPE_CHECKING:
    import duckdb

EXPORT_SCHEMA_VERSION = 1
FORMATS = ("csv", "parquet", "json")

QUERIES = {
    "organizations": """
        SELECT id, name, parent, group_id, country, kind, homepage, source, import_id
        FROM organizations ORDER BY id
    """,
    "releases": """
        SELECT r.id, r.org_id, o.group_id, o.country, r.name, r.family, r.date, r.announced, r.hub_created,
               r.tier, r.openness, r.license, r.modality, {sizes} AS sizes, r.artifact_count, r.rule, r.note,
               {sources} AS sources, {developers} AS developers, r.import_id
        FROM releases r JOIN organizations o ON o.id = r.org_id
        ORDER BY r.date, r.org_id, r.id
    """,
    # One row per artifact as the `artifacts` unit counts them (docs/counting-rules.md): the member Hub repos
    # and API ids, and for a release that lists none, one row of kind 'release' standing for it. So the rows of
    # this table always add up to the releases' artifact_count.
    "artifacts": """
        SELECT m.artifact_id, m.kind, m.release_id, r.org_id, r.import_id
        FROM release_members m JOIN releases r ON r.id = m.release_id
        UNION ALL
        SELECT r.id, 'release', r.id, r.org_id, r.import_id
        FROM releases r WHERE NOT EXISTS (SELECT 1 FROM release_members m WHERE m.release_id = r.id)
        ORDER BY release_id, kind, artifact_id
    """,
}
LISTS = {
    "sizes": "r.sizes",
    "sources": "(SELECT list(url ORDER BY url) FROM release_sources s WHERE s.release_id = r.id)",
    "developers": "(SELECT list(org_id ORDER BY role DESC, org_id) FROM release_developers d"
    " WHERE d.release_id = r.id)",
}


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    files: list[Path]
    rows: dict[str, int]


def _sql(table: str, fmt: str) -> str:
    # CSV has no lists: join them with '; ' so a spreadsheet shows them in one cell.
    lists = {k: (f"array_to_string({v}, '; ')" if fmt == "csv" else v) for k, v in LISTS.items()}
    return QUERIES[table].format(**lists)


def export(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path, data_version: str) -> ExportResult:
    if fmt not in FORMATS:
        raise ModelwatchError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if out_dir.exists() and not out_dir.is_dir():
        raise ModelwatchError(f"{out_dir}: exists and is not a directory")
    # Write beside the target, then swap, so a failed export never leaves half a set of files.
    tmp = out_dir.with_name(out_dir.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    options = {"csv": "(FORMAT csv, HEADER true)", "parquet": "(FORMAT parquet)", "json": "(FORMAT json, ARRAY true)"}
    rows: dict[str, int] = {}
    files: list[Path] = []
    for table in QUERIES:
        path = tmp / f"{table}.{fmt}"
        con.execute(f"COPY ({_sql(table, fmt)}) TO '{path.as_posix()}' {options[fmt]}")
        count = con.execute(f"SELECT count(*) FROM ({_sql(table, fmt)})").fetchone()
        rows[table] = int(count[0]) if count else 0
        files.append(out_dir / path.name)
    manifest = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "generator": f"modelwatch {__version__}",
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data_version": data_version,
        "format": fmt,
        "tables": {t: {"file": f"{t}.{fmt}", "rows": n} for t, n in rows.items()},
        "imports": [
            {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in s.items()}
            for s in data_snapshots(con)
        ],
        "units": (
            "one row of releases is one release event; one row of artifacts is one artifact of the `artifacts` "
            "unit: a member Hub repo or API id, or (kind 'release') the release itself when it lists none"
        ),
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    files.append(out_dir / "manifest.json")
    if out_dir.exists():
        old = out_dir.with_name(out_dir.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        out_dir.rename(old)
        tmp.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(out_dir)
    return ExportResult(out_dir=out_dir, files=files, rows=rows)
