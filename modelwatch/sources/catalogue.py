"""What the catalogue sources share: reading a file with limits, and parsing its dates, links and text.

Shared by the catalogue sources (Epoch AI, OpenRouter, models.dev); it knows none of them. The rows and
files they yield are records (modelwatch.records), read by the stages above.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.files import read_input
from modelwatch.records import Skipped

# A catalogue file larger than this is not one (Epoch's bundle unpacks to a few MB, models.dev's
# api.json and OpenRouter's list to a few MB more): refused before it fills the memory.
MAX_BYTES = 256 * 2**20
# How many skipped rows an import lists (in its output and its provenance); all are counted.
LISTED = 5
# What a malformed row can raise while it is parsed: the row is skipped, never the import.
ROW_ERRORS = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)

HUB_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/([A-Za-z0-9][A-Za-z0-9_.\-]*)(?:/([A-Za-z0-9_.\-]+))?")
_RESERVED = frozenset({"spaces", "datasets", "docs", "blog", "papers", "collections", "models", "organizations"})
_SPACE = re.compile(r"\s+")


def skipped_warnings(skipped: list[Skipped], total: int) -> list[str]:
    """The count of skipped rows, then the first few, each on its own line."""
    if not skipped:
        return []
    shown = [f"skipped {s.line()}" for s in skipped[:LISTED]]
    more = f"; the first {LISTED} follow" if len(skipped) > LISTED else ""
    return [f"{len(skipped)} of {total} rows skipped for a problem in the row{more}", *shown]


def check_text(value: Any, depth: int = 0) -> None:
    """Refuse text no store can hold (a lone surrogate such as \\ud83d) or nesting past any sense."""
    if depth > 64:
        raise ValueError("nested more than 64 levels deep")
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("holds text that is not valid Unicode (a lone surrogate)") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            check_text(k, depth + 1)
            check_text(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            check_text(v, depth + 1)


def load_json(data: bytes, label: str) -> Any:
    """A JSON document, or a one-line error: not JSON, or nested past what the parser can follow."""
    import json

    try:
        return json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ModelwatchError(f"{label}: not valid JSON: {exc}") from None
    except RecursionError:
        raise ModelwatchError(f"{label}: not valid JSON: nested too deeply") from None


def clean(text: Any) -> str:
    """Stray whitespace (trailing newlines, doubled spaces) out of a name."""
    return _SPACE.sub(" ", str(text or "")).strip()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    return read_input(path, "a file", MAX_BYTES, "catalogue file")


def hub_links(text: str) -> tuple[list[str], list[str]]:
    """Hub repo ids and bare namespaces named by the URLs in `text` (links separated by anything)."""
    repos: list[str] = []
    namespaces: list[str] = []
    for m in HUB_URL.finditer(text or ""):
        owner, name = m.group(1), m.group(2)
        if owner in _RESERVED:
            continue
        if name and name not in ("tree", "blob", "resolve", "discussions"):
            rid = f"{owner}/{name.removesuffix('.git')}"
            if rid not in repos:
                repos.append(rid)
        elif owner not in namespaces:
            namespaces.append(owner)
    return repos, namespaces


def parse_day(text: str) -> dt.date | None:
    """YYYY-MM-DD (a time after it is ignored), or YYYY-MM (the first of the month); '' -> None."""
    text = (text or "").strip()
    if not text:
        return None
    m = re.match(r"^(\d{4})-(\d{2})(?:-(\d{2}))?", text)
    if not m:
        raise ValueError(f"date {text[:40]!r} is not YYYY-MM-DD")
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        raise ValueError(f"date {text[:40]!r} is not a day of the calendar") from None


def snapshot_day(values: Iterable[object], today: dt.date | None = None) -> dt.date | None:
    """A snapshot's date: the latest real day among `values` (dates, or text starting YYYY-MM-DD).

    An impossible day (2025-02-30) or one after today is no evidence of when the file was made: a single
    `Last modified` of 9999-12-31 would otherwise make that snapshot the latest one for ever.
    """
    limit = (today or dt.date.today()) + dt.timedelta(days=1)  # a day of slack for time zones
    days: list[dt.date] = []
    for v in values:
        if isinstance(v, dt.datetime):
            v = v.date()
        if not isinstance(v, dt.date):
            try:
                v = parse_day(str(v or ""))
            except ValueError:
                continue
        if v is not None and v <= limit:
            days.append(v)
    return max(days, default=None)
