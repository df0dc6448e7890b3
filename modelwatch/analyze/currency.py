"""How far each organization's records are known to be complete ("covered to"), and which counts are partial.

An organization is covered to the later of
- its file's `coverage_end`: the day of the curated files' last complete review, and
- the last successful check of its sources stored here (a Hub sync of its namespaces, the `as_of` day of
  a catalogue snapshot), when that check left no release of the organization pending review:
  a pending release proposal dated after the review day holds coverage to the day before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelwatch.analyze.query import rows
from modelwatch.vocabulary import Catalogue

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True)
class Coverage:
    org: str
    reviewed: dt.date | None  # the file's coverage_end
    checked: dt.date | None  # the last successful source check
    checked_by: str
    pending_from: dt.date | None  # the earliest pending release proposal after the review day
    covered_to: dt.date | None


def last_checks(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[dt.date, str]]:
    """Per organization, the latest day a source was checked for it, and which source."""
    out: dict[str, tuple[dt.date, str]] = {}
    catalogue = rows(
        con,
        "SELECT source, max(coalesce(as_of, retrieved_at::DATE)) AS day FROM imports "
        "WHERE list_contains(?, source) GROUP BY source",
        [[c.value for c in Catalogue]],
    )
    latest = max(((r["day"], f"{r['source']} snapshot") for r in catalogue), default=None)
    orgs = [r["id"] for r in rows(con, "SELECT id FROM organizations")]
    if latest is not None:
        out = dict.fromkeys(orgs, latest)
    for r in rows(con, "SELECT org_id, max(synced_at)::DATE AS day FROM hub_syncs GROUP BY org_id"):
        if r["org_id"] in out and out[r["org_id"]][0] >= r["day"]:
            continue
        out[r["org_id"]] = (r["day"], "Hub sync")
    return out


def coverage(
    con: duckdb.DuckDBPyConnection, pending: Callable[[], dict[str, dt.date]] | None = None
) -> dict[str, Coverage]:
    """Every organization's coverage; `pending` (called only when a check is newer than a review day)
    gives the earliest pending release proposal date per organization."""
    checks = last_checks(con)
    reviewed = {r["id"]: r["coverage_end"] for r in rows(con, "SELECT id, coverage_end FROM organizations ORDER BY id")}
    newer = [o for o, (day, _) in checks.items() if reviewed.get(o) is None or day > reviewed[o]]
    first_pending = pending() if newer and pending is not None else {}
    out: dict[str, Coverage] = {}
    for org, review in reviewed.items():
        day, by = checks.get(org, (None, ""))
        held = first_pending.get(org)
        if held is not None and review is not None and held <= review:
            held = None  # before the review day: the curated claim stands
        to = review
        if day is not None and (to is None or day > to):
            to = day
            if held is not None and held <= day:
                to = max(held - dt.timedelta(days=1), review) if review else held - dt.timedelta(days=1)
        out[org] = Coverage(org, review, day, by, held, to)
    return out


def partial(cov: dict[str, Coverage], period_end: dt.date, orgs: Iterable[str] | None = None) -> list[Coverage]:
    """The organizations whose coverage ends before the period does, earliest first."""
    scope = set(orgs) if orgs is not None else set(cov)
    short = [c for o, c in cov.items() if o in scope and (c.covered_to is None or c.covered_to < period_end)]
    return sorted(short, key=lambda c: (c.covered_to or dt.date.min, c.org))


def partial_note(short: list[Coverage], period_end: dt.date, limit: int = 8, days: int = 6) -> str:
    """One sentence naming the organizations whose coverage ends before `period_end`; '' when none.

    The earliest `days` covered-to days are named with their organizations, the rest counted: a caption
    stays readable when every organization's evidence ends on a day of its own."""
    if not short:
        return ""
    by_day: dict[dt.date | None, list[str]] = {}
    for c in short:
        by_day.setdefault(c.covered_to, []).append(c.org)
    ordered = sorted(by_day.items(), key=lambda kv: (kv[0] is not None, kv[0] or dt.date.min))
    parts = []
    for day, orgs in ordered[:days]:
        names = ", ".join(orgs[:limit]) + (f" and {len(orgs) - limit} more" if len(orgs) > limit else "")
        parts.append(f"{day or 'no coverage date'}: {names}")
    rest = sum(len(orgs) for _, orgs in ordered[days:])
    if rest:
        last = ordered[-1][0]
        parts.append(f"and {rest} more organization(s) covered to later days, up to {last}")
    return (
        f"Partial: coverage of {len(short)} organization(s) ends before {period_end}, so their counts may be "
        f"incomplete (covered to {'; '.join(parts)})."
    )
