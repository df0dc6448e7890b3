"""`modelwatch coverage`: registry completeness per organization and year, checked against Epoch AI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelwatch import config
from modelwatch.service.core import Answer, reading


@dataclass
class Coverage:
    counts: Answer
    gaps: Answer | None = None
    notes: list[str] = field(default_factory=list)


def coverage(orgs: list[str], years: list[int], epoch: Path | None, gap_year: int) -> Coverage:
    from modelwatch.analyze.coverage import counts, explain_gaps
    from modelwatch.sources.registry import load_registry

    result = Coverage(Answer([]))
    snap = None
    if epoch is not None:
        from modelwatch.service.catalogues import import_catalogue

        imported = import_catalogue("epoch", epoch)
        result.notes.append(f"Epoch AI snapshot {imported.import_id} ({imported.rows} rows). {imported.attribution}")
    with reading() as con:
        rows = counts(con, orgs, years)
        if epoch is not None:
            from modelwatch.analyze.compare import compare
            from modelwatch.store.catalogues import pick_snapshot

            # the snapshot of the file just given, even when a newer one was imported before
            snap = pick_snapshot(con, "epoch", snapshot=imported.import_id)
            findings, _ = compare(con, snap, year=gap_year, orgs=orgs or None)
    result.counts = Answer(
        rows,
        title="Registry coverage: releases per organization and year, by tier",
        caption="unit: release events; `releases` excludes unreleased (announced, not usable) records",
    )
    if snap is not None:
        registry = load_registry(config.data_dir())
        groups = {o.id: o.group for o in registry.organizations.values()}
        gaps = explain_gaps(findings, registry.omissions, groups)
        scope = ", ".join(orgs) if orgs else "every organization in the registry"
        result.gaps = Answer(
            gaps,
            title=f"Epoch AI rows of {gap_year} with no matching release ({scope})",
            caption="matched by Hub repo id, then name within a date window; one line per organization and day. "
            "Reasons come from the registry's [[omission]] records.",
        )
    return result
