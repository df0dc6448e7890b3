"""Exports: releases, artifacts and organizations as CSV, Parquet or JSON, with a manifest.

The manifest (manifest.json) names the schema version, the registry data version and every
import the rows came from, so an exported number can still be traced to its sources.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.breakdowns import data_snapshots
from modelwatch.errors import ModelwatchError
from modelwatch.files import write_text
from modelwatch.version import __version__
from modelwatch.vocabulary import ExportFormat

if TYPE_CHECKING:
    import duckdb

# 2: `date` is the date as precise as its evidence (2026-08, 2026-Q3, a span), with date_precision,
# date_earliest, date_latest and date_source beside it
EXPORT_SCHEMA_VERSION = 2


QUERIES = {
    "organizations": """
        SELECT id, name, parent, group_id, country, kind, homepage, source, import_id
        FROM organizations ORDER BY id
    """,
    "releases": """
        SELECT r.id, r.org_id, o.group_id, o.country, r.name, r.family, r.date_label AS date, r.date_precision,
               r.date AS date_earliest, r.date_latest, r.date_source, r.announced, r.hub_created,
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
    "sources": "(SELECT list(url ORDER BY position, url) FROM release_sources s WHERE s.release_id = r.id)",
    "developers": "(SELECT list(org_id ORDER BY role DESC, org_id) FROM release_developers d"
    " WHERE d.release_id = r.id)",
}


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    files: list[Path]
    rows: dict[str, int]


def table_sql(table: str, fmt: str) -> str:
    # CSV has no lists: join them with '; ' so a spreadsheet shows them in one cell.
    lists = {k: (f"array_to_string({v}, '; ')" if fmt == "csv" else v) for k, v in LISTS.items()}
    return QUERIES[table].format(**lists)


# Files that describe the export (docs/schema.md): common names, so replaced only when the previous export's
# manifest lists them as its own: a user's README.md beside an export of an earlier modelwatch stays theirs.
DESCRIBING = ("datapackage.json", "README.md")


def _own_names() -> set[str]:
    return {"manifest.json", *DESCRIBING} | {f"{t}.{f}" for t in QUERIES for f in ExportFormat}


def _previous_manifest(out_dir: Path) -> dict[str, Any] | None:
    """The manifest of the modelwatch export in `out_dir`, or None when it holds none."""
    try:
        manifest = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ours = isinstance(manifest, dict) and str(manifest.get("generator", "")).startswith("modelwatch ")
    return manifest if ours else None


def _foreign(present: list[str], manifest: dict[str, Any] | None) -> list[str]:
    """The files of `present` that the export in the folder did not write."""
    listed = manifest.get("files", []) if manifest else []
    written = {n for n in listed if isinstance(n, str)} if isinstance(listed, list) else set()
    return [n for n in present if n not in _own_names() or (n in DESCRIBING and n not in written)]


def check_target(out_dir: Path) -> Path:
    """The folder to export into: new, empty, or a previous export holding only its own files.

    Anything else is refused before a byte is written: an export never deletes what it did not write.
    """
    out_dir = Path(os.path.abspath(out_dir))
    if out_dir.is_symlink() and not out_dir.exists():
        raise ModelwatchError(f"{out_dir}: is a broken symbolic link; choose another folder")
    if out_dir.exists() and not out_dir.is_dir():
        raise ModelwatchError(f"{out_dir}: exists and is not a directory")
    if out_dir.is_dir():
        try:
            present = sorted(p.name for p in out_dir.iterdir())
        except OSError as exc:
            raise ModelwatchError(f"{out_dir}: cannot read this folder: {exc.strerror or exc}") from None
        manifest = _previous_manifest(out_dir)
        foreign = _foreign(present, manifest)
        if foreign or (present and manifest is None):
            shown = ", ".join((foreign or present)[:3]) + (" ..." if len(foreign or present) > 3 else "")
            raise ModelwatchError(
                f"{out_dir}: not empty and not a modelwatch export (holds {shown}); "
                "choose a new or empty folder: an export never deletes what it did not write"
            )
        for name in present:
            if (out_dir / name).is_symlink() or not (out_dir / name).is_file():
                raise ModelwatchError(f"{out_dir / name}: is not a regular file; remove it or choose another folder")
    return out_dir


def export(con: duckdb.DuckDBPyConnection, fmt: str, out_dir: Path, data_version: str) -> ExportResult:
    if fmt not in tuple(ExportFormat):
        raise ModelwatchError(f"--format must be one of {', '.join(ExportFormat)}, not {fmt!r}")
    out_dir = check_target(out_dir)
    parent = out_dir.parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        # Write into a fresh folder of our own beside the target, then move the files in, so a
        # failed export never leaves half a set of files.
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{out_dir.name}.export-"))
    except OSError as exc:
        raise ModelwatchError(f"{parent}: cannot write here: {exc.strerror or exc}") from None
    try:
        return _export_into(con, fmt, tmp, out_dir, data_version)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _export_into(con: duckdb.DuckDBPyConnection, fmt: str, tmp: Path, out_dir: Path, data_version: str) -> ExportResult:
    options = {"csv": "(FORMAT csv, HEADER true)", "parquet": "(FORMAT parquet)", "json": "(FORMAT json, ARRAY true)"}
    rows: dict[str, int] = {}
    files: list[Path] = []
    for table in QUERIES:
        path = tmp / f"{table}.{fmt}"
        # The path is a parameter, never pasted into the SQL text (the query and options are our own constants).
        copy = f"COPY ({table_sql(table, fmt)}) TO ? {options[fmt]}"
        con.execute(copy, [path.as_posix()])
        count = con.execute(f"SELECT count(*) FROM ({table_sql(table, fmt)})").fetchone()
        rows[table] = int(count[0]) if count else 0
        files.append(out_dir / path.name)
    exported_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files += _describe(con, fmt, tmp, out_dir, rows, data_version, exported_at)
    manifest = {
        "schema_version": EXPORT_SCHEMA_VERSION,
        "generator": f"modelwatch {__version__}",
        "exported_at": exported_at,
        "data_version": data_version,
        "format": fmt,
        "tables": {t: {"file": f"{t}.{fmt}", "rows": n} for t, n in rows.items()},
        "imports": [
            {k: (v.isoformat() if isinstance(v, dt.date | dt.datetime) else v) for k, v in s.items()}
            for s in data_snapshots(con)
        ],
        "files": [*(f.name for f in files), "manifest.json"],
        "units": (
            "one row of releases is one release event; one row of artifacts is one artifact of the `artifacts` "
            "unit: a member Hub repo or API id, or (kind 'release') the release itself when it lists none"
        ),
    }
    write_text(tmp / "manifest.json", json.dumps(manifest, indent=2) + "\n")
    files.append(out_dir / "manifest.json")
    try:
        if not out_dir.exists():
            tmp.rename(out_dir)
            return ExportResult(out_dir=out_dir, files=files, rows=rows)
        # A previous export (checked above): replace its files one by one, the manifest last, and
        # drop the files of its other format, which modelwatch wrote.
        new = {f.name for f in files}
        for f in files:  # the tables, then what describes them, the manifest last
            if f.name != "manifest.json":
                os.replace(tmp / f.name, f)
        for stale in sorted(_own_names() - new):
            with contextlib.suppress(FileNotFoundError):
                (out_dir / stale).unlink()
        os.replace(tmp / "manifest.json", out_dir / "manifest.json")
    except OSError as exc:
        raise ModelwatchError(f"{out_dir}: cannot write the export: {exc.strerror or exc}") from None
    return ExportResult(out_dir=out_dir, files=files, rows=rows)


def _describe(
    con: duckdb.DuckDBPyConnection,
    fmt: str,
    tmp: Path,
    out_dir: Path,
    rows: dict[str, int],
    data_version: str,
    exported_at: str,
) -> list[Path]:
    """datapackage.json and the dataset card, written beside the tables."""
    from modelwatch.analyze.pending import pending_dates
    from modelwatch.publish.dataset import card, coverage_rows, datapackage, fields

    described = fields(con, {t: table_sql(t, fmt) for t in QUERIES})
    package = datapackage(described, fmt, rows, data_version, exported_at, __version__)
    write_text(tmp / "datapackage.json", json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    covered = coverage_rows(con, lambda: pending_dates(con))
    write_text(tmp / "README.md", card(described, fmt, rows, data_version, exported_at, __version__, covered) + "\n")
    return [out_dir / name for name in DESCRIBING]
