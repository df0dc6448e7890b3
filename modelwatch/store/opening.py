"""The one way to open the store: for reading or writing, its schema current and its registry built.

Every command goes through `opened`. A store one migration behind (as an upgrade of modelwatch leaves it)
is migrated, a store built from other curated files is rebuilt, a missing one is created, and a store
written by a newer modelwatch is refused: a reader never meets a table the code does not expect.
Nothing is printed; what was done comes back in `Opened`, for the front end to tell.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.sources.datafiles import data_version
from modelwatch.store.connection import (
    check_schema,
    connect_waiting,
    ensure_home,
    get_meta,
    migrate,
    repair,
    schema_version,
)
from modelwatch.store.schema import MIGRATIONS

if TYPE_CHECKING:
    import duckdb

    from modelwatch.store.registry import BuildResult


@dataclass(frozen=True)
class Opened:
    con: duckdb.DuckDBPyConnection
    # the schema versions before and after, when this opening migrated the store
    migrated: tuple[int, int] | None = None
    # the registry as checked against the store (`changed`: its tables were rewritten); None when a reader
    # found the store current and checked nothing more
    built: BuildResult | None = None
    # tables and sequences a damaged store had lost, re-created (empty) by a rebuild
    repaired: tuple[str, ...] = ()


@contextlib.contextmanager
def opened(store: Path, data_dir: Path, write: bool = False, rebuild: bool = False) -> Iterator[Opened]:
    """The store at `store`, current with the curated files in `data_dir`, closed on leaving.

    Read-only unless `write`. `rebuild` re-creates lost tables and rewrites the registry tables even when
    they are current (`modelwatch build --force`). A reader whose store is current opens it read-only at
    once (many readers may share it); otherwise the store is brought up to date first, under the write lock.
    """
    if write or rebuild:
        state = _bring_up_to_date(store, data_dir, rebuild)
        if not write:
            state.con.close()
            state = Opened(connect_waiting(store, read_only=True), state.migrated, state.built, state.repaired)
    else:
        state = reader(store, data_dir)
    try:
        yield state
    finally:
        state.con.close()


def reader(store: Path, data_dir: Path) -> Opened:
    """A read-only connection to the store at `store`, current with the curated files in `data_dir`, that the
    caller closes (`opened` closes it for a command; a notebook keeps it).

    A current store is opened read-only at once (many readers may share it); otherwise it is brought up to date
    first, under the write lock, and then opened read-only."""
    con = _current(store, data_dir)
    if con is not None:
        return Opened(con)
    state = _bring_up_to_date(store, data_dir, rebuild=False)
    state.con.close()
    return Opened(connect_waiting(store, read_only=True), state.migrated, state.built, state.repaired)


def _current(store: Path, data_dir: Path) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection when the store needs nothing done, else None."""
    if not store.exists():
        return None
    con = connect_waiting(store, read_only=True)
    try:
        version = schema_version(con)
        check_schema(version)
        if version == len(MIGRATIONS) and is_current(con, data_dir):
            return con
    except BaseException:
        con.close()
        raise
    con.close()
    return None


def is_current(con: duckdb.DuckDBPyConnection, data_dir: Path) -> bool:
    """Was the store built from the curated files in `data_dir` as they are now? One hash, no parsing:
    a reader whose store is current never imports the registry's parser."""
    return get_meta(con, "data_version") == data_version(data_dir) and get_meta(con, "data_dir") == str(data_dir)


def _bring_up_to_date(store: Path, data_dir: Path, rebuild: bool) -> Opened:
    """A writable connection to the store, migrated, repaired if asked, its registry tables current."""
    from modelwatch.store import registry

    reg = registry.load_valid(data_dir)  # before the store is opened (or created): bad data never touches it
    ensure_home(store.parent)
    con = connect_waiting(store, read_only=False)
    try:
        before = schema_version(con)
        migrate(con)
        repaired = tuple(repair(con)) if rebuild else ()
        built = registry.build(con, reg, force=rebuild)
    except BaseException:
        con.close()
        raise
    after = len(MIGRATIONS)
    # a new store is not an upgrade: it gets every migration, and says so by being built
    migrated = (before, after) if 0 < before < after else None
    return Opened(con, migrated, built, repaired)
