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

    @property
    def notes(self) -> list[str]:
        return [*self.read_as, self.partial] if self.partial else self.read_as


def narrow(con: duckdb.DuckDBPyConnection, f: Filters) -> Scope:
    """The filters resolved, refused when they name nothing or a period outside the registry."""
    resolved = resolve(con, f)
    check_period(con, resolved.filters)
    return Scope(resolved.filters, words(f), resolved.notes, partial_note(con, resolved.filters))


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
