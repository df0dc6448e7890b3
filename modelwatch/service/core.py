"""The library calls behind each command: open the right store, ask, return rows.

The CLI (and any other front end) calls one function here per command.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch import config
from modelwatch.analyze.query import Row
from modelwatch.errors import Problem

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.counts import Filters
    from modelwatch.publish.export import ExportResult
    from modelwatch.store.opening import Opened
    from modelwatch.store.registry import BuildResult

# what the store needed before it could answer (built, migrated); the CLI shows it on stderr
log = logging.getLogger("modelwatch")


@dataclass
class Answer:
    """Rows plus the words a reader needs to read them (unit, scope, caveats)."""

    rows: list[Row]
    title: str = ""
    caption: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def build(force: bool = False) -> BuildResult:
    with _opened(write=True, rebuild=force) as state:
        assert state.built is not None  # a writer always checks the registry
        return state.built


@contextlib.contextmanager
def reading() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a store that matches the curated files.

    A missing, stale or older store is built, rebuilt or migrated first, so a fresh install (or an upgrade)
    answers at once.
    """
    with _opened() as state:
        yield state.con


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only connection to the store for the caller to query and close, the store built, rebuilt or
    migrated first as for `reading` (docs/schema.md describes its tables)."""
    from modelwatch.store.opening import reader

    state = reader(config.store_path(), config.data_dir())
    _tell(state, quiet=False)
    return state.con


@contextlib.contextmanager
def writing() -> Iterator[duckdb.DuckDBPyConnection]:
    """A writable connection to the store, brought up to date like `reading`'s."""
    with _opened(write=True) as state:
        yield state.con


@contextlib.contextmanager
def _opened(write: bool = False, rebuild: bool = False) -> Iterator[Opened]:
    from modelwatch.store.opening import opened

    with opened(config.store_path(), config.data_dir(), write=write, rebuild=rebuild) as state:
        _tell(state, quiet=rebuild or write)
        yield state


def _tell(state: Opened, quiet: bool) -> None:
    """Say what opening the store did that the user did not ask for (a front end decides where it goes)."""
    if state.migrated:
        old, new = state.migrated
        log.info("upgraded the store at %s from schema %d to %d", config.store_path(), old, new)
    if state.built is not None and state.built.changed and not quiet:
        log.info("built the store at %s (%d releases)", state.built.store, state.built.releases)


def validate() -> list[Problem]:
    from modelwatch.normalize.validate import validate as check
    from modelwatch.sources.registry import load_registry

    return check(load_registry(config.data_dir()))


def releases(f: Filters) -> Answer:
    from modelwatch.analyze.counts import caption, list_releases
    from modelwatch.analyze.scope import narrow

    with reading() as con:
        scope = narrow(con, f)
        rows = list_releases(con, scope.filters)
    return Answer(
        rows, title=f"{len(rows)} releases ({scope.words})", caption=caption("unit: release events", scope.notes)
    )


def leaderboard(f: Filters, by: str, unit: str) -> Answer:
    from modelwatch.analyze.counts import board_caption, board_title
    from modelwatch.analyze.counts import leaderboard as board
    from modelwatch.analyze.scope import narrow

    with reading() as con:
        scope = narrow(con, f)
        rows = board(con, scope.filters, by=by, unit=unit)
    return Answer(rows, title=board_title(by, unit, scope.words), caption=board_caption(unit, scope.notes))


def organizations() -> Answer:
    from modelwatch.analyze.counts import organizations as orgs

    with reading() as con:
        rows = orgs(con)
    return Answer(rows, title=f"{len(rows)} organizations", caption="releases: all years in the registry")


def export(fmt: str, out_dir: Path) -> ExportResult:
    from modelwatch.publish.export import check_target
    from modelwatch.publish.export import export as write
    from modelwatch.store.connection import get_meta

    check_target(out_dir)  # refuse a folder it may not write into before any work
    with reading() as con:
        return write(con, fmt, out_dir, get_meta(con, "data_version") or "")
