"""Consistency checks across the curated files, beyond what one record can say."""

from __future__ import annotations

import datetime as dt
import re

from modelwatch.errors import Problem
from modelwatch.records import OPEN_TIERS, SLUG, Release, Tier
from modelwatch.sources.registry import Registry


def _org_problems(reg: Registry) -> list[Problem]:
    out: list[Problem] = []
    seen_ns: dict[str, str] = {}
    for org in reg.organizations.values():
        rel, rec = reg.org_files[org.id], f"organization {org.id}"
        if org.parent:
            parent = reg.organizations.get(org.parent)
            if parent is None:
                out.append(Problem(rel, rec, f"parent {org.parent!r} is not a known organization"))
            elif parent.parent:
                out.append(Problem(rel, rec, f"parent {org.parent!r} has a parent itself; groups are one level"))
        for ns in org.aliases.get("hub", []):
            other = seen_ns.setdefault(ns.casefold(), org.id)
            # Labs of one group may publish under one namespace (google: DeepMind and Research).
            if other != org.id and reg.organizations[other].group != org.group:
                out.append(Problem(rel, rec, f"Hub namespace {ns!r} is also claimed by {other}"))
        if org.coverage_start and org.coverage_end and org.coverage_start > org.coverage_end:
            out.append(Problem(rel, rec, "coverage_start is after coverage_end"))
    return out


def _release_problems(reg: Registry, today: dt.date) -> list[Problem]:
    out: list[Problem] = []
    first_file: dict[str, str] = {}
    member_owner: dict[str, str] = {}
    # an unreadable licences file is one problem, not one more for every release that names a licence
    licences_read = not any(p.file == "licenses.toml" and p.record == "file" for p in reg.problems)
    # a licence missing from licenses.toml (or refused there) is one problem, naming how many releases cite it
    unlisted: dict[str, list[tuple[str, str]]] = {}
    for r in reg.releases:
        org = reg.organizations[r.org]
        rel, rec = reg.org_files[r.org], f"release {r.id}"

        def bad(msg: str, rel: str = rel, rec: str = rec) -> None:
            out.append(Problem(rel, rec, msg))

        if r.id in first_file:
            bad(f"duplicate release id (first in {first_file[r.id]})")
        first_file.setdefault(r.id, rel)
        if not SLUG.match(r.family):
            bad(f"family {r.family!r} is not a slug")
        if not r.sources:
            bad("no source URL")
        if r.date.earliest > today:
            bad(f"date {r.date} is in the future")
        elif r.date.latest > today:
            bad(f"date {r.date} ends after today; end the span on the last day a source shows it usable")
        # coverage_end is the day of the last complete review: a release found after it is news, not an error
        if org.coverage_start and r.date.earliest < org.coverage_start:
            bad(f"date {r.date} is before the file's coverage_start {org.coverage_start}")
        if r.announced and r.announced > r.date.earliest + dt.timedelta(days=366):
            bad(f"announced {r.announced} is over a year after the release date")
        out.extend(Problem(rel, rec, msg) for msg in _date_support(r))
        if r.tier in OPEN_TIERS:
            if not r.license:
                bad(f"tier {r.tier.value} needs a licence")
            elif r.license not in reg.licenses:
                if licences_read:
                    unlisted.setdefault(r.license, []).append((rel, rec))
            elif reg.licenses[r.license].tier != r.tier:
                lic_tier = reg.licenses[r.license].tier.value
                bad(f"tier {r.tier.value} contradicts licence {r.license} ({lic_tier})")
        elif r.license and r.license in reg.licenses and r.tier is not Tier.UNKNOWN:
            bad(f"closed tier {r.tier.value} with an open-weights licence {r.license!r}")
        elif r.license and r.license not in reg.licenses and licences_read:
            unlisted.setdefault(r.license, []).append((rel, rec))
        namespaces = {ns.casefold() for ns in org.aliases.get("hub", [])}
        for dev in r.developers:
            if dev == r.org:
                bad(f"developer {dev!r} is the lead organization; list co-developers only")
            elif dev not in reg.organizations:
                bad(f"developer {dev!r} is not a known organization")
            else:
                namespaces |= {ns.casefold() for ns in reg.organizations[dev].aliases.get("hub", [])}
        for kind, ids in (("member", r.members), ("api model", r.api_models)):
            seen = [i.casefold() for i in ids]
            for twice in sorted({i for i in seen if seen.count(i) > 1}):
                bad(f"{kind} {twice!r} is listed twice (each artifact counts once)")
        for m in r.members:
            if m.split("/", 1)[0].casefold() not in namespaces:
                bad(f"member {m!r} is not under a Hub namespace of {r.org} (aliases.hub)")
            owner = member_owner.setdefault(m.casefold(), r.id)
            if owner != r.id:
                bad(f"member {m!r} is also a member of release {owner}")
    # a licence whose own entry was refused above is one line in all, not one for every release naming it
    refused = {p.record.removeprefix("license ") for p in reg.problems if p.file == "licenses.toml"}
    knock_on = {lic: citing for lic, citing in unlisted.items() if lic in refused}
    for lic, citing in unlisted.items():
        if lic in knock_on:
            continue
        more = f" (and {len(citing) - 1} more release(s) name it)" if len(citing) > 1 else ""
        out.append(Problem(citing[0][0], citing[0][1], f"licence {lic!r} is not in licenses.toml{more}"))
    if knock_on:
        n = sum(len(c) for c in knock_on.values())
        out.append(
            Problem(
                "licenses.toml",
                "file",
                f"{n} release(s) name {len(knock_on)} of the licences refused above; fix those entries first",
            )
        )
    return out


# A note that says the day is not known, beside a date written as a day: a month or a span was written as a
# made-up day (the first of the month for "some day in August").
_DAY_UNKNOWN = re.compile(
    r"\b(day (is |was )?(not known|unknown|not given)|no day (is )?given|only the month|month only)\b", re.I
)


def _date_support(r: Release) -> list[str]:
    """A date coarser than a day must name the listed source that gives that period, and a date written as a
    day must not be one the record's own note says is unknown (docs/data-format.md)."""
    if r.date.is_day and (found := _DAY_UNKNOWN.search(r.note)):
        return [
            f"date {r.date} is written as a day but the note says {found[0]!r}: write the period a source gives "
            f'("{r.date.earliest:%Y-%m}" or a span first..last) with its date_source'
        ]
    if r.date_source and r.date_source not in r.sources:
        return [f"date_source {r.date_source} is not one of the release's sources"]
    if not r.date.is_day and not r.date_source:
        return [
            f"date {r.date} is a {r.date.precision.value}: date_source must name the listed source that gives it "
            "(a day when a source gives the day)"
        ]
    return []


def validate(reg: Registry, today: dt.date | None = None) -> list[Problem]:
    """Every problem of the registry, parse errors first, in file order."""
    today = today or dt.date.today()
    return [*reg.problems, *_org_problems(reg), *_release_problems(reg, today)]
