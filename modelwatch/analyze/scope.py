"""What a question is about: the filters as the store spells them, in words, with the caveats that go with them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelwatch.analyze.counts import Filters, check_period, resolve
from modelwatch.analyze.query import rows

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Scope:
    filters: Filters  # as the store spells them
    words: str  # e.g. "2025; org alibaba"
    read_as: list[str]  # how a value was read (a group as its labs)
    partial: str  # the organizations whose coverage ends before the period does ('' when none)
    dating: str = ""  # how many releases are dated coarser than a day, and left out for crossing the edge

    @property
    def notes(self) -> list[str]:
        return [n for n in [*self.read_as, self.partial, self.dating] if n]


def narrow(con: duckdb.DuckDBPyConnection, f: Filters) -> Scope:
    """The filters resolved, refused when they name nothing or a period outside the registry."""
    resolved = resolve(con, f)
    check_period(con, resolved.filters)
    got = resolved.filters
    return Scope(got, words(f), resolved.notes, partial_note(con, got), dating_note(con, got))


def dating_note(con: duckdb.DuckDBPyConnection, f: Filters) -> str:
    """What the dates in scope are: how many only to a period (a month or coarser, or a span), how many straddle
    the period's edge.

    '' when every release in scope is dated to the day and none lies across the edge.
    """
    where, params = f.where()
    counted = rows(
        con,
        f"""
        SELECT count(*) FILTER (WHERE r.date_precision <> 'day') AS coarse,
               count(*) FILTER (WHERE r.date_precision = 'span') AS spans
        FROM releases r JOIN organizations o ON o.id = r.org_id WHERE {where}
        """,
        params,
    )[0]
    parts = []
    if counted["coarse"]:
        n = counted["coarse"]
        parts.append(
            f"{n} of these releases {'is' if n == 1 else 'are'} dated to a period, not a day "
            "(a month 2026-08, a quarter 2026-Q3, a year, or a span first..last)"
        )
        if f.date_from or f.date_to:
            parts.append("a date that is a period is kept by the from/to filter by its earliest day")
    span = f.span
    if span is not None and f.edge == "out":
        edge = Filters(**{**f.__dict__, "edge": "only"})
        ew, ep = edge.where()
        n = rows(con, f"SELECT count(*) AS n FROM releases r JOIN organizations o ON o.id = r.org_id WHERE {ew}", ep)
        if n[0]["n"]:
            parts.append(
                f"{n[0]['n']} release(s) dated to a period that crosses the edge of {span[0]}..{span[1]} "
                "are not counted in it (they may lie on either side)"
            )
    return "; ".join(parts)


def partial_note(con: duckdb.DuckDBPyConnection, f: Filters) -> str:
    """Names the organizations in scope whose coverage ends before the period does ('' when none)."""
    from modelwatch.analyze.currency import coverage, partial
    from modelwatch.analyze.currency import partial_note as note
    from modelwatch.analyze.pending import pending_dates

    end = dt.date(f.year, 12, 31) if f.year else f.date_to or dt.date.today()
    scope: list[str] | None = list(f.orgs) or None
    if f.countries:
        got = rows(con, "SELECT id FROM organizations WHERE list_contains(?, country)", [f.countries])
        scope = [r["id"] for r in got if scope is None or r["id"] in scope]
    return note(partial(coverage(con, lambda: pending_dates(con)), end, scope), end)


def words(f: Filters) -> str:
    """The filters as a reader reads them in a title."""
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
