"""What the feed specifications require, checked on a document: Atom 1.0 (RFC 4287) through feedparser and
the elements a feed and each entry must have; JSON Feed 1.1 (https://jsonfeed.org/version/1.1), which
feedparser 6 does not read, through its required members and types."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET
from typing import Any

A = "{http://www.w3.org/2005/Atom}"
# RFC 3339 date-time, in UTC as these feeds give it
UTC_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def atom_problems(body: bytes) -> list[str]:
    import feedparser

    problems = []
    parsed = feedparser.parse(body)
    if parsed.bozo:
        problems.append(f"feedparser: {parsed.bozo_exception}")
    if parsed.version != "atom10":
        problems.append(f"feedparser reads it as {parsed.version!r}, not atom10")
    root = ET.fromstring(body)
    if root.tag != A + "feed":
        return [*problems, f"root is {root.tag}"]
    feed_author = root.find(A + "author/" + A + "name") is not None
    for name in ("id", "title", "updated"):
        if root.find(A + name) is None or not (root.findtext(A + name) or "").strip():
            problems.append(f"feed: no {name}")
    if not UTC_STAMP.match(root.findtext(A + "updated") or ""):
        problems.append(f"feed: updated {root.findtext(A + 'updated')!r} is not an RFC 3339 UTC instant")
    ids = []
    for i, entry in enumerate(root.findall(A + "entry")):
        for name in ("id", "title", "updated"):
            if not (entry.findtext(A + name) or "").strip():
                problems.append(f"entry {i}: no {name}")
        if not UTC_STAMP.match(entry.findtext(A + "updated") or ""):
            problems.append(f"entry {i}: updated is not an RFC 3339 UTC instant")
        if not feed_author and entry.find(A + "author/" + A + "name") is None:
            problems.append(f"entry {i}: no author, and the feed has none")
        if not any(link.get("rel", "alternate") == "alternate" for link in entry.findall(A + "link")):
            problems.append(f"entry {i}: no alternate link and no content")
        ids.append(entry.findtext(A + "id"))
    if len(ids) != len(set(ids)):
        problems.append("entry ids repeat")
    return problems


def json_feed_problems(body: bytes) -> list[str]:
    feed: Any = json.loads(body)
    problems = []
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append(f"version is {feed.get('version')!r}")
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("no title")
    for name in ("home_page_url", "feed_url", "description"):
        if name in feed and not isinstance(feed[name], str):
            problems.append(f"{name} is not a string")
    if not isinstance(feed.get("items"), list):
        return [*problems, "items is not a list"]
    ids = []
    for i, item in enumerate(feed["items"]):
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append(f"item {i}: id is not a non-empty string")
        if not isinstance(item.get("content_text"), str) and not isinstance(item.get("content_html"), str):
            problems.append(f"item {i}: neither content_text nor content_html")
        for name in ("url", "external_url", "title", "summary"):
            if name in item and not isinstance(item[name], str):
                problems.append(f"item {i}: {name} is not a string")
        for name in ("date_published", "date_modified"):
            if name in item:
                try:
                    dt.datetime.fromisoformat(item[name])
                except (TypeError, ValueError):
                    problems.append(f"item {i}: {name} {item[name]!r} is not RFC 3339")
                if not UTC_STAMP.match(str(item[name])):
                    problems.append(f"item {i}: {name} is not in UTC")
        for author in item.get("authors", []):
            if not isinstance(author, dict) or not isinstance(author.get("name"), str):
                problems.append(f"item {i}: an author without a name")
        if not all(isinstance(t, str) for t in item.get("tags", [])):
            problems.append(f"item {i}: a tag that is not a string")
        ids.append(item.get("id"))
    if len(ids) != len(set(ids)):
        problems.append("item ids repeat")
    return problems
