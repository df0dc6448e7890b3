"""Artifacts -> release events, by the counting rules of docs/counting-rules.md, each with the rule that grouped it.

One organization's repos are grouped as follows:
1. repos of one family (same family key, version and date code, see `normalize.names`) whose Hub
   creation dates fall within `window_days` of the first one are one release (rules 1, 2, 8);
2. a date code or a new version makes another key, hence another release (rule 4); so does the same
   family coming back after the window (new sizes weeks later);
3. a re-pack (FP8, GGUF, ...) joins the release of the model it packages, whenever it was published
   (rule 3); a re-pack whose model is not listed joins the nearest release of its family.
Third-party repos never reach this module (rule 7): callers pass one organization's repos.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from modelwatch.normalize.names import ModelName, parse_repo_id

WINDOW_DAYS = 14
COMPANION_DAYS = 2
# Words that make a family of its own when they extend another family's name (rule 5).
PURPOSE_WORDS = frozenset(
    {"coder", "code", "math", "vl", "vision", "omni", "audio", "embedding", "embed", "reranker", "rerank"}
    | {"guard", "ocr", "tts", "asr", "speech", "image", "video", "3d", "prover", "voice", "next", "mt"}
)


@dataclass(frozen=True)
class Repo:
    """What clustering needs to know of one artifact."""

    repo_id: str
    created: dt.date | None = None


@dataclass(frozen=True)
class Member:
    repo_id: str
    created: dt.date | None
    reason: str


@dataclass
class ClusteredRelease:
    """A release event found by clustering; `rule` says why its members are one release."""

    id: str
    org: str
    family: str
    date_code: str
    version: str
    first_created: dt.date | None
    rule: str
    members: list[Member] = field(default_factory=list)

    @property
    def repo_ids(self) -> list[str]:
        return [m.repo_id for m in self.members]

    @property
    def sizes(self) -> list[str]:
        return sorted({parse_repo_id(m.repo_id).size for m in self.members} - {""})


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9.]+", "-", text.casefold()).strip("-.") or "x"


def _day(d: dt.date | None) -> dt.date:
    return d if d is not None else dt.date.max


def cluster_org(org: str, repos: Iterable[Repo], window_days: int = WINDOW_DAYS) -> list[ClusteredRelease]:
    """Group one organization's repos into releases, oldest first."""
    parsed = sorted(((parse_repo_id(r.repo_id), r.created) for r in repos), key=lambda p: (_day(p[1]), p[0].repo_id))
    primaries = [(n, d) for n, d in parsed if not n.is_repack]
    repacks = [(n, d) for n, d in parsed if n.is_repack]
    releases: list[ClusteredRelease] = []
    by_key: dict[tuple[str, str, str], list[ClusteredRelease]] = defaultdict(list)
    where: dict[tuple[str, ...], ClusteredRelease] = {}
    family_seen: dict[str, list[ClusteredRelease]] = defaultdict(list)

    def start(name: ModelName, created: dt.date | None, reason: str) -> ClusteredRelease:
        rel = ClusteredRelease(
            id="",
            org=org,
            family=name.family,
            date_code=name.date_code,
            version=name.version,
            first_created=created,
            rule=reason,
        )
        releases.append(rel)
        by_key[name.release_key].append(rel)
        family_seen[name.family].append(rel)
        return rel

    for name, created in primaries:
        rel = _open_release(by_key[name.release_key], created, window_days)
        if rel is None:
            rel = start(name, created, _start_reason(name, family_seen[name.family]))
            reason = rel.rule
        else:
            reason = f"same family {name.family} within {window_days} days"
            if "within" not in rel.rule:
                rel.rule += f"; same family {name.family} within {window_days} days"
        rel.members.append(Member(name.repo_id, created, reason))
        where.setdefault(name.unpacked_key, rel)

    for name, created in repacks:
        what = "/".join(p.upper() for p in name.packaging)
        parent = where.get(name.unpacked_key)
        if parent is not None:
            src = next(m.repo_id for m in parent.members if parse_repo_id(m.repo_id).unpacked_key == name.unpacked_key)
            parent.members.append(Member(name.repo_id, created, f"re-pack ({what}) of {src}"))
            continue
        near = _nearest(by_key[name.release_key] or family_seen[name.family], created)
        if near is not None:
            near.members.append(Member(name.repo_id, created, f"re-pack ({what}) of an unlisted {name.family} model"))
            continue
        rel = start(name, created, f"re-pack ({what}) of {name.family}, whose model is not listed")
        rel.members.append(Member(name.repo_id, created, rel.rule))
        where.setdefault(name.unpacked_key, rel)

    releases = _merge_companions(releases)
    releases.sort(key=lambda r: (_day(r.first_created), r.family, r.date_code))
    used: set[str] = set()
    for rel in releases:
        base = f"{org}-{_slug(rel.family)}-{rel.date_code or _when(rel.first_created)}"
        rid, n = base, 2
        while rid in used:
            rid, n = f"{base}-{n}", n + 1
        used.add(rid)
        rel.id = rid
    return releases


def _merge_companions(releases: list[ClusteredRelease]) -> list[ClusteredRelease]:
    """Companions launched with a flagship under its name join its release (rule 8).

    `t5gemma-b-b-ul2` with `t5gemma`, `glm-4-voice-decoder` with `glm-4-voice`: a family that extends
    another one's key, launched within COMPANION_DAYS of it. An extension naming another purpose or
    modality (`-coder`, `-vl`, `-embedding`) is a family of its own (rule 5) and stays apart.
    """
    ordered = sorted(releases, key=lambda r: len(r.family))
    kept: list[ClusteredRelease] = []
    for rel in ordered:
        host = next((p for p in reversed(kept) if _companion_of(rel, p)), None)
        if host is None:
            kept.append(rel)
            continue
        reason = f"companion of {host.family} launched within {COMPANION_DAYS} days"
        host.members.extend(Member(m.repo_id, m.created, f"{reason} ({m.reason})") for m in rel.members)
        if "companion" not in host.rule:
            host.rule += f"; {rel.family} as a {reason}"
    return kept


def _companion_of(rel: ClusteredRelease, host: ClusteredRelease) -> bool:
    if not rel.family.startswith(host.family + "-") or rel.date_code != host.date_code:
        return False
    if rel.first_created is None or host.first_created is None:
        return False
    if abs((rel.first_created - host.first_created).days) > COMPANION_DAYS:
        return False
    extension = set(rel.family[len(host.family) + 1 :].split("-"))
    return not extension & PURPOSE_WORDS


def _when(d: dt.date | None) -> str:
    return d.isoformat() if d else "undated"


def _open_release(candidates: list[ClusteredRelease], created: dt.date | None, window: int) -> ClusteredRelease | None:
    """The release of this key whose launch window contains `created`."""
    for rel in reversed(candidates):
        if created is None or rel.first_created is None:
            return rel
        if 0 <= (created - rel.first_created).days <= window:
            return rel
    return None


def _nearest(candidates: list[ClusteredRelease], created: dt.date | None) -> ClusteredRelease | None:
    """The latest release launched on or before `created` (else the first one)."""
    if not candidates:
        return None
    before = [r for r in candidates if created is None or r.first_created is None or r.first_created <= created]
    return before[-1] if before else candidates[0]


def _start_reason(name: ModelName, earlier: list[ClusteredRelease]) -> str:
    if name.date_code and any(r.date_code != name.date_code for r in earlier):
        return f"date code {name.date_code} starts a new release of {name.family}"
    if name.date_code:
        return f"first {name.family} with date code {name.date_code}"
    if earlier:
        last = earlier[-1]
        if last.version != name.version:
            return f"version {name.version} starts a new release of {name.family}"
        return f"{name.family} again after the {WINDOW_DAYS}-day launch window of {last.first_created}"
    return f"first {name.family} repo"
