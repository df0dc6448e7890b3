"""The proposals awaiting review: computed against the curated registry's omissions, listed, counted."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING

from modelwatch import config
from modelwatch.analyze.query import Row, rows
from modelwatch.errors import ModelwatchError
from modelwatch.vocabulary import ProposalKind, UpdateSource

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.proposals import Proposal

LISTING_CAPTION = (
    "computed from the latest Hub sync and catalogue snapshots in the store; "
    "`modelwatch proposals show ID` lists each field's origin and the evidence; `accept ID` or `reject ID`. "
    "date = the earliest public evidence with a day (never the day of a sync); tier from a licence in "
    "licenses.toml or a closed tier a source states, else unknown."
)


def current(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> list[Proposal]:
    """Every proposal the store gives, less what the curated files' omissions account for."""
    from modelwatch.analyze.proposals import compute
    from modelwatch.sources.registry import load_registry

    reg = load_registry(config.data_dir())
    return compute(con, reg.omissions, orgs, reg.omitted_orgs)


def pending_dates(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """The earliest pending release proposal per organization (for `covered to`)."""
    out: dict[str, dt.date] = {}
    for p in current(con):
        if p.kind == "release" and p.date is not None and (p.org not in out or p.date < out[p.org]):
            out[p.org] = p.date
    return out


def check_orgs(con: duckdb.DuckDBPyConnection, orgs: list[str] | None) -> None:
    known = {r["id"] for r in rows(con, "SELECT id FROM organizations")}
    for o in orgs or []:
        if o not in known:
            raise ModelwatchError(f"--org {o}: no such organization; see `modelwatch orgs`")


def reviewable(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> list[Proposal]:
    """The proposals of `orgs`, refused while the store holds nothing to compute them from."""
    check_orgs(con, orgs)
    got = rows(
        con, "SELECT count(*) AS n FROM imports WHERE list_contains(?, source)", [[s.value for s in UpdateSource]]
    )
    if not got[0]["n"]:
        raise ModelwatchError(
            "no Hub sync or catalogue snapshot in the store yet; run `modelwatch update`, "
            "or `modelwatch import epoch FILE` to work offline"
        )
    return current(con, orgs)


def find(con: duckdb.DuckDBPyConnection, proposal_id: str) -> Proposal:
    for p in reviewable(con):
        if p.id == proposal_id:
            return p
    raise ModelwatchError(f"{proposal_id}: no such proposal; see `modelwatch proposals`")


def chosen(props: list[Proposal], kinds: list[str] | None = None, since: dt.date | None = None) -> list[Proposal]:
    return [
        p
        for p in props
        if (not kinds or p.kind in kinds) and (since is None or (p.date is not None and p.date >= since))
    ]


def listing(props: list[Proposal]) -> list[Row]:
    """One row per proposal: what it is, its date and tier, and how much evidence from which sources."""
    out: list[Row] = []
    for p in props:
        # the date as proposed: a day, or a period (2025-09, 2025-09-01..2025-09-14)
        date = p.fields["date"].value if "date" in p.fields else None
        row: Row = {"id": p.id, "kind": p.kind, "org": p.org, "name": p.name, "date": date, "tier": p.get("tier", "")}
        row.update(target=p.target, evidence=len(p.evidence), sources=", ".join(sorted({e.source for e in p.evidence})))
        out.append(row)
    return out


def listing_title(props: list[Proposal]) -> str:
    counts = Counter(p.kind for p in props)
    kinds = ", ".join(f"{counts[k]} {k}" for k in ProposalKind if counts[k]) or "none"
    return f"{len(props)} proposals ({kinds})"


def detail(p: Proposal) -> tuple[Row, list[Row], list[Row]]:
    """One proposal: what it is, each field with its origin, and the evidence."""
    summary: Row = {"id": p.id, "kind": p.kind, "org": p.org, "name": p.name}
    if p.target:
        summary["release"] = p.target
    fields: list[Row] = [{"field": k, "value": v.value, "from": v.origin} for k, v in p.fields.items()]
    evidence: list[Row] = [
        {"source": e.source, "ref": e.ref, "date": e.date, "detail": e.detail, "url": e.url} for e in p.evidence
    ]
    return summary, fields, evidence


def per_org(props: list[Proposal]) -> list[Row]:
    """How many proposals of each kind each organization has."""
    per: dict[str, Counter[str]] = {}
    for p in props:
        per.setdefault(p.org, Counter())[p.kind] += 1
    return [
        {"org": o, **{k.value: c[k] for k in ProposalKind}, "total": sum(c.values())} for o, c in sorted(per.items())
    ]
