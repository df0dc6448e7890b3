"""Typed records passed between the stages.

Curated files are parsed straight into these models, so a misspelt field or a bad
date is caught at the edge with the record's name attached.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

from modelwatch.tiers import OPEN_TIERS, Tier

__all__ = ["OPEN_TIERS", "Artifact", "License", "Omission", "Organization", "Provenance", "Release", "Tier"]


MODALITIES = frozenset(
    {
        "language",
        "code",
        "vision-language",
        "multimodal",
        "image",
        "video",
        "speech",
        "audio",
        "embedding",
        "3d",
        "world",
        "robotics",
        "science",
        "other",
    }
)

ORG_KINDS = frozenset({"company", "academic", "nonprofit", "government", "group"})
ALIAS_KINDS = frozenset({"hub", "epoch", "openrouter", "modelsdev", "other"})

SLUG = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
HUB_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9_.\-]+$")
URL = re.compile(r"^https?://\S+$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Provenance(_Strict):
    """Where a stored row came from: one import of one file of one source."""

    source: str
    path: str
    sha256: str
    retrieved_at: dt.datetime
    as_of: dt.date | None = None
    rows: int = 0


class Organization(_Strict):
    id: str
    name: str
    parent: str = ""
    country: str
    kind: str
    homepage: str = ""
    source: str
    coverage_start: dt.date | None = None
    coverage_end: dt.date | None = None
    aliases: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"id {v!r} is not a slug (lowercase letters, digits, '-', '.')")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Z]{2}", v):
            raise ValueError(f"country {v!r} is not an ISO 3166-1 alpha-2 code")
        return v

    @field_validator("kind")
    @classmethod
    def _kind(cls, v: str) -> str:
        if v not in ORG_KINDS:
            raise ValueError(f"kind {v!r} is not one of {', '.join(sorted(ORG_KINDS))}")
        return v

    @field_validator("source", "homepage")
    @classmethod
    def _url(cls, v: str) -> str:
        if v and not URL.match(v):
            raise ValueError(f"{v!r} is not a URL")
        return v

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(v) - ALIAS_KINDS
        if unknown:
            raise ValueError(f"alias kind {sorted(unknown)[0]!r} is not one of {', '.join(sorted(ALIAS_KINDS))}")
        return v

    @property
    def group(self) -> str:
        return self.parent or self.id


class License(_Strict):
    id: str
    name: str
    tier: Tier
    hub: list[str] = Field(default_factory=list)
    source: str
    note: str = ""

    @field_validator("source")
    @classmethod
    def _url(cls, v: str) -> str:
        if not URL.match(v):
            raise ValueError(f"source {v!r} is not a URL")
        return v


class Release(_Strict):
    """One launch event. `org` is the lead organization (the file it lives in)."""

    id: str
    org: str = ""
    name: str
    family: str
    date: dt.date
    announced: dt.date | None = None
    hub_created: dt.date | None = None
    tier: Tier
    license: str = ""
    modality: str
    sizes: list[str] = Field(default_factory=list)
    members: list[str] = Field(default_factory=list)
    api_models: list[str] = Field(default_factory=list)
    developers: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    note: str = ""
    rule: str = "registry"

    @field_validator("id")
    @classmethod
    def _slug(cls, v: str) -> str:
        if not SLUG.match(v):
            raise ValueError(f"id {v!r} is not a slug (lowercase letters, digits, '-', '.')")
        return v

    @field_validator("modality")
    @classmethod
    def _modality(cls, v: str) -> str:
        if v not in MODALITIES:
            raise ValueError(f"modality {v!r} is not one of {', '.join(sorted(MODALITIES))}")
        return v

    @field_validator("members")
    @classmethod
    def _members(cls, v: list[str]) -> list[str]:
        for m in v:
            if not HUB_REPO.match(m):
                raise ValueError(f"member {m!r} is not a Hub repo id (owner/name)")
        return v

    @field_validator("sources")
    @classmethod
    def _sources(cls, v: list[str]) -> list[str]:
        for s in v:
            if not URL.match(s):
                raise ValueError(f"source {s!r} is not a URL")
        return v

    @property
    def artifact_count(self) -> int:
        """Artifacts behind the release; a release that lists none stands for one."""
        return max(1, len(self.members) + len(self.api_models))


class Omission(_Strict):
    """A model a catalogue lists that the registry leaves out on purpose, and why."""

    name: str
    reason: str
    catalogue: str = ""
    date: dt.date | None = None
    url: str = ""

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v:
            raise ValueError("an omission needs a reason")
        return v

    @field_validator("url")
    @classmethod
    def _url(cls, v: str) -> str:
        if v and not URL.match(v):
            raise ValueError(f"url {v!r} is not a URL")
        return v


class Artifact(_Strict):
    """One model as a source lists it (a Hub repo, an API id, a catalogue row)."""

    source: str
    source_id: str
    org: str = ""
    name: str = ""
    url: str = ""
    created_at: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    published: dt.date | None = None
    license: str = ""
    tier: Tier = Tier.UNKNOWN
    parameters: int | None = None
    modality: str = ""
    pipeline_tag: str = ""
    library_name: str = ""
    base_models: list[str] = Field(default_factory=list)
    base_relation: str = ""
    downloads: int | None = None
    downloads_all_time: int | None = None
    likes: int | None = None
    gated: bool | None = None
    tags: list[str] = Field(default_factory=list)
