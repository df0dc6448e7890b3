"""The feeds as Atom 1.0 (RFC 4287) and JSON Feed 1.1 documents: rendering only, from analyze.feeds' data.

Text is only ever text: Atom is built with ElementTree (which escapes it) and every text construct is
type="text"; JSON Feed items carry content_text, never HTML. Characters XML 1.0 cannot hold at all (control
characters) are replaced, so a hostile name cannot make the document unreadable.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass

from modelwatch.analyze.feeds import LIMIT, FeedData, ProposalEntry, ReleaseEntry
from modelwatch.version import __version__

ATOM_NS = "http://www.w3.org/2005/Atom"
ATOM_TYPE = "application/atom+xml"
JSON_TYPE = "application/feed+json"
JSON_VERSION = "https://jsonfeed.org/version/1.1"
# what XML 1.0 cannot hold even escaped (https://www.w3.org/TR/xml/#charsets)
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

WHEN = {
    "day": "on {d}",
    "month": "in {d} (dated to a month: the day is not known)",
    "quarter": "in {d} (dated to a quarter: the day is not known)",
    "year": "in {d} (dated to a year: the day is not known)",
    "span": "between {a} and {b} (the day is not known)",
}
OPENNESS = {"open": "Open weights", "closed": "Closed: API or hosted only", "unknown": "Openness unknown"}
PLACED = (
    "An entry's timestamp is the first day its date allows, at 00:00 UTC; its title and text give the date as "
    "known (a day, a month, a quarter, a year or a span)."
)


@dataclass(frozen=True)
class Addresses:
    """Where a feed's links point (the site's own addresses, given by the web layer)."""

    atom: str  # the feed itself as Atom
    json: str  # and as JSON Feed
    page: str  # the page the feed is about
    entry: Callable[[ReleaseEntry | ProposalEntry], str]  # an entry's page


def title(data: FeedData) -> str:
    return {
        "releases": "modelwatch: AI model releases",
        "organization": f"modelwatch: releases by {data.name}",
        "country": f"modelwatch: releases from organizations in {data.name}",
        "proposals": "modelwatch: proposals awaiting review",
    }[data.kind]


def description(data: FeedData) -> str:
    if data.kind == "proposals" and not data.total:
        return f"No proposal awaits review. {data.note[:1].upper() + data.note[1:]}. " if data.note else PLACED
    if data.kind == "proposals":
        head = (
            f"The {len(data.entries)} newest of {data.total} proposals awaiting a curator's review (newest first by "
            f"the proposed date, else the newest evidence; at most {LIMIT}), computed from the store's latest Hub "
            "sync and catalogue snapshots. "
        )
        return head + PLACED
    return (
        f"The {len(data.entries)} newest of {data.total} releases (unit: release events; at most {LIMIT}), newest "
        "first; announced-but-unavailable models are left out. " + PLACED
    )


def _when(e: ReleaseEntry) -> str:
    return WHEN[e.precision].format(d=e.date, a=e.earliest.isoformat(), b=e.latest.isoformat())


def _release_title(e: ReleaseEntry) -> str:
    return f"{e.name} — {e.org_name}, {e.date}"


def _release_text(e: ReleaseEntry) -> str:
    tier = e.tier + (f", licence {e.license}" if e.license else "")
    parts = [
        f"{e.org_name} ({e.country or 'country not recorded'}) made {e.name} public {_when(e)}.",
        f"{OPENNESS.get(e.openness, e.openness)} (tier {tier}); modality {e.modality or 'not recorded'}; "
        f"{e.artifacts} artifact{'' if e.artifacts == 1 else 's'}.",
        f"Source: {e.source}." if e.source else "No source address recorded.",
    ]
    return " ".join(parts)


def _proposal_title(e: ProposalEntry) -> str:
    return f"Proposed {e.kind}: {e.name} ({e.org})" + (f", {e.date}" if e.date else "")


def _proposal_text(e: ProposalEntry) -> str:
    about = f" about release {e.target}" if e.target else ""
    fields = "; ".join(f"{k} {v} (from {origin})" for k, v, origin in e.fields) or "no field"
    evidence = "; ".join(f"{s}: {what}" + (f" <{url}>" if url else "") for s, what, url in e.evidence) or "none"
    article = "An" if e.kind[:1] in "aeiou" else "A"
    return (
        f"{article} {e.kind} proposal for {e.org}{about}. Fields: {fields}. Evidence: {evidence}. "
        f"Review it with `modelwatch proposals show {e.proposal}`, then `modelwatch accept {e.proposal}` or "
        f"`modelwatch reject {e.proposal} --reason ...`."
    )


def _stamp(when: dt.datetime) -> str:
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _parts(data: FeedData, e: ReleaseEntry | ProposalEntry) -> tuple[str, str, str, dt.datetime, list[str], list[str]]:
    """title, text, author, instant, outside addresses, tags"""
    if isinstance(e, ReleaseEntry):
        tags = [e.tier, e.openness, e.modality, e.country]
        return _release_title(e), _release_text(e), e.org_name, e.updated, [e.source], tags
    urls = [url for _, _, url in e.evidence]
    return _proposal_title(e), _proposal_text(e), e.org, e.updated or data.updated, urls, [e.kind, e.org]


def atom(data: FeedData, to: Addresses) -> bytes:
    """The feed as an Atom 1.0 document."""
    ET.register_namespace("", ATOM_NS)

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        el = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
        if text is not None:
            el.text = _clean(text)
        return el

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    sub(feed, "id", data.id)
    sub(feed, "title", title(data), type="text")
    sub(feed, "subtitle", description(data), type="text")
    sub(feed, "updated", _stamp(data.updated))
    sub(sub(feed, "author"), "name", "modelwatch")
    sub(feed, "generator", "modelwatch", version=__version__)
    sub(feed, "link", rel="self", type=ATOM_TYPE, href=to.atom)
    sub(feed, "link", rel="alternate", type="text/html", href=to.page)
    sub(feed, "link", rel="alternate", type=JSON_TYPE, href=to.json)
    for e in data.entries:
        head, text, author, when, outside, tags = _parts(data, e)
        entry = sub(feed, "entry")
        sub(entry, "id", e.id)
        sub(entry, "title", head, type="text")
        sub(entry, "updated", _stamp(when))
        if isinstance(e, ReleaseEntry):
            sub(entry, "published", _stamp(when))
        sub(sub(entry, "author"), "name", author)
        sub(entry, "link", rel="alternate", type="text/html", href=to.entry(e))
        for url in dict.fromkeys(u for u in outside if u):
            sub(entry, "link", rel="related", href=url)
        sub(entry, "summary", text, type="text")
        for t in dict.fromkeys(t for t in tags if t):
            sub(entry, "category", term=t)
    ET.indent(feed)
    body: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body + b"\n"


def json_feed(data: FeedData, to: Addresses) -> bytes:
    """The feed as a JSON Feed 1.1 document."""
    items = []
    for e in data.entries:
        head, text, author, when, outside, tags = _parts(data, e)
        item: dict[str, object] = {"id": e.id, "url": to.entry(e)}
        first = next((u for u in outside if u), "")
        if first:
            item["external_url"] = first
        item.update(
            title=head,
            content_text=text,
            date_published=_stamp(when),
            authors=[{"name": author}],
            tags=list(dict.fromkeys(t for t in tags if t)),
        )
        item["_modelwatch"] = _extension(e)
        items.append(item)
    body = {
        "version": JSON_VERSION,
        "title": title(data),
        "home_page_url": to.page,
        "feed_url": to.json,
        "description": description(data),
        "language": "en",
        "authors": [{"name": "modelwatch"}],
        "_modelwatch": {"id": data.id, "updated": _stamp(data.updated), "total": data.total, "limit": LIMIT},
        "items": items,
    }
    text = json.dumps(body, ensure_ascii=False, indent=1)
    # < > & only occur inside strings here: escaped, the document stays inert if a page ever embeds it
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return (text + "\n").encode()


def _extension(e: ReleaseEntry | ProposalEntry) -> dict[str, object]:
    """What a program reading the feed needs: the record's fields, the date as written and its bounds."""
    if isinstance(e, ReleaseEntry):
        return {
            "release": e.release,
            "org": e.org,
            "country": e.country,
            "date": e.date,
            "date_precision": e.precision,
            "date_earliest": e.earliest.isoformat(),
            "date_latest": e.latest.isoformat(),
            "tier": e.tier,
            "license": e.license,
            "artifacts": e.artifacts,
        }
    return {"proposal": e.proposal, "kind": e.kind, "org": e.org, "date": e.date, "release": e.target}
