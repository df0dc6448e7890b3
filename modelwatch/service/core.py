"""The library calls behind each command: open the right store, ask, return rows.

The CLI (and any other front end) calls one function here per command.
"""

from __future__ import annotations

import contextlib
import sys
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
    from modelwatch.publish.report import ReportResult
    from modelwatch.store.registry import BuildResult


@dataclass
class Answer:
    """Rows plus the words a reader needs to read them (unit, scope, caveats)."""

    rows: list[Row]
    title: str = ""
    caption: str = ""
    meta: dict[str, str] = field(default_factory=dict)


def build(force: bool = False) -> BuildResult:
    from modelwatch.store.registry import build as build_store

    return build_store(config.data_dir(), config.store_path(), force=force)


@contextlib.contextmanager
def reading() -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to a store that matches the curated files.

    A missing or stale store is (re)built first, so a fresh install answers at once.
    """
    from modelwatch.store.connection import connect
    from modelwatch.store.freshness import open_if_current

    store = config.store_path()
    con = open_if_current(config.data_dir(), store)
    if con is None:
        result = build()
        print(f"modelwatch: built the store at {result.store} ({result.releases} releases)", file=sys.stderr)
        con = connect(store, read_only=True)
    try:
        yield con
    finally:
        con.close()


def validate() -> list[Problem]:
    from modelwatch.normalize.validate import validate as check
    from modelwatch.sources.registry import load_registry

    return check(load_registry(config.data_dir()))


def partial_note(con: duckdb.DuckDBPyConnection, f: Filters) -> str:
    """Names the organizations in scope whose coverage ends before the period does ('' when none)."""
    import datetime as dt

    from modelwatch.analyze.currency import coverage, partial
    from modelwatch.analyze.currency import partial_note as note
    from modelwatch.service.proposals import pending_dates

    end = dt.date(f.year, 12, 31) if f.year else f.date_to or dt.date.today()
    scope: list[str] | None = list(f.orgs) or None
    if f.countries:
        got = con.execute("SELECT id FROM organizations WHERE list_contains(?, country)", [f.countries]).fetchall()
        scope = [r[0] for r in got if scope is None or r[0] in scope]
    return note(partial(coverage(con, lambda: pending_dates(con)), end, scope), end)


def _scope(f: Filters) -> str:
    parts = [str(f.year) if f.year else "all years"]
    if f.modalities:
        parts.append("modality " + ", ".join(f.modalities))
    if f.orgs:
        parts.append("org " + ", ".join(f.orgs))
    if f.countries:
        parts.append("country " + ", ".join(f.countries))
    if f.tiers:
        parts.append("tier " + ", ".join(f.tiers))
    if f.openness:
        parts.append(f.openness)
    return "; ".join(parts)


def _asked(con: duckdb.DuckDBPyConnection, f: Filters) -> tuple[Filters, list[str]]:
    """The filters as the store spells them, refused when they name nothing or a period outside the registry."""
    from modelwatch.analyze.counts import check_period, resolve

    resolved = resolve(con, f)
    check_period(con, resolved.filters)
    return resolved.filters, resolved.notes


def _caption(base: str, notes: list[str]) -> str:
    return " ".join([base.rstrip(".") + ".", *(n.rstrip(".") + "." for n in notes)])


def releases(f: Filters) -> Answer:
    from modelwatch.analyze.counts import list_releases

    with reading() as con:
        asked, notes = _asked(con, f)
        rows = list_releases(con, asked)
        partial = partial_note(con, asked)
    caption = _caption("unit: release events", [*notes, partial] if partial else notes)
    return Answer(rows, title=f"{len(rows)} releases ({_scope(f)})", caption=caption)


def leaderboard(f: Filters, by: str, unit: str) -> Answer:
    from modelwatch.analyze.counts import UNITS
    from modelwatch.analyze.counts import leaderboard as board

    with reading() as con:
        asked, notes = _asked(con, f)
        rows = board(con, asked, by=by, unit=unit)
        partial = partial_note(con, asked)
    level = {"org": "organization", "group": "group", "country": "country"}.get(by, by)
    caption = (
        f"unit: {UNITS.get(unit, unit)}. open = weights downloadable; closed = API or hosted only; "
        "unknown = no source states it (never counted as closed); open_share = open / (open + closed). "
        "Announced-but-unavailable models are not counted."
    )
    if unit == "days":
        caption += " A day with both open and closed releases counts in both columns."
    return Answer(
        rows,
        title=f"{unit.capitalize()} per {level} ({_scope(f)})",
        caption=_caption(caption, [*notes, partial] if partial else notes),
    )


def organizations() -> Answer:
    from modelwatch.analyze.counts import organizations as orgs

    with reading() as con:
        rows = orgs(con)
    return Answer(rows, title=f"{len(rows)} organizations", caption="releases: all years in the registry")


def report(
    year: int, out_dir: Path, claims_file: Path | None = None, modalities: list[str] | None = None
) -> ReportResult:
    """The year review's charts as files in `out_dir`, and its leaderboard; the pages are the site's (web)."""
    from modelwatch.files import ensure_dir
    from modelwatch.publish.report import build_report

    ensure_dir(out_dir)  # a file in the way is refused before any work
    if claims_file is not None:  # a bad claims file is refused before any work too
        from modelwatch.analyze.claims_file import load_claims

        load_claims(claims_file)
    with reading() as con:
        from modelwatch.analyze.counts import Filters

        asked, _ = _asked(con, Filters(year=year, modalities=list(modalities or [])))
        return build_report(con, year, out_dir, modalities, partial_note(con, asked))


def export(fmt: str, out_dir: Path) -> ExportResult:
    from modelwatch.publish.export import check_target
    from modelwatch.publish.export import export as write
    from modelwatch.store.connection import get_meta

    check_target(out_dir)  # refuse a folder it may not write into before any work
    with reading() as con:
        return write(con, fmt, out_dir, get_meta(con, "data_version") or "")
