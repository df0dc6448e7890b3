"""Is the store built from the curated files as they are now? Cheap enough for every command."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.sources.datafiles import data_version
from modelwatch.store.connection import get_meta, open_store

if TYPE_CHECKING:
    import duckdb


def open_if_current(data_dir: Path, store: Path) -> duckdb.DuckDBPyConnection | None:
    """A read-only connection when the store matches `data_dir`, else None."""
    if not store.exists():
        return None
    try:
        con = open_store(store, read_only=True)
    except ModelwatchError as exc:
        if "in use by another" in str(exc):
            raise
        return None
    if get_meta(con, "data_version") == data_version(data_dir) and get_meta(con, "data_dir") == str(data_dir):
        return con
    con.close()
    return None
