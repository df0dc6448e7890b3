"""How complete is the registry? Counts per organization and year, and what a catalogue has that it lacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelwatch.analyze.query import Row, rows
from modelwatch.normalize.catalogue_names import name_keys
from modelwatch.records import Omission
from modelwatch.tiers import Tier

if TYPE_CHECKING:
    import duckdb

TIERS = [t.value for t in Tier]


def counts(con: duckdb.DuckDBPyConnection, orgs: list[str], years: list[int]) -> list[Row]:
    """One row per organization and year: releases by tier (unreleased shown, not in `releases`)."""
    tier_cols = ", ".join(f"count(r.id) FILTER (WHERE r.tier = '{t}') AS {t}" for t in TIERS)
    org_filter = f"AND o.id IN ({', '.join('?' * len(orgs))})" if orgs else ""
    return rows(
        con,
        f"""
        WITH y AS (SELECT unnest(?::INTEGER[]) AS year)
        SELECT o.id AS org, o.name, o.country, y.year,
               count(r.id) FILTER (WHERE r.tier <> 'unreleased') AS releases, {tier_cols}
        FROM organizations o CROSS JOIN y
        LEFT JOIN releases r ON r.org_id = o.id AND year(r.date) = y.year AND year(r.date_latest) = y.year
        WHERE o.kind <> 'group' {org_filter}
        GROUP BY ALL ORDER BY o.id, y.year
        """,
        [years, *orgs],
    )


def explain_gaps(
    findings: list[Row], omissions: dict[str, list[Omission]], groups: dict[str, str] | None = None
) -> list[Row]:
    """Catalogue rows with no matching release, each with the registry's reason when it gives one.

    A row attributed to a group (Epoch's "Google") is explained by omissions in any of its labs' files.
    """
    groups = groups or {}
    out: list[Row] = []
    for f in findings:
        if f["kind"] != "source_only":
            continue
        names: list[str] = f["source_rows"]
        reason = ""
        owner = groups.get(f["org"], f["org"])
        candidates = [om for org, oms in omissions.items() if groups.get(org, org) == owner for om in oms]
        for om in candidates:
            keys = name_keys(om.name)
            if any(keys & name_keys(n) for n in names):
                reason = om.reason
                break
        out.append(
            {
                "org": f["org"],
                "date": f["source_date"],
                "catalogue_rows": f["source_rows"],
                "catalogue_tier": f["source_tier"],
                "status": "omitted on purpose" if reason else "missing: to review",
                "reason": reason,
            }
        )
    return out


COUNTS_TITLE = "Registry coverage: releases per organization and year, by tier"
COUNTS_CAPTION = "unit: release events; `releases` excludes unreleased (announced, not usable) records"
GAPS_CAPTION = (
    "matched by Hub repo id, then name within a date window; one line per organization and day. "
    "Reasons come from the registry's [[omission]] records."
)


def gaps(con: duckdb.DuckDBPyConnection, import_id: int, year: int, orgs: list[str]) -> list[Row]:
    """The Epoch AI rows of `year` in snapshot `import_id` that no release matches, with the curated reasons."""
    from modelwatch import config
    from modelwatch.analyze.compare import compare
    from modelwatch.sources.registry import load_registry
    from modelwatch.store.catalogues import pick_snapshot

    findings, _ = compare(con, pick_snapshot(con, "epoch", snapshot=import_id), year=year, orgs=orgs or None)
    registry = load_registry(config.data_dir())
    return explain_gaps(findings, registry.omissions, {o.id: o.group for o in registry.organizations.values()})


def gaps_title(year: int, orgs: list[str]) -> str:
    scope = ", ".join(orgs) if orgs else "every organization in the registry"
    return f"Epoch AI rows of {year} with no matching release ({scope})"


OMISSIONS_TITLE = "Deliberate omissions per organization, by kind"
OMISSIONS_CAPTION = (
    "unit: [[omission]] records of the curated files (docs/data-format.md); year: the catalogue's date when the "
    "omission gives one, else blank. A public model whose day is unknown is a release dated to a period, not an "
    "omission."
)


def omissions(orgs: list[str]) -> list[Row]:
    """How many models each organization's file leaves out, and why (its `kind`; blank: not yet classified)."""
    from collections import Counter

    from modelwatch import config
    from modelwatch.sources.registry import load_registry

    registry = load_registry(config.data_dir())
    counted: Counter[tuple[str, str, str]] = Counter()
    for org, found in registry.omissions.items():
        if orgs and org not in orgs:
            continue
        for o in found:
            counted[(org, o.kind or "unclassified", str(o.date.year) if o.date else "")] += 1
    return [{"org": k[0], "kind": k[1], "year": k[2], "omissions": n} for k, n in sorted(counted.items())]
