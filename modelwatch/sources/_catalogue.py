"""What every catalogue source yields: typed rows, and the file they came from.

Shared by the catalogue sources (Epoch AI, OpenRouter, models.dev); it knows none of them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.tiers import Tier

HUB_URL = re.compile(r"https?://(?:www\.)?huggingface\.co/([A-Za-z0-9][A-Za-z0-9_.\-]*)(?:/([A-Za-z0-9_.\-]+))?")
_RESERVED = frozenset({"spaces", "datasets", "docs", "blog", "papers", "collections", "models", "organizations"})
_SPACE = re.compile(r"\s+")


@dataclass
class CatalogueRow:
    """One row of a catalogue, as the catalogue states it (organizations not yet resolved)."""

    row: int  # 1-based position among the file's data rows, for messages
    source_id: str
    name: str
    org_names: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    # Hub namespaces that hint at the developer when its name does not resolve
    org_hints: list[str] = field(default_factory=list)
    date: dt.date | None = None
    date_kind: str = "published"
    tier: Tier = Tier.UNKNOWN
    # open / closed / unreleased / unknown: can be known when the exact tier is not
    openness: str = "unknown"
    accessibility: str = ""
    license: str = ""
    hub_repos: list[str] = field(default_factory=list)
    url: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class CatalogueFile:
    source: str
    path: str
    sha256: str
    as_of: dt.date | None
    rows: list[CatalogueRow]
    variant: str = ""
    attribution: str = ""
    warnings: list[str] = field(default_factory=list)


def clean(text: Any) -> str:
    """Stray whitespace (trailing newlines, doubled spaces) out of a name."""
    return _SPACE.sub(" ", str(text or "")).strip()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelwatchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ModelwatchError(f"{path}: is a directory; pass a file") from None
    except OSError as exc:
        raise ModelwatchError(f"{path}: cannot be read: {exc.strerror}") from None


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
        raise ValueError(f"date {text!r} is not YYYY-MM-DD")
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


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
