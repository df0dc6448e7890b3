"""Loading a full Hub metadata dump into the store, all or nothing, inside DuckDB.

The Parquet file is read by DuckDB itself (`read_parquet`); no row becomes a Python object.
The file is first copied beside the store and kept there under the SHA-256 of that copy
(`snapshots/hub-dump/<sha256>.parquet`): DuckDB reads the copy, so the numbers always lead back to
exactly the bytes they came from, whatever happens to the user's file. The store keeps only what the
ecosystem questions need, as integers, replaced whole by each import in one transaction:

- hub_dump_repos: per repo its integer id (`mid`, its row in the snapshot), a 64-bit hash of its
  lower-cased namespace (`nsh`), creation date, downloads and strongest relation; parents the dump
  names but does not hold (deleted or private repos) get a row with in_dump = false, numbered after
  the file's rows, and their ids in hub_dump_absent;
- hub_dump_edges: child -> parent with the relation (finetune, quantized, adapter, merge);
- hub_dump_lineage: each derivative -> each root its base-model chains reach, with the shortest depth,
  walked by a recursive CTE over the integer ids (depth cap, DISTINCT rows: cycles end).

Writing two million distinct id strings into the store cost more than all the rest of the import;
the snapshot view `hub_dump_models` (see `attach_models`) gives them back when a question needs them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.sources.hub_dump import (
    RELATION_RANK,
    SOURCE,
    DumpFile,
    column_sql,
    edges_select,
    inspect,
    namespace_sql,
    staging_select,
)
from modelwatch.store import hub_history
from modelwatch.store.connection import checkpoint, new_import, store_file, transaction
from modelwatch.store.schema import CONTENT

if TYPE_CHECKING:
    import duckdb

MAX_DEPTH = 32  # longer base-model chains than this are not followed (the Hub's deepest are far shorter)
TABLES = ("hub_dump_lineage", "hub_dump_edges", "hub_dump_repos", "hub_dump_absent")
STAGING = ("hd_keys", "hd_e0", "hd_absent", "hd_edges", "hd_root_ids")


@dataclass(frozen=True)
class DumpImport:
    import_id: int
    path: Path
    sha256: str
    snapshot: Path
    as_of: str
    rows: int
    used: list[str]
    missing: list[str]
    edges: int
    derivatives: int
    roots: int
    absent_parents: int
    unrooted: int
    seconds: float
    current: bool = True  # the newest snapshot, the one `ecosystem` reads (an older one only joins the history)
    unchanged: bool = False  # these bytes were already in the history: nothing was done
    history_bytes: int = 0  # what the snapshot costs on disk: its series files, beside its copy of the dump
    dump_bytes: int = 0
    pruned: list[str] = dataclasses.field(default_factory=list)  # dates of the snapshots `keep` removed


def _parquet(con: duckdb.DuckDBPyConnection, name: str, path: Path) -> str:
    """SQL reading the Parquet file `path` with row numbers. The path travels as a parameter into a
    session variable (a view cannot hold a parameter): no user value is pasted into SQL text."""
    con.execute(f"SET VARIABLE {name} = ?", [str(path)])
    return f"read_parquet(getvariable('{name}'), file_row_number = true)"


def snapshot_dir(store: Path) -> Path:
    return store.parent / "snapshots" / SOURCE


_COPY_PART = re.compile(r"^[0-9a-f]{32}\.part$")  # a dump copy under way (_copy)
_SERIES_PART = re.compile(r"^_[0-9a-f]{64}\.part$")  # a history part under way (hub_history.write_parts)


def sweep_leftovers(store: Path) -> int:
    """Remove the temporary files an import killed midway left behind; the bytes freed.

    Only our own names are touched (`<32 hex>.part` beside the dump copies, `_<sha256>.part` in the history's
    partitions), and only while the caller holds the store for writing: no other import can be writing them."""
    freed = 0
    found = [p for p in snapshot_dir(store).glob("*.part") if _COPY_PART.match(p.name)]
    top = hub_history.history_dir(store)
    if top.is_dir():
        found += [p for p in top.rglob("*.part") if _SERIES_PART.match(p.name)]
    for part in found:
        if part.is_symlink() or not part.is_file():
            continue
        try:
            size = part.stat().st_size
            part.unlink()
            freed += size
        except OSError:
            continue  # a file we cannot remove stays; the next run tries again
    return freed


def _copy(path: Path, folder: Path) -> Path:
    """Copy the dump into `folder` under a temporary name (the kernel copies when it can)."""
    import shutil
    import uuid

    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{uuid.uuid4().hex}.part"
    try:
        with path.open("rb") as src, tmp.open("wb") as dst:
            size, done = os.fstat(src.fileno()).st_size, 0
            try:
                while done < size:
                    n = os.copy_file_range(src.fileno(), dst.fileno(), size - done)
                    if n == 0:
                        break
                    done += n
            except OSError:  # no copy_file_range between these file systems: copy through user space
                src.seek(0)
                dst.seek(0)
                dst.truncate()
                shutil.copyfileobj(src, dst, 1 << 22)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def _sha256(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()


def _stage(con: duckdb.DuckDBPyConnection, dump: DumpFile, stage: Callable[[str], None]) -> None:
    """Temporary tables (outside the store's tables): repo keys, base-model links, parents absent from the dump.

    Ids are matched through a 64-bit hash of the lower-cased id (the Hub treats ids case-insensitively).
    """
    source = _parquet(con, "mw_dump_file", dump.path)
    id_ = column_sql(dump, "id")
    stage(STAGES[1])
    con.execute(
        f"""
        CREATE TEMP TABLE hd_keys AS
        SELECT (file_row_number + 1)::INTEGER AS mid, hash(lower({id_})) AS kh,
               hash(lower({namespace_sql(id_, column_sql(dump, "author"))})) AS nsh,
               {column_sql(dump, "created")} AS created, {column_sql(dump, "last_modified")} AS last_modified,
               {column_sql(dump, "downloads")} AS downloads, {column_sql(dump, "likes")} AS likes
        FROM {source} WHERE {id_} IS NOT NULL
        """
    )
    edges = edges_select(dump)
    stage(STAGES[2])
    con.execute(
        f"CREATE TEMP TABLE hd_e0 AS {edges.format(source=source)}"
        if edges
        else "CREATE TEMP TABLE hd_e0 (child INTEGER, pkh UBIGINT, parent_id VARCHAR, rank INTEGER)"
    )
    top = dump.rows  # absent parents are numbered after every row of the file, even rows without an id
    con.execute(
        f"""
        CREATE TEMP TABLE hd_absent AS
        SELECT kh, id, mid, hash(lower({namespace_sql("id")})) AS nsh FROM (
            SELECT e.pkh AS kh, min(e.parent_id) AS id,
                   ({top} + row_number() OVER (ORDER BY min(e.parent_id)))::INTEGER AS mid
            FROM hd_e0 e ANTI JOIN hd_keys k ON k.kh = e.pkh
            GROUP BY e.pkh
        )
        """
    )
    # links resolved to integer ids once, ranks kept as integers: the store's edges, each repo's strongest
    # relation and the graph walk all read this (each used to resolve or re-rank the links on its own)
    con.execute(
        """
        CREATE TEMP TABLE hd_edges AS
        SELECT e.child, p.mid AS parent, e.rank
        FROM hd_e0 e JOIN (SELECT kh, mid FROM hd_keys UNION ALL SELECT kh, mid FROM hd_absent) p ON p.kh = e.pkh
        WHERE p.mid <> e.child
        """
    )


def _relation_of_rank(col: str) -> str:
    whens = " ".join(f"WHEN {n} THEN '{r}'" for r, n in RELATION_RANK.items())
    return f"CASE {col} {whens} END"


def _write(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
    """Replace the dump tables from the staged ones (inside the caller's transaction)."""
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute(
        f"INSERT INTO hub_dump_edges SELECT child, parent, {_relation_of_rank('rank')}, {import_id} FROM hd_edges"
    )
    con.execute(
        f"""
        INSERT INTO hub_dump_repos
        SELECT k.mid, k.nsh, k.created, k.downloads, {_relation_of_rank("rel.rank")}, true, {import_id}
        FROM hd_keys k LEFT JOIN (SELECT child, max(rank) AS rank FROM hd_edges GROUP BY child) rel ON rel.child = k.mid
        UNION ALL
        SELECT mid, nsh, NULL, NULL, NULL, false, {import_id} FROM hd_absent
        """
    )
    con.execute(f"INSERT INTO hub_dump_absent SELECT mid, id, {import_id} FROM hd_absent")
    con.execute(
        f"""
        INSERT INTO hub_dump_lineage
        WITH RECURSIVE walk(root, mid, depth) AS (
            SELECT DISTINCT e.parent, e.parent, 0
            FROM hd_edges e ANTI JOIN hd_edges c ON c.child = e.parent
            UNION
            SELECT w.root, e.child, w.depth + 1
            FROM walk w JOIN hd_edges e ON e.parent = w.mid
            WHERE w.depth < {MAX_DEPTH}
        )
        SELECT mid, root, min(depth), {import_id} FROM walk WHERE depth > 0 GROUP BY mid, root
        """
    )


def current_snapshot(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The snapshot file of the dump in the store, or None when there is no dump."""
    row = con.execute(
        "SELECT digest FROM imports WHERE import_id = (SELECT max(import_id) FROM hub_dump_repos)"
    ).fetchone()
    if not row:
        return None
    return snapshot_dir(store_file(con)) / f"{row[0]}.parquet"


def _snapshot_of(con: duckdb.DuckDBPyConnection) -> Path:
    snapshot = current_snapshot(con)
    if snapshot is None:
        raise ModelwatchError("no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first")
    if not snapshot.is_file():
        raise ModelwatchError(f"{snapshot}: the snapshot of the imported Hub dump is missing; import the dump again")
    return snapshot


def register_ids(con: duckdb.DuckDBPyConnection, table: str, mids: str) -> None:
    """A temporary table `table (mid, id)` with the ids of the repos the query `mids` selects (one column).

    Reads the id column of the snapshot alone: twice as fast as going through `hub_dump_models`.
    """
    snapshot = _parquet(con, "mw_snapshot", _snapshot_of(con))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {table} AS
        SELECT mid, id FROM (
            SELECT (file_row_number + 1)::INTEGER AS mid, CAST(id AS VARCHAR) AS id
            FROM {snapshot}
        ) WHERE mid IN ({mids})
        UNION ALL
        SELECT mid, id FROM hub_dump_absent WHERE mid IN ({mids})
        """
    )


def attach_models(con: duckdb.DuckDBPyConnection) -> None:
    """A temporary view `hub_dump_models`: one row per repo of the dump in the store, read from its snapshot.

    Columns: mid, id, namespace, created, last_modified, downloads, downloads_all_time, likes, pipeline_tag,
    library_name, license (from the `license:` tag), relation, in_dump (absent parents: false, with their id).
    """
    path = _snapshot_of(con)
    dump = inspect(path)
    snapshot = _parquet(con, "mw_snapshot", path)
    tags = '"tags"' if dump.types.get("tags") != "VARCHAR" else 'TRY_CAST(json("tags") AS VARCHAR[])'
    lic = (
        f"list_filter({tags}, lambda x: starts_with(x, 'license:'))[1][9:]" if "tags" in dump.used else "NULL::VARCHAR"
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW hub_dump_models AS
        SELECT s.mid, s.id, {namespace_sql("s.id", "s.author")} AS namespace, s.created, s.last_modified,
               s.downloads, s.downloads_all_time, s.likes, s.pipeline_tag, s.library_name, s.license,
               r.relation, true AS in_dump
        FROM (
            SELECT (file_row_number + 1)::INTEGER AS mid, {staging_select(dump)}, {lic} AS license
            FROM {snapshot}
        ) s
        JOIN hub_dump_repos r ON r.mid = s.mid AND r.in_dump
        UNION ALL
        SELECT a.mid, a.id, {namespace_sql("a.id")}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false
        FROM hub_dump_absent a
        """
    )


def _counts(con: duckdb.DuckDBPyConnection, sql: str) -> list[int]:
    row = con.execute(sql).fetchone()
    return [int(v or 0) for v in row] if row else []


STAGES = ("copying the dump", "reading repos", "reading base-model links", "writing the store and walking the graph")


def import_dump(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    as_of: str | None = None,
    memory_limit: str | None = None,
    on_stage: Callable[[str], None] | None = None,
    keep: int | None = None,
) -> DumpImport:
    """Add the dump in `path` to the history of the store `con` (writable) as a dated snapshot; on any failure
    the store stays as it was.

    The newest snapshot also replaces the dump tables (the ones `ecosystem` reads); an older one (a backfill)
    only joins the history. The same bytes twice are a no-op; a second, different dump for a date already in
    the history is refused. `keep` then prunes the history to that many snapshots.
    `on_stage` hears each of STAGES as it starts (a front end shows them: an import of the whole Hub
    takes seconds to minutes).
    """
    stage = on_stage or (lambda _: None)
    store = store_file(con)
    started = time.perf_counter()
    dump = inspect(path)
    if as_of is not None:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise ModelwatchError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from exc
    if keep is not None and keep < 1:
        raise ModelwatchError(f"--keep {keep}: keep at least 1 snapshot")
    import concurrent.futures

    import duckdb

    # DuckDB reads our copy, and the hash is of that copy: the snapshot is exactly what was imported,
    # even if the user's file changes meanwhile
    folder = snapshot_dir(store)
    before = set(folder.glob("*.parquet")) if folder.is_dir() else set()
    sweep_leftovers(store)  # what an import killed midway left (this one holds the store for writing)
    stage(STAGES[0])
    try:
        copy = _copy(path, folder)
    except OSError as exc:
        raise ModelwatchError(f"{path}: cannot keep a snapshot of the dump in {folder} ({exc})") from exc
    hasher = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    hashing = hasher.submit(_sha256, copy)  # hashlib releases the GIL: hashing overlaps DuckDB's work
    snapshot: Path | None = None
    committed = False
    parts: dict[str, tuple[Path, Path]] = {}
    published: list[Path] = []
    result: DumpImport | None = None
    try:
        con.execute("SET TimeZone = 'UTC'")
        if memory_limit:
            con.execute("SET memory_limit = ?", [memory_limit])
        con.execute("SET preserve_insertion_order = false")
        _stage(con, dataclasses.replace(dump, path=copy), stage)
        (repos,) = _counts(con, "SELECT count(*) FROM hd_keys")
        if repos == 0:  # nothing to replace the previous dump with
            raise ModelwatchError(f"{path}: no repos in the file (no row has an id); the previous dump is kept")
        if as_of is None:
            # a time after now is no evidence of the dump's date (a year-9999 lastModified would pin it)
            row = con.execute(
                """SELECT max(t)::DATE FROM (SELECT created AS t FROM hd_keys UNION ALL
                   SELECT last_modified FROM hd_keys) WHERE t <= now()::TIMESTAMP + INTERVAL 1 DAY"""
            ).fetchone()
            as_of = str(row[0]) if row and row[0] else dt.date.today().isoformat()
        digest = hashing.result()
        seen = con.execute(
            "SELECT import_id, as_of::VARCHAR FROM hub_dump_snapshots WHERE sha256 = ?", [digest]
        ).fetchone()
        if seen:  # the same bytes again: nothing to add
            result = _unchanged(path, digest, folder, dump, int(seen[0]), str(seen[1]), started)
        else:
            taken = con.execute(
                "SELECT import_id, sha256 FROM hub_dump_snapshots WHERE as_of = ?::DATE", [as_of]
            ).fetchone()
            if taken:
                raise ModelwatchError(
                    f"{path}: the history already holds a different dump as of {as_of} (import {taken[0]}, "
                    f"sha256 {str(taken[1])[:12]}); give this one its own date with --as-of"
                )
            newest = con.execute("SELECT max(as_of)::VARCHAR FROM hub_dump_snapshots").fetchone()
            current = not newest or newest[0] is None or str(newest[0]) < as_of
            snapshot = folder / f"{digest}.parquet"
            os.replace(copy, snapshot)
            stage(STAGES[3])
            import_id = _add(con, store, path, digest, as_of, dump.rows, current, parts, published)
            committed = True
            for t in STAGING:  # the root ids go with the transaction of an older snapshot, rolled back
                con.execute(f"DROP TABLE IF EXISTS {t}")
            checkpoint(con, f"the dump (import {import_id})")
            counts = _summary_counts(con) if current else [0, 0, 0, 0, 0]
    except duckdb.Error as exc:
        raise ModelwatchError(f"{path}: cannot import the dump ({str(exc).splitlines()[0]})") from exc
    except OSError as exc:
        raise ModelwatchError(f"{path}: cannot keep a snapshot of the dump in {folder} ({exc})") from exc
    finally:
        hasher.shutdown(wait=True)
        copy.unlink(missing_ok=True)
        hub_history.discard(parts)
        if not committed:
            for p in published:  # renamed into place by this import, whose commit then failed
                p.unlink(missing_ok=True)
            if snapshot is not None and snapshot not in before:  # a failed import leaves no new snapshot
                snapshot.unlink(missing_ok=True)
    if result is not None:
        return result
    assert snapshot is not None
    edges, derivatives, roots, rooted, absent = counts
    history_bytes = sum(p.stat().st_size for p in published)
    pruned = prune(con, keep).dates if keep is not None else []
    return DumpImport(
        import_id=import_id,
        path=path,
        sha256=digest,
        snapshot=snapshot,
        as_of=as_of,
        rows=dump.rows,
        used=dump.used,
        missing=dump.missing,
        edges=edges,
        derivatives=derivatives,
        roots=roots,
        absent_parents=absent,
        unrooted=derivatives - rooted,
        seconds=round(time.perf_counter() - started, 2),
        current=current,
        history_bytes=history_bytes,
        dump_bytes=snapshot.stat().st_size,
        pruned=pruned,
    )


def _add(
    con: duckdb.DuckDBPyConnection,
    store: Path,
    path: Path,
    digest: str,
    as_of: str,
    rows: int,
    current: bool,
    parts: dict[str, tuple[Path, Path]],
    published: list[Path],
) -> int:
    """Write the dump tables and the snapshot's history files, and index it, in one transaction.

    The lineage is walked in the store's tables, so an older snapshot is written there too, its history files
    taken, and the transaction rolled back: the tables keep the newest dump, and the index gets its row after.
    The files are renamed into place just before the commit; if the commit fails, the caller removes them.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        import_id = new_import(con, SOURCE, str(path.resolve()), digest, CONTENT, as_of, rows)
        _write(con, import_id)
        register_ids(con, "hd_root_ids", "SELECT root FROM hub_dump_lineage")
        hub_history.write_parts(con, store, as_of, digest, parts)
        if not current:
            con.execute("ROLLBACK")
            con.execute("BEGIN TRANSACTION")
            import_id = new_import(con, SOURCE, str(path.resolve()), digest, CONTENT, as_of, rows)
        history_bytes = sum(tmp.stat().st_size for tmp, _ in parts.values())
        con.execute(
            "INSERT INTO hub_dump_snapshots VALUES (?::DATE, ?, ?, ?, ?, ?)",
            [as_of, digest, import_id, rows, (snapshot_dir(store) / f"{digest}.parquet").stat().st_size, history_bytes],
        )
        for _, final in parts.values():
            if final.exists():
                raise ModelwatchError(f"{final}: already exists; the history never rewrites a snapshot")
        for tmp, final in parts.values():
            os.replace(tmp, final)
            published.append(final)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")
    return import_id


def _summary_counts(con: duckdb.DuckDBPyConnection) -> list[int]:
    (edges,) = _counts(con, "SELECT count(*) FROM hub_dump_edges")
    (derivatives,) = _counts(con, "SELECT count(*) FROM hub_dump_repos WHERE relation IS NOT NULL")
    roots, rooted = _counts(con, "SELECT count(DISTINCT root), count(DISTINCT mid) FROM hub_dump_lineage")
    (absent,) = _counts(con, "SELECT count(*) FROM hub_dump_absent")
    return [edges, derivatives, roots, rooted, absent]


def _unchanged(
    path: Path, digest: str, folder: Path, dump: DumpFile, import_id: int, as_of: str, started: float
) -> DumpImport:
    return DumpImport(
        import_id=import_id,
        path=path,
        sha256=digest,
        snapshot=folder / f"{digest}.parquet",
        as_of=as_of,
        rows=dump.rows,
        used=dump.used,
        missing=dump.missing,
        edges=0,
        derivatives=0,
        roots=0,
        absent_parents=0,
        unrooted=0,
        seconds=round(time.perf_counter() - started, 2),
        unchanged=True,
    )


@dataclass(frozen=True)
class Pruned:
    """What `prune` removed: the dates of the snapshots it touched and the bytes it freed."""

    dates: list[str]
    dump_bytes: int = 0  # dump copies deleted
    history_bytes: int = 0  # series files deleted (none with keep_history)
    kept_history: bool = False


def prune(con: duckdb.DuckDBPyConnection, keep: int, keep_history: bool = False) -> Pruned:
    """Keep the newest `keep` snapshots of the history of the store `con` (writable) whole; of the older ones
    delete the files.

    By default an older snapshot leaves the history (its index row, series files and dump copy go). With
    `keep_history` only its copy of the dump goes: its series stay, and `ecosystem --history` still reads it
    (the series never read an older snapshot's dump; the dump tables and `ecosystem` read the newest, kept).
    """
    if keep < 1:
        raise ModelwatchError(f"--keep {keep}: keep at least 1 snapshot")
    store = store_file(con)
    sweep_leftovers(store)
    old = hub_history.snapshots(con)[:-keep]
    if old and not keep_history:
        with transaction(con):
            con.execute(
                "DELETE FROM hub_dump_snapshots WHERE as_of IN (SELECT unnest(?::DATE[]))", [[s.as_of for s in old]]
            )
    # files go after the index forgets them: a failure here leaves files no reader uses, never a hole
    dumps = series = 0
    touched = []
    for s in old:
        dump_file = snapshot_dir(store) / f"{s.sha256}.parquet"
        if keep_history:
            freed = hub_history.delete(dump_file)
            if freed:  # a copy dropped by an earlier prune is not counted again
                touched.append(s.as_of)
            dumps += freed
        else:
            freed_dump, freed_series = hub_history.remove(store, s, dump_file)
            dumps, series = dumps + freed_dump, series + freed_series
            touched.append(s.as_of)
    return Pruned(touched, dumps, series, keep_history)
