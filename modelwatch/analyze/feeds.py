"""The feeds' data: the newest releases of a scope (all, one organization, one country) and the proposals
awaiting review, as entries with stable ids and the instant each is placed at.

An entry's instant is the first day its date allows, at 00:00 UTC: a release dated to a month (2026-08) is
placed on 2026-08-01 for ordering and for the feeds' required timestamps, and says its date as written
(the label) in words; no day is made up for it. Ids are tag: URIs of the release or proposal id, so the
same release is the same entry in every build and every feed that lists it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelwatch.analyze.query import Row
from modelwatch.dates import parse_date
from modelwatch.tiers import Tier

if TYPE_CHECKING:
    from modelwatch.analyze.proposals import Proposal

LIMIT = 100  # entries per feed: the newest
TAG = "tag:modelwatch,2026:"  # the prefix of every feed's and entry's id (RFC 4151); never change it


_SAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def tag(*parts: str) -> str:
    """tag:modelwatch,2026:release:deepseek-v4, tag:modelwatch,2026:feed:country:CN (other characters
    percent-encoded, as a URI's must be)."""

    def escaped(text: str) -> str:
        return "".join(c if c in _SAFE else "".join(f"%{b:02X}" for b in c.encode()) for c in text)

    return TAG + ":".join(escaped(p) for p in parts if p)


def instant(day: dt.date) -> dt.datetime:
    """A day as the instant the feeds give: its 00:00 UTC."""
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


@dataclass(frozen=True)
class ReleaseEntry:
    id: str  # tag URI of the release id
    release: str  # the release id
    name: str
    org: str
    org_name: str
    country: str
    date: str  # as written: 2026-08-14, 2026-08, 2026-Q3, 2026, 2026-08-03..2026-08-14
    precision: str  # day, month, quarter, year, span
    earliest: dt.date
    latest: dt.date
    tier: str
    openness: str  # open, closed, unknown
    license: str
    modality: str
    artifacts: int
    source: str  # the primary source's address ('' when none)

    @property
    def updated(self) -> dt.datetime:
        return instant(self.earliest)


@dataclass(frozen=True)
class ProposalEntry:
    id: str  # tag URI of the proposal id (stable: the same evidence gives the same id)
    proposal: str
    kind: str  # release, change, member, organization
    org: str
    name: str
    date: str  # the proposed date as written ('' when none is proposed)
    day: dt.date | None  # the entry's day: the proposed date's earliest, else the newest evidence's day
    target: str  # the release a change is about ('' when none)
    fields: tuple[tuple[str, str, str], ...]  # field, value, where it came from
    evidence: tuple[tuple[str, str, str], ...]  # source, what it shows, address

    @property
    def updated(self) -> dt.datetime | None:
        return instant(self.day) if self.day else None


@dataclass(frozen=True)
class FeedData:
    id: str
    kind: str  # releases, organization, country, proposals
    key: str  # the organization id or country code ('' for the others)
    name: str  # what the feed is about, for its title: "Eagle Lab", "CN", ""
    entries: tuple[ReleaseEntry, ...] | tuple[ProposalEntry, ...]
    total: int  # how many there are in all (the feed holds the newest LIMIT)
    updated: dt.datetime  # the newest entry's instant, else the registry's covered-to day: never a build time
    note: str = ""  # why a feed is empty when it is not for want of entries


def newest_releases(rows: Iterable[Row], org_names: Mapping[str, str], limit: int = LIMIT) -> list[ReleaseEntry]:
    """The newest `limit` releases of `rows` (the rows `modelwatch releases` lists): by the earliest day
    their date allows, then by the latest (of two that may both be 2026-08-01, the month 2026-08 first),
    then by id."""
    entries = [_release(r, org_names) for r in rows]
    entries.sort(key=lambda e: e.release)
    entries.sort(key=lambda e: (e.earliest, e.latest), reverse=True)
    return entries[:limit]


def _release(r: Row, org_names: Mapping[str, str]) -> ReleaseEntry:
    d = parse_date(str(r["date"]))
    return ReleaseEntry(
        id=tag("release", r["id"]),
        release=r["id"],
        name=r["name"],
        org=r["org"],
        org_name=org_names.get(r["org"], r["org"]),
        country=r["country"] or "",
        date=d.label,
        precision=d.precision.value,
        earliest=d.earliest,
        latest=d.latest,
        tier=r["tier"],
        openness=Tier(r["tier"]).openness,
        license=r["license"] or "",
        modality=r["modality"] or "",
        artifacts=int(r["artifacts"] or 0),
        source=r.get("source") or "",
    )


def newest_proposals(props: Iterable[Proposal], limit: int = LIMIT) -> list[ProposalEntry]:
    """The newest `limit` proposals: by their day (undated ones last), then by id."""
    entries = sorted((_proposal(p) for p in props), key=lambda e: e.proposal)
    entries.sort(key=lambda e: e.day or dt.date.min, reverse=True)
    return entries[:limit]


def _proposal(p: Proposal) -> ProposalEntry:
    proposed = p.fields.get("date")
    date = str(proposed.value) if proposed is not None and proposed.value not in (None, "") else ""
    seen = [e.date for e in p.evidence if e.date is not None]
    day = p.date or (max(seen) if seen else None)
    return ProposalEntry(
        id=tag("proposal", p.id),
        proposal=p.id,
        kind=p.kind,
        org=p.org,
        name=p.name,
        date=date,
        day=day,
        target=p.target,
        fields=tuple((k, _text(v.value), v.origin) for k, v in p.fields.items() if v.value not in (None, "", [])),
        evidence=tuple((e.source, f"{e.ref}: {e.detail}" if e.detail else e.ref, e.url) for e in p.evidence),
    )


def _text(value: object) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def newest(entries: Iterable[ReleaseEntry | ProposalEntry], fallback: dt.date | None) -> dt.datetime:
    """A feed's `updated`: its newest entry's instant, else the fallback day's; stable across builds."""
    got = [e.updated for e in entries if e.updated is not None]
    if got:
        return max(got)
    return instant(fallback or dt.date(1970, 1, 1))
