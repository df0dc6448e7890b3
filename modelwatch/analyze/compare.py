"""Where a catalogue snapshot and the registry disagree, organization by organization.

Matching, most certain first:
1. Hub repo ids: a row's Hub links (Epoch's Link, OpenRouter's hugging_face_id, models.dev's
   weights links) against the registry's release members. A repo is one artifact: no date window.
2. Names: a row's name keys against the keys of each release's name, member repo names and API
   model ids (then, failing those, its family), among the releases of the row's organization
   groups (Google's labs are one group), within `window` days. A row whose organization does not
   resolve may still match by name against any organization.
   A dated variant comes before a distant namesake: when the nearest release of the same name is more
   than `tolerance` days away, a release within `tolerance` days whose name extends the row's name is
   taken instead (Epoch's "DeepSeek-V3 (Mar 2025)" is DeepSeek-V3-0324, not the December V3; its
   "Kimi-VL" of June is Kimi-VL-A3B-Thinking-2506, not April's Kimi-VL).
3. Same day, same stem: a release of the row's group within `tolerance` days whose name starts
   with the same word ("Claude Opus 4" and "Claude 4" on one day).

Tiers and dates are compared with the release's own rows when the source has one: a companion row
(DeepSeek-R1-Distill-Llama-8B, a member of DeepSeek-R1's release under Llama's licence) says nothing
about the flagship's tier.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from modelwatch.analyze.query import Row
from modelwatch.errors import ModelwatchError
from modelwatch.normalize.catalogue_names import name_keys, name_stem, resolve_orgs
from modelwatch.records import CatalogueRow
from modelwatch.store.catalogues import Snapshot, org_index
from modelwatch.tiers import Tier

if TYPE_CHECKING:
    import duckdb

KINDS = ("source_only", "registry_only", "date_conflict", "tier_conflict")


@dataclass
class Rel:
    id: str
    org: str
    name: str
    date: dt.date  # the earliest day the release's date allows
    tier: str
    openness: str
    artifacts: int
    latest: dt.date | None = None  # the latest day it allows (None: the same day)
    label: str = ""  # the date as the registry shows it (2026-08, 2026-Q3, a span)
    orgs: set[str] = field(default_factory=set)  # lead and co-developers
    groups: set[str] = field(default_factory=set)
    keys: set[str] = field(default_factory=set)
    family_keys: frozenset[str] = frozenset()
    stems: set[str] = field(default_factory=set)
    repos: set[str] = field(default_factory=set)
    own_keys: frozenset[str] = frozenset()  # keys of the release's own name, not of its members


@dataclass
class SRow:
    row: CatalogueRow
    orgs: list[str]  # resolved organization ids, in the row's order
    groups: set[str]
    keys: frozenset[str]
    release: Rel | None = None
    matched_by: str = ""


def load_releases(con: duckdb.DuckDBPyConnection) -> dict[str, Rel]:
    rels: dict[str, Rel] = {}
    for rid, org, name, family, date, tier, openness, n, latest, label in con.execute(
        "SELECT id, org_id, name, family, date, tier, openness, artifact_count, date_latest, date_label "
        "FROM releases ORDER BY date, id"
    ).fetchall():
        rels[rid] = Rel(
            rid,
            org,
            name,
            date,
            tier,
            openness,
            n,
            latest,
            label or date.isoformat(),
            orgs={org},
            keys=set(name_keys(name)),
        )
        rels[rid].own_keys = name_keys(name)
        rels[rid].family_keys = name_keys(family)
        rels[rid].stems.add(name_stem(name))
    for rid, kind, artifact in con.execute("SELECT release_id, kind, artifact_id FROM release_members").fetchall():
        rels[rid].keys |= name_keys(artifact)
        rels[rid].stems.add(name_stem(artifact))
        if kind == "hub":
            rels[rid].repos.add(artifact.casefold())
    for rid, org in con.execute("SELECT release_id, org_id FROM release_developers").fetchall():
        rels[rid].orgs.add(org)
    groups = dict(con.execute("SELECT id, group_id FROM organizations").fetchall())
    for rel in rels.values():
        rel.groups = {groups.get(o, o) for o in rel.orgs}
        rel.stems.discard("")
    return rels


def load_rows(con: duckdb.DuckDBPyConnection, snap: Snapshot) -> list[SRow]:
    index = org_index(con)
    names: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for row_no, name, country in con.execute(
        "SELECT row_no, name, country FROM catalogue_row_orgs WHERE import_id = ? ORDER BY row_no, position",
        [snap.import_id],
    ).fetchall():
        names[row_no].append((name, country))
    out = []
    for r in con.execute(
        """SELECT row_no, source_id, name, date, date_kind, tier, openness, accessibility, license, hub_repos,
                  org_hints, url, extra FROM catalogue_rows WHERE import_id = ? ORDER BY row_no""",
        [snap.import_id],
    ).fetchall():
        pairs = names.get(r[0], [])
        row = CatalogueRow(
            row=r[0],
            source_id=r[1],
            name=r[2],
            org_names=[p[0] for p in pairs],
            countries=[p[1] for p in pairs],
            org_hints=list(r[10]),
            date=r[3],
            date_kind=r[4],
            tier=Tier(r[5]),
            openness=r[6],
            accessibility=r[7],
            license=r[8],
            hub_repos=list(r[9]),
            url=r[11],
            extra=json.loads(r[12]),
        )
        # aliases are resolved again here, so an alias added after the import takes effect at once
        orgs = [ref.org_id for ref in resolve_orgs(row, index) if ref.org_id]
        orgs = [o for i, o in enumerate(orgs) if o not in orgs[:i]]
        out.append(SRow(row, orgs, {index.group(o) for o in orgs}, name_keys(row.name) | name_keys(row.source_id)))
    return out


def _gap(a: dt.date | None, b: dt.date, b_last: dt.date | None = None) -> int:
    """Days from `a` to the day `b`, or to the span b..b_last (0 inside it)."""
    if a is None:
        return 0
    last = b_last or b
    if b <= a <= last:
        return 0
    return (b - a).days if a < b else (a - last).days


def _to(s: SRow, r: Rel) -> int:
    return _gap(s.row.date, r.date, r.latest)


def match(rows: list[SRow], rels: dict[str, Rel], window: int, tolerance: int) -> None:
    """Set each row's release (or leave it None) and how it was matched."""
    by_repo: dict[str, list[Rel]] = defaultdict(list)
    by_key: dict[str, list[Rel]] = defaultdict(list)
    by_family: dict[str, list[Rel]] = defaultdict(list)
    by_stem: dict[str, list[Rel]] = defaultdict(list)
    for rel in rels.values():
        for repo in rel.repos:
            by_repo[repo].append(rel)
        for key in rel.keys:
            by_key[key].append(rel)
        for key in rel.family_keys:
            by_family[key].append(rel)
        for stem in rel.stems:
            by_stem[stem].append(rel)

    def closest(s: SRow, cands: list[Rel]) -> Rel:
        return min(cands, key=lambda r: (_to(s, r), r.id))

    def near(s: SRow, index: dict[str, list[Rel]], keys: Iterable[str], days: int) -> list[Rel]:
        found = {r.id: r for k in keys for r in index.get(k, [])}
        return [
            r
            for r in found.values()
            if (not s.groups or r.groups & s.groups) and (s.row.date is None or _to(s, r) <= days)
        ]

    def variants(s: SRow) -> list[Rel]:
        """Releases within the tolerance whose name extends the row's name (a dated variant of it)."""
        keys = [k for k in s.keys if len(k) >= 4]
        return [
            r
            for r in near(s, by_stem, [name_stem(s.row.name)], tolerance)
            if any(rk.startswith(k) for rk in r.keys for k in keys)
        ]

    for s in rows:
        for repo in s.row.hub_repos:
            cands = by_repo.get(repo.casefold(), [])
            if cands:
                s.release, s.matched_by = closest(s, cands), f"hub repo {repo}"
                break
        if s.release is not None:
            continue
        how = "name" if s.groups else "name (organization not resolved)"
        cands = near(s, by_key, s.keys, window)
        if s.row.date is not None and all(_to(s, r) > tolerance for r in cands):
            dated = variants(s)
            if dated:
                cands, how = dated, "dated variant of the name"
        if not cands:
            cands = near(s, by_family, s.keys, window)
            how = "family name" if s.groups else "family name (organization not resolved)"
        if not cands and s.groups and s.row.date is not None:
            # "same day" needs a release dated to the day: a period holds many days
            cands = [r for r in near(s, by_stem, [name_stem(s.row.name)], tolerance) if r.latest in (None, r.date)]
            how = "same day, same name stem"
        if cands:
            s.release, s.matched_by = closest(s, cands), how


def _date_conflict(row: CatalogueRow, rel: Rel, tolerance: int) -> bool:
    """Beyond the tolerance of the release's whole date span (a catalogue day inside a span is no conflict);
    a catalogue date known only to the month conflicts only when that month and the span do not meet."""
    if row.date is None:
        return False
    last = rel.latest or rel.date
    if row.extra.get("date_precision") == "month":
        first_of_month = row.date.replace(day=1)
        end_of_month = (first_of_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
        return end_of_month < rel.date or first_of_month > last
    return _gap(row.date, rel.date, last) > tolerance


def _delta(day: dt.date, rel: Rel) -> int:
    last = rel.latest or rel.date
    return (day - rel.date).days if day < rel.date else max(0, (day - last).days)


def _in_year(date: dt.date | None, year: int | None) -> bool:
    return year is None or (date is not None and date.year == year)


def _names(rows: list[SRow]) -> list[str]:
    """Every name of a finding's catalogue rows, sorted: a list, so that no reader has to split a display string."""
    return sorted({s.row.name for s in rows})


def _conflicting_tier(s: SRow, rel: Rel) -> bool:
    if s.row.tier is not Tier.UNKNOWN:
        return s.row.tier.value != rel.tier
    return s.row.openness != "unknown" and s.row.openness != rel.openness


def check_days(tolerance: int, window: int) -> None:
    if tolerance < 0 or window < 0:
        raise ModelwatchError("--tolerance and --window are days, 0 or more")


def compare(
    con: duckdb.DuckDBPyConnection,
    snap: Snapshot,
    year: int | None = None,
    orgs: list[str] | None = None,
    tolerance: int = 3,
    window: int = 90,
) -> tuple[list[Row], list[Row]]:
    """(findings, summary): what each side lacks, and date and tier conflicts, per organization."""
    rels = load_releases(con)
    rows = load_rows(con, snap)
    match(rows, rels, window, tolerance)
    wanted = set(orgs or [])

    def org_ok(org: str) -> bool:
        return not wanted or org in wanted

    findings: list[Row] = []

    def add(org: str, kind: str, rel: Rel | None, group: list[SRow], by: str = "", date: dt.date | None = None) -> None:
        first = group[0].row if group else None
        sdate = date if date is not None else (first.date if first else None)
        tiers = sorted({s.row.tier.value if s.row.tier is not Tier.UNKNOWN else s.row.openness for s in group})
        findings.append(
            {
                "org": org,
                "kind": kind,
                "release": rel.id if rel else "",
                "registry_date": rel.label if rel else None,
                "registry_tier": rel.tier if rel else "",
                "source_date": sdate,
                "source_tier": tiers,
                # signed days outside the registry's date span (0 inside it)
                "delta_days": _delta(sdate, rel) if rel and sdate else None,
                "source_rows": _names(group),
                "rows": len(group),
                "matched_by": by,
            }
        )

    # the source has, the registry lacks: unmatched rows of one organization on one day
    unmatched: dict[tuple[str, dt.date | None], list[SRow]] = defaultdict(list)
    for s in rows:
        if s.release is None and _in_year(s.row.date, year):
            for org in s.orgs:
                if org_ok(org):
                    unmatched[(org, s.row.date)].append(s)
    for (org, _), group in sorted(unmatched.items(), key=lambda kv: (kv[0][0], kv[0][1] or dt.date.min)):
        add(org, "source_only", None, group)

    matched: dict[str, list[SRow]] = defaultdict(list)
    for s in rows:
        if s.release is not None:
            matched[s.release.id].append(s)

    # the registry has, the source lacks (only releases the snapshot could know of)
    for rel in rels.values():
        if rel.id in matched or not org_ok(rel.org) or not _in_year(rel.date, year):
            continue
        if snap.as_of is not None and rel.date > snap.as_of:
            continue
        add(rel.org, "registry_only", rel, [])

    for rid, group in matched.items():
        rel = rels[rid]
        if not org_ok(rel.org) or not (_in_year(rel.date, year) or any(_in_year(s.row.date, year) for s in group)):
            continue
        own = [s for s in group if s.keys & rel.own_keys]
        group = own or group
        far: dict[dt.date, list[SRow]] = defaultdict(list)
        for s in group:
            if _date_conflict(s.row, rel, tolerance):
                far[s.row.date].append(s)  # type: ignore[index]
        for date, g in sorted(far.items()):
            add(rel.org, "date_conflict", rel, g, g[0].matched_by, date)
        tier_groups: dict[str, list[SRow]] = defaultdict(list)
        for s in group:
            if _conflicting_tier(s, rel):
                tier_groups[s.row.tier.value if s.row.tier is not Tier.UNKNOWN else s.row.openness].append(s)
        for _, g in sorted(tier_groups.items()):
            add(rel.org, "tier_conflict", rel, g, g[0].matched_by)

    order = {k: i for i, k in enumerate(KINDS)}
    findings.sort(key=lambda f: (f["org"], order[f["kind"]], str(f["registry_date"] or f["source_date"] or "")))
    return findings, _summary(con, rows, rels, findings, year, wanted)


def _summary(
    con: duckdb.DuckDBPyConnection,
    rows: list[SRow],
    rels: dict[str, Rel],
    findings: list[Row],
    year: int | None,
    wanted: set[str],
) -> list[Row]:
    names = dict(con.execute("SELECT id, name FROM organizations").fetchall())
    countries = dict(con.execute("SELECT id, country FROM organizations").fetchall())
    per: dict[str, Row] = {}

    def entry(org: str) -> Row:
        if org not in per:
            per[org] = {
                "org": org,
                "name": names.get(org, org),
                "country": countries.get(org, ""),
                "source_rows": 0,
                "source_open": 0,
                "releases": 0,
                "artifacts": 0,
                "days": 0,
                "matched_releases": 0,
                **{k: 0 for k in KINDS},
            }
        return per[org]

    unresolved = 0
    for s in rows:
        if not _in_year(s.row.date, year):
            continue
        owners = s.orgs or ([s.release.org] if s.release else [])
        if not owners:
            unresolved += 1
        for org in owners:
            if not wanted or org in wanted:
                e = entry(org)
                e["source_rows"] += 1
                e["source_open"] += s.row.openness == "open"
    days: dict[str, set[str]] = defaultdict(set)  # a release dated to a period is a day of its own
    matched = {s.release.id for s in rows if s.release}
    for rel in rels.values():
        if rel.tier == Tier.UNRELEASED.value or not _in_year(rel.date, year) or (wanted and rel.org not in wanted):
            continue
        e = entry(rel.org)
        e["releases"] += 1
        e["artifacts"] += rel.artifacts
        e["matched_releases"] += rel.id in matched
        days[rel.org].add(rel.date.isoformat() if rel.latest in (None, rel.date) else rel.id)
    for org, ds in days.items():
        per[org]["days"] = len(ds)
    for f in findings:
        entry(f["org"])[f["kind"]] += 1
    out = sorted(per.values(), key=lambda e: (-e["source_rows"], -e["releases"], e["org"]))
    if unresolved and not wanted:
        rest = entry("(unresolved)")
        rest.update(name="organization not in the alias table", source_rows=unresolved)
        out.append(rest)
    return out
