"""Opening the store, migrating it, and writing to it atomically."""

from __future__ import annotations

import contextlib
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
    version = int(get_meta(con, "schema_version") or 0)
    if version > len(MIGRATIONS):
        raise ModelwatchError(
            f"store schema {version} is newer than this modelwatch ({len(MIGRATIONS)}); upgrade modelwatch"
        )
    if version == len(MIGRATIONS):
        return
    with transaction(con):
        for sql in MIGRATIONS[version:]:
            con.execute(sql)
        set_meta(con, "schema_version", str(len(MIGRATIONS)))


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    import duckdb

    if read_only and not path.exists():
        raise ModelwatchError(f"{path}: no store yet; run `modelwatch build`")
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise ModelwatchError(f"{path}: cannot open the store: {exc}") from exc
    if not read_only:
        migrate(con)
    return con


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
    con: duckdb.DuckDBPyConnection, source: str, path: str, sha256: str, as_of: str | None, rows: int
) -> int:
    row = con.execute(
        "INSERT INTO imports VALUES (nextval('import_seq'), ?, ?, ?, now()::TIMESTAMP, ?, ?) RETURNING import_id",
        [source, path, sha256, as_of, rows],
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
