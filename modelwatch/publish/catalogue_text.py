"""The words around catalogue answers: the snapshot listing's rows and credits, `compare`'s title and caption,
what `update` fetched."""

from __future__ import annotations

from collections import Counter

from modelwatch.analyze.query import Row
from modelwatch.store.catalogues import ImportResult, Snapshot
from modelwatch.store.hub import SyncWrite
from modelwatch.vocabulary import Catalogue

# what one row of each catalogue stands for
_UNITS = {"epoch": "rows (models or checkpoints)", "openrouter": "rows (listed models)"}
_DATES = {"openrouter": "listing", "epoch": "publication"}
FINDINGS = ("source_only", "registry_only", "date_conflict", "tier_conflict")


def snapshot_rows(snaps: list[Snapshot]) -> list[Row]:
    return [
        {
            "snapshot": s.import_id,
            "source": s.source,
            "variant": s.variant,
            "as_of": s.as_of,
            "retrieved_at": s.retrieved_at.replace(microsecond=0),
            "rows": s.rows,
            "unresolved_names": len(s.unresolved),
            "digest": s.digest[:12],
            "digest_kind": s.digest_kind,
            "path": s.path,
        }
        for s in snaps
    ]


def credits(snaps: list[Snapshot]) -> str:
    """Each publisher's attribution, once."""
    return "; ".join(sorted({s.attribution for s in snaps}))


def compare_title(snap: Snapshot, year: int | None, orgs: list[str] | None, summary: bool) -> str:
    scope = [str(year) if year else "all years"] + (["org " + ", ".join(orgs)] if orgs else [])
    label = f"{Catalogue(snap.source).label} snapshot {snap.import_id} (as of {snap.as_of or 'unknown'})"
    what = "vs the registry, per organization" if summary else "vs the registry"
    return f"{label} {what} ({'; '.join(scope)})"


def compare_caption(snap: Snapshot, findings: list[Row] | None, tolerance: int, window: int) -> str:
    """The units and rules of a comparison; with `findings` (not a summary), the rules of matching and the tally."""
    caption = (
        f"Source: {snap.attribution}. Source unit: {_UNITS.get(snap.source, 'rows (provider model SKUs)')}; "
        "modelwatch units: releases, artifacts, days (announced-but-unavailable releases not counted). "
        "A row naming several organizations counts for each."
    )
    if findings is None:
        return caption
    counts = Counter(f["kind"] for f in findings)
    return caption + (
        f" Dates: {_DATES.get(snap.source, 'release')} dates; a date conflict is a gap over {tolerance} days; "
        f"names match within {window} days. registry_only leaves out releases after the snapshot's date. "
        + ", ".join(f"{k}: {counts.get(k, 0)}" for k in FINDINGS)
    )


def fetched_line(source: str, got: SyncWrite | ImportResult) -> str:
    """What `update` fetched from one source, in one line."""
    if isinstance(got, SyncWrite):
        return f"{source}: {got.repos} repos ({got.new_repos} new), import {got.import_id}"
    state = "already imported" if got.already else "imported"
    return f"{source}: {state} {got.rows} rows as snapshot {got.import_id} (as of {got.as_of})"
