"""The store's connection machinery: waiting for a lock, migrating, transactions, the import log.

Commands open the store through `modelwatch.store.opening.opened`, the one way in.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.store.schema import MIGRATIONS

if TYPE_CHECKING:
    import duckdb


def _meta(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    try:
        row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    except Exception:  # noqa: BLE001 - a store without a meta table has no value
        return None
    return None if row is None else str(row[0])


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [key, value])


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the schema up to date inside one transaction."""
    _meta(con)
    version = schema_version(con)
    check_schema(version)
    if version == len(MIGRATIONS):
        return
    with transaction(con):
        for sql in MIGRATIONS[version:]:
            con.execute(sql)
        set_meta(con, "schema_version", str(len(MIGRATIONS)))


def check_schema(version: int) -> None:
    """A store written by a newer modelwatch is refused, never read with the wrong schema."""
    if version > len(MIGRATIONS):
        raise ModelwatchError(
            f"store schema {version} is newer than this modelwatch ({len(MIGRATIONS)}); upgrade modelwatch"
        )


def ensure_home(home: Path) -> None:
    """The folder of the store (MODELWATCH_HOME), created if missing; a file in its place is one line."""
    if home.exists() and not home.is_dir():
        raise ModelwatchError(f"{home}: MODELWATCH_HOME is not a directory; point it at a folder")
    try:
        home.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelwatchError(
            f"{home}: cannot create the store's folder (MODELWATCH_HOME): {exc.strerror or exc}"
        ) from None


# Another modelwatch command holding the store (a build, an import, a sync) is waited for this
# long before giving up with one line; most writes take seconds.
LOCK_WAIT_SECONDS = 30.0


def connect_waiting(path: Path, read_only: bool, wait: float | None = None) -> duckdb.DuckDBPyConnection:
    """duckdb.connect, waiting for another command's lock to go; any failure is one line."""
    import duckdb

    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only)
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if "lock" in first.casefold():
                if time.monotonic() < deadline:
                    time.sleep(0.2)
                    continue
                raise ModelwatchError(
                    f"{path}: the store is in use by another modelwatch command; try again when it has finished"
                ) from None
            raise ModelwatchError(
                f"{path}: cannot open the store ({first}); it may be damaged: move it aside and run `modelwatch build`"
            ) from None


def repair(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Re-create the tables and sequences of the schema that the store lacks (a damaged store);
    what it holds is left alone. Returns the names re-created."""
    import duckdb

    scratch = duckdb.connect(":memory:")
    try:
        for sql in MIGRATIONS:
            scratch.execute(sql)
        want = scratch.execute("SELECT sequence_name, sql FROM duckdb_sequences() ORDER BY 1").fetchall()
        want += scratch.execute("SELECT table_name, sql FROM duckdb_tables() ORDER BY 1").fetchall()
    finally:
        scratch.close()
    have = {
        str(r[0])
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "UNION ALL SELECT sequence_name FROM duckdb_sequences() WHERE database_name = current_database()"
        ).fetchall()
    }
    missing = [(str(name), str(sql)) for name, sql in want if name not in have]
    if not missing:
        return []
    with transaction(con):
        for name, sql in missing:
            if name == "import_seq" and "imports" in have:
                row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
                sql = f"CREATE SEQUENCE import_seq START {int(row[0]) if row else 1}"
            con.execute(sql)
    return [name for name, _ in missing]


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    return int(get_meta(con, "schema_version") or 0)


def store_file(con: duckdb.DuckDBPyConnection) -> Path:
    """The file of the store `con` is connected to."""
    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    assert row is not None
    return Path(str(row[0]))


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """All or nothing: an error (or Ctrl-C) inside leaves the store as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def new_import(
    con: duckdb.DuckDBPyConnection,
    source: str,
    path: str,
    digest: str,
    digest_kind: str,
    as_of: str | None,
    rows: int,
) -> int:
    """Log one import; `digest` identifies what was imported, `digest_kind` (see schema.py) says how."""
    row = con.execute(
        "INSERT INTO imports (import_id, source, path, digest, digest_kind, retrieved_at, as_of, rows) "
        "VALUES (nextval('import_seq'), ?, ?, ?, ?, now()::TIMESTAMP, ?, ?) RETURNING import_id",
        [source, path, digest, digest_kind, as_of, rows],
    ).fetchone()
    assert row is not None
    return int(row[0])


def checkpoint(con: duckdb.DuckDBPyConnection, what: str) -> None:
    """Fold the write-ahead log into the store after `what` was committed.

    A failure here (a full disk) must not read as a failed `what`: the commit already made it durable,
    and the next connection replays the log.
    """
    import duckdb

    try:
        con.execute("CHECKPOINT")
    except duckdb.Error as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ModelwatchError(
            f"{what} is saved, but the store could not be compacted afterwards ({reason}); "
            "free some disk space, and the next command finishes it"
        ) from exc
