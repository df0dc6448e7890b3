"""Proposals: draft records computed from what the store holds, each field with where it came from.

Sources: the latest Hub sync (clusters no registry release claims, repos clustered with a release's
members that it does not list) and the latest snapshot of each catalogue (rows no release matches,
rows whose date or tier contradicts the release they match). Rows and repos that an `[[omission]]`
accounts for are left out, so a rejection (which writes an omission) stays rejected.

Rules (docs/proposals.md):
- date: the earliest public evidence with a day (Hub repo creation, Epoch AI publication date,
  OpenRouter listing date, models.dev release date), never the day of a sync or an import;
- tier: an open tier only through a licence of licenses.toml; a closed tier only where a source
  states it (Epoch AI's accessibility, models.dev's open_weights = false); otherwise `unknown`;
- nothing is guessed: a field no source states stays empty.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.candidates import release_groups
from modelwatch.analyze.compare import Rel, SRow, load_releases, load_rows, match
from modelwatch.analyze.evidence import (
    EPOCH_PAGE,
    HUB_URL,
    Evidence,
    Item,
    Value,
    evidence_of,
    hub_item,
    release_name,
    row_item,
    slug,
    tier_fields,
)
from modelwatch.analyze.query import rows
from modelwatch.cluster import Repo, cluster_org
from modelwatch.dates import parse_date
from modelwatch.normalize.catalogue_names import name_keys
from modelwatch.records import Omission
from modelwatch.store.catalogues import license_index, org_index, snapshots
from modelwatch.tiers import Tier
from modelwatch.vocabulary import Catalogue

if TYPE_CHECKING:
    import duckdb

    from modelwatch.normalize.licenses import LicenseIndex


DATE_TOLERANCE = 3  # days a source's date may differ from the registry's before it is a contradiction


@dataclass
class Proposal:
    id: str
    kind: str  # a ProposalKind
    org: str
    key: str
    name: str
    fields: dict[str, Value] = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    target: str = ""  # the release a change is about

    @property
    def date(self) -> dt.date | None:
        """The earliest day the proposed date allows (a day, or a period's first day): for sorting and --since."""
        v = self.fields.get("date")
        if v is None or v.value is None:
            return None
        return parse_date(v.value).earliest

    def get(self, name: str, default: Any = None) -> Any:
        v = self.fields.get(name)
        return default if v is None or v.value in (None, "", []) else v.value


def proposal_id(kind: str, org: str, key: str) -> str:
    """Stable: the same evidence gives the same id on every run."""
    digest = hashlib.sha256(f"{kind}\0{org}\0{key}".encode()).hexdigest()
    return f"{kind[0]}-{digest[:10]}"


# ------------------------------------------------------------------ items: what one source shows


@functools.lru_cache(maxsize=65536)
def _keys(name: str) -> frozenset[str]:
    """Name keys, computed once per name: every row is checked against every omission."""
    return name_keys(name)


def _accounted(names: list[str], date: dt.date | None, omissions: list[Omission]) -> bool:
    """An omission of the organization names this model (and, when it gives a date, this date)."""
    keys = frozenset().union(*(_keys(n) for n in names)) if names else frozenset()
    for o in omissions:
        if o.date is not None and date is not None and o.date != date:
            continue
        if _keys(o.name) & keys:
            return True
        if o.url and any(o.url.rstrip("/") == HUB_URL + n for n in names):
            return True
    return False


# ------------------------------------------------------------------ computing


@dataclass
class Context:
    licenses: LicenseIndex
    coverage_start: dict[str, dt.date | None]
    modelsdev_aliases: dict[str, set[str]]
    namespaces: dict[str, set[str]]
    release_ids: set[str]


def _context(con: duckdb.DuckDBPyConnection) -> Context:
    index = org_index(con)
    return Context(
        licenses=license_index(con),
        coverage_start={
            r["id"]: r["coverage_start"] for r in rows(con, "SELECT id, coverage_start FROM organizations")
        },
        modelsdev_aliases={o.id: {a.casefold() for a in o.aliases.get("modelsdev", [])} for o in index.orgs.values()},
        namespaces={o.id: {a.casefold() for a in o.aliases.get("hub", [])} for o in index.orgs.values()},
        release_ids={r["id"] for r in rows(con, "SELECT id FROM releases")},
    )


def compute(
    con: duckdb.DuckDBPyConnection,
    omissions: dict[str, list[Omission]],
    orgs: list[str] | None = None,
    omitted_orgs: list[Omission] | None = None,
) -> list[Proposal]:
    """Every proposal the store's Hub data and latest catalogue snapshots give, oldest first.

    `omissions`: each organization's [[omission]] records; `omitted_orgs`: organizations left out."""
    ctx = _context(con)
    wanted = set(orgs or [])
    # a row the catalogue gives to a group (Epoch's "Google") is accounted for in any of its labs' files
    index = org_index(con)
    by_group: dict[str, list[Omission]] = defaultdict(list)
    for org_id, oms in omissions.items():
        by_group[index.group(org_id)].extend(oms)
    omissions = {o: by_group.get(index.group(o), []) for o in index.orgs}
    items: dict[str, list[Item]] = defaultdict(list)
    out: list[Proposal] = []
    hub_meta = _hub_meta(con)
    for g in release_groups(con, orgs or None):
        if g.origin == "candidate":
            for m in g.members:
                if not _accounted([m], None, omissions.get(g.org, [])):
                    items[g.org].append(hub_item(m, hub_meta.get(m.casefold(), {})))
        else:
            new = [m for m, why in g.reasons.items() if why.startswith("unclaimed")]
            new = [m for m in new if not _accounted([m], None, omissions.get(g.org, []))]
            if new:
                out.append(_member_change(g.id, g.org, new, hub_meta))
    rels = load_releases(con)
    for source in Catalogue:
        snaps = snapshots(con, source)
        if not snaps:
            continue
        snap = max(snaps, key=lambda s: (s.as_of or dt.date.min, s.import_id))
        srows = load_rows(con, snap)
        match(srows, rels, 90, DATE_TOLERANCE)
        unresolved: dict[str, list[SRow]] = defaultdict(list)
        for s in srows:
            if not s.orgs:
                for name in s.row.org_names or s.row.org_hints[:1]:
                    unresolved[name].append(s)
                continue
            lead = s.orgs[0]
            if wanted and lead not in wanted:
                continue
            if s.release is not None:
                out.extend(_row_changes(source, s, rels[s.release.id], omissions, ctx))
                continue
            start = ctx.coverage_start.get(lead)
            if start and s.row.date and s.row.date < start:
                continue  # before the period the organization's file covers
            if _accounted([s.row.name, s.row.source_id], s.row.date, omissions.get(lead, [])):
                continue
            first_party = any(s.row.source_id.casefold().startswith(a + "/") for a in ctx.modelsdev_aliases[lead])
            item = row_item(source, s, first_party)
            if item.stated_tier == Tier.UNRELEASED.value:
                out.append(_omission(lead, item))  # rule 6: announced, never usable: not a release
            else:
                items[lead].append(item)
        if not wanted:
            left_out = omitted_orgs or []
            out.extend(p for p in _org_proposals(source, unresolved) if not _accounted([p.name], None, left_out))
    for org, its in sorted(items.items()):
        out.extend(_release_proposals(org, its, omissions.get(org, []), ctx))
    out = _merge_same_id(out)
    out.sort(key=lambda p: (p.date or dt.date.max, p.org, p.kind, p.id))
    return out


def _merge_same_id(props: list[Proposal]) -> list[Proposal]:
    """Two snapshots naming one organization yield one proposal with both sources' evidence."""
    seen: dict[str, Proposal] = {}
    for p in props:
        if p.id in seen:
            first = seen[p.id]
            first.evidence.extend(p.evidence)
            if p.kind == "organization":
                aliases = {**first.fields["aliases"].value, **p.fields["aliases"].value}
                first.fields["aliases"] = Value(aliases, "the spellings the catalogues use")
        else:
            seen[p.id] = p
    return list(seen.values())


def _hub_meta(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, Any]]:
    # seen_at: when the first sync that listed the repo (public) ran, the latest its public day can be
    got = rows(
        con,
        "SELECT a.repo_id, a.created_at, a.license, a.pipeline_tag, a.org_id, i.retrieved_at AS seen_at "
        "FROM hub_artifacts a LEFT JOIN imports i ON i.import_id = a.first_import_id",
    )
    return {r["repo_id"].casefold(): r for r in got}


def _member_change(release: str, org: str, new: list[str], hub_meta: dict[str, dict[str, Any]]) -> Proposal:
    key = f"{release}|members|{'|'.join(sorted(m.casefold() for m in new))}"
    p = Proposal(proposal_id("change", org, key), "change", org, key, f"{release}: {len(new)} new members")
    p.target = release
    p.fields["members"] = Value(sorted(new), "Hub repos clustered with the release's members (counting rules)")
    for m in sorted(new):
        p.evidence.append(evidence_of(hub_item(m, hub_meta.get(m.casefold(), {}))))
    return p


def _row_changes(
    source: str, s: SRow, found: Rel, omissions: dict[str, list[Omission]], ctx: Context
) -> list[Proposal]:
    """A matched row whose day is earlier than the release's date allows, or that gives the day inside a
    release dated only to a period; or whose stated tier contradicts it."""
    assert s.release is not None
    org, rel, row = s.release.org, s.release.id, s.row
    reg_date, reg_tier, reg_last = found.date, found.tier, found.latest or found.date
    it = row_item(source, s, False)
    out: list[Proposal] = []
    start = ctx.coverage_start.get(org)
    earlier = row.date is not None and (reg_date - row.date).days > DATE_TOLERANCE
    # a day inside a period the registry could only give: the evidence is more precise
    sharper = row.date is not None and reg_last != reg_date and reg_date <= row.date <= reg_last
    if (
        row.date is not None
        and it.day_precise
        and not (start and row.date < start)  # before the file's scope: the file could not take it
        and (earlier or sharper)
        and not _accounted([row.name, row.source_id], row.date, omissions.get(org, []))
    ):
        key = f"{rel}|date|{row.date.isoformat()}"
        p = Proposal(proposal_id("change", org, key), "change", org, key, f"{rel}: date {row.date}")
        p.target = rel
        how = (
            f"earlier than the registry's {found.label}" if earlier else f"the day, inside the registry's {found.label}"
        )
        p.fields["date"] = Value(row.date, f"{source}: {it.detail} ({how})")
        p.evidence.append(evidence_of(it))
        out.append(p)
    tier = Tier(it.stated_tier) if it.stated_tier else None
    if tier is None and row.license and row.openness == "open":
        lic = ctx.licenses.resolve(row.license)
        tier = lic.tier if lic else None
    contradicts = tier is not None and tier.openness != Tier(reg_tier).openness and tier is not Tier.UNRELEASED
    if tier is not None and contradicts and not _accounted([row.name, row.source_id], None, omissions.get(org, [])):
        assert tier is not None
        key = f"{rel}|tier|{tier.value}"
        p = Proposal(proposal_id("change", org, key), "change", org, key, f"{rel}: tier {tier.value}")
        p.target = rel
        p.fields["tier"] = Value(tier.value, f"{source}: {it.detail or row.license}")
        p.evidence.append(evidence_of(it))
        out.append(p)
    return out


def _omission(org: str, it: Item) -> Proposal:
    """A row the catalogue says was never released: the registry leaves it out, with the reason."""
    key = f"{slug(it.name)}|{it.date}"
    p = Proposal(proposal_id("omission", org, key), "omission", org, key, it.name)
    p.fields["name"] = Value(it.name, f"{it.source}: the model as the catalogue names it")
    p.fields["catalogue"] = Value(it.source, "the catalogue that lists it")
    p.fields["date"] = Value(it.date, f"{it.source}: {it.detail}")
    label = {"epoch": "Epoch AI", "openrouter": "OpenRouter", "modelsdev": "models.dev"}[it.source]
    p.fields["reason"] = Value(
        f"without public weights or API ({label}: unreleased): not a release (rule 6)",
        f"{it.source}: {it.detail}",
    )
    if it.url and it.url != EPOCH_PAGE:
        p.fields["url"] = Value(it.url, f"{it.source}: the row's link")
    p.evidence.append(evidence_of(it))
    return p


def _org_proposals(source: str, unresolved: dict[str, list[SRow]]) -> list[Proposal]:
    alias_kind = Catalogue(source).value  # a catalogue's aliases are of its own kind (records.ALIAS_KINDS)
    out: list[Proposal] = []
    for name, srows in sorted(unresolved.items()):
        recent = [s for s in srows if s.row.date is None or s.row.date.year >= 2024]
        if not recent or not name.strip():
            continue
        key = slug(name)
        p = Proposal(proposal_id("organization", key, key), "organization", key, key, name)
        p.fields["id"] = Value(key, f"{source}: the organization's name, as a slug")
        p.fields["name"] = Value(name, f"{source}: the organization as the catalogue names it")
        p.fields["country"] = Value("", "left empty until a curator sets it")
        p.fields["aliases"] = Value({alias_kind: [name]}, f"{source}: the spelling the catalogue uses")
        countries = sorted({c for s in recent for i, c in enumerate(s.row.countries) if c})
        for s in sorted(recent, key=lambda s: (s.row.date or dt.date.max, s.row.name))[:10]:
            p.evidence.append(Evidence(source, s.row.name, s.row.date, f"row {s.row.row}", s.row.url))
        if countries:
            p.evidence.append(Evidence(source, name, None, "the catalogue's country: " + ", ".join(countries)))
        out.append(p)
    return out


def _pseudo(it: Item, n: int) -> str:
    """A repo-like id for clustering: the catalogue's name with its spaces as dashes."""
    if it.source == "hub":
        return it.ref
    own = it.ref.rsplit("/", 1)[-1] if it.source == "openrouter" else it.name
    return f"{it.source}.{n}/{re.sub(r'[^A-Za-z0-9_.]+', '-', own).strip('-') or 'x'}"


def _release_proposals(org: str, its: list[Item], omissions: list[Omission], ctx: Context) -> list[Proposal]:
    """Group one organization's unaccounted repos and rows into releases by the counting rules."""
    by_pseudo: dict[str, list[Item]] = defaultdict(list)
    repos: list[Repo] = []
    for n, it in enumerate(its):
        pid = _pseudo(it, n)
        if pid not in by_pseudo:
            repos.append(Repo(pid, it.date))
        by_pseudo[pid].append(it)
    out: list[Proposal] = []
    used_ids = set(ctx.release_ids)
    start = ctx.coverage_start.get(org)
    for cl in cluster_org(org, repos):
        group = [it for m in cl.members for it in by_pseudo[m.repo_id]]
        name = release_name(group)
        if _accounted([name], None, omissions):
            continue
        if start and cl.first_created and cl.first_created < start:
            continue  # before the period the organization's file covers (old repos never claimed)
        key = cl.id.removeprefix(f"{org}-")
        p = Proposal(proposal_id("release", org, key), "release", org, key, name)
        p.fields = _release_fields(org, cl.family, name, group, ctx, used_ids, cl.rule, cl.sizes)
        p.evidence = [evidence_of(it) for it in group]
        out.append(p)
    return out


def _date_fields(group: list[Item]) -> dict[str, Value]:
    """The proposed date, as precise as its evidence (docs/proposals.md): the earliest catalogue day; else the
    earliest catalogue month; else from the Hub, a span from the repo's creation day (the weights cannot have
    been public before the repo existed, perhaps private) to the day a sync first saw it public. Never the day
    of a sync alone."""
    dated = sorted((it for it in group if it.date is not None and it.day_precise), key=lambda i: (i.date, i.source))
    if dated:
        first = dated[0]
        return {"date": Value(first.date, f"earliest public evidence: {first.source} {first.ref}, {first.detail}")}
    months = sorted(
        (it for it in group if it.date is not None and it.source != "hub"), key=lambda i: i.date or dt.date.max
    )
    if months:
        first = months[0]
        assert first.date is not None
        label = f"{first.date.year}-{first.date.month:02d}"
        why = f"only the month is given: {first.source} {first.ref}, {first.detail}"
        return {"date": Value(label, why), "date_source": Value(first.url, "the page that gives the month")}
    hub = sorted((it for it in group if it.source == "hub" and it.date), key=lambda i: i.date or dt.date.max)
    if hub:
        first = hub[0]
        assert first.date is not None
        seen = min((it.latest for it in hub if it.latest), default=None)
        if seen is not None:
            value: dt.date | str = first.date if seen <= first.date else f"{first.date}..{seen}"
            why = (
                f"no earlier than the Hub repo {first.ref} was created ({first.date}), no later than the first "
                f"sync that listed it public ({seen}); narrow it with the release post (accept --date)"
            )
            return {"date": Value(value, why), "date_source": Value(first.url, "the Hub repo's page")}
        return {"date": Value(None, f"the Hub repo {first.ref} was created on {first.date}; no sync day is known")}
    return {"date": Value(None, "no source gives a day or a period")}


def _release_fields(
    org: str,
    family: str,
    name: str,
    group: list[Item],
    ctx: Context,
    used_ids: set[str],
    rule: str,
    sizes: list[str],
) -> dict[str, Value]:
    f: dict[str, Value] = {}
    rid, n = slug(name), 2
    while rid in used_ids:
        rid, n = f"{slug(name)}-{n}", n + 1
    used_ids.add(rid)
    f["id"] = Value(rid, "the name, as a slug")
    f["name"] = Value(name, "a catalogue's name for it" if any(i.source != "hub" for i in group) else "a Hub repo name")
    f["family"] = Value(slug(family), f"the counting rules' family key ({rule})")
    f.update(_date_fields(group))
    hub_days = sorted(it.date for it in group if it.source == "hub" and it.date)
    if hub_days:
        f["hub_created"] = Value(hub_days[0], "earliest Hub creation date of its repos")
    f.update(tier_fields(group, ctx.licenses))
    mods = sorted({it.modality for it in group if it.modality})
    if len(mods) == 1:
        src = next(it for it in group if it.modality)
        f["modality"] = Value(mods[0], f"{src.source} {src.ref}")
    else:
        f["modality"] = Value("", "sources disagree: " + ", ".join(mods) if mods else "no source states it")
    if sizes and any(it.source == "hub" for it in group):
        f["sizes"] = Value(sizes, "stated in the repo names")
    spaces = ctx.namespaces.get(org, set())
    members = sorted({r for it in group for r in it.hub_repos if r.split("/", 1)[0].casefold() in spaces})
    if members:
        f["members"] = Value(members, "Hub repos of the organization's namespaces")
    api = sorted({it.api_id for it in group if it.api_id})
    if api:
        f["api_models"] = Value(api, "models.dev, the organization's own provider")
    devs = sorted({d for it in group for d in it.developers if d != org})
    if devs:
        f["developers"] = Value(devs, "further organizations the catalogue names")
    urls: list[str] = []
    for it in sorted(group, key=lambda i: (i.date or dt.date.max, i.source)):
        if it.url and it.url not in urls:
            urls.append(it.url)
    f["sources"] = Value(urls[:3], "the pages of the evidence")
    return f
