"""Typed records passed between the stages.

Curated files are parsed straight into these models, so a misspelt field or a bad
date is caught at the edge with the record's name attached.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    field_validator,
    model_validator,
)

from modelwatch.dates import ReleaseDate, parse_date
from modelwatch.errors import UNSAFE_CHARS, one_line
from modelwatch.tiers import OPEN_TIERS, Tier
from modelwatch.vocabulary import ALIAS_KINDS, BASE_RELATIONS, MODALITIES, OMISSION_KINDS, ORG_KINDS

__all__ = [
    "ALIAS_KINDS",
    "BASE_RELATIONS",
    "MODALITIES",
    "OPEN_TIERS",
    "ORG_KINDS",
    "Artifact",
    "CatalogueFile",
    "CatalogueRow",
    "License",
    "Omission",
    "Organization",
    "Release",
    "Skipped",
    "Tier",
]


SLUG = re.compile(r"^[a-z0-9][a-z0-9.\-]*$")
HUB_NAMESPACE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
HUB_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*/[A-Za-z0-9_.\-]+$")
URL = re.compile(r"^https?://\S+$")


def _matches(label: str, pattern: re.Pattern[str], what: str) -> AfterValidator:
    """A validator for one field: empty passes (unknown stays empty), else it must match."""

    def check(v: str) -> str:
        if v and not pattern.match(v):
            raise ValueError(f"{label} {v!r} is not {what}")
        return v

    return AfterValidator(check)


def _one_of(label: str, allowed: frozenset[str]) -> AfterValidator:
    def check(v: str) -> str:
        if v not in allowed:
            raise ValueError(f"{label} {v!r} is not one of {', '.join(sorted(allowed))}")
        return v

    return AfterValidator(check)


# A name is shown on one line of a table, a page and a chart: no controls (ESC, BEL, CR, LF), no
# bidirectional overrides, no line separators, not blank, and of a length a table can show.
NAME_MAX = 200


def text_problem(v: str, label: str = "name", limit: int = NAME_MAX) -> str:
    """Why `v` cannot be a line of text ('' when it can): blank, a control or direction character, or over
    `limit` characters. The one rule for curated names and for `accept`/`reject`'s names, notes and reasons."""
    if not v.strip():
        return f"{label} is blank"
    if m := UNSAFE_CHARS.search(v):
        return f"{label} holds the control or direction character {m.group().encode('unicode_escape').decode()}"
    if len(v) > limit:
        return f"{label} is {len(v)} characters long; at most {limit}"
    return ""


def _name(label: str = "name") -> AfterValidator:
    def check(v: str) -> str:
        if problem := text_problem(v, label):
            raise ValueError(problem)
        return v

    return AfterValidator(check)


Name = Annotated[str, _name()]
Slug = Annotated[str, _matches("id", SLUG, "a slug (lowercase letters, digits, '-', '.')")]
SourceUrl = Annotated[str, _matches("source", URL, "a URL")]
HubRepo = Annotated[str, _matches("member", HUB_REPO, "a Hub repo id (owner/name)")]
# A day, or the narrowest period a source gives (modelwatch/dates.py); shown and serialized as its label.
PublicDate = Annotated[ReleaseDate, PlainValidator(parse_date), PlainSerializer(lambda d: d.label, return_type=str)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Organization(_Strict):
    id: Slug
    name: Name
    parent: str = ""
    country: Annotated[str, _matches("country", re.compile(r"^[A-Z]{2}$"), "an ISO 3166-1 alpha-2 code")]
    kind: Annotated[str, _one_of("kind", ORG_KINDS)]
    homepage: Annotated[str, _matches("homepage", URL, "a URL")] = ""
    source: SourceUrl
    coverage_start: dt.date | None = None
    coverage_end: dt.date | None = None
    aliases: dict[str, list[str]] = Field(default_factory=dict)

    @field_validator("aliases")
    @classmethod
    def _aliases(cls, v: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = set(v) - ALIAS_KINDS
        if unknown:
            raise ValueError(f"alias kind {sorted(unknown)[0]!r} is not one of {', '.join(sorted(ALIAS_KINDS))}")
        for kind, names in v.items():
            for name in names:
                if not name.strip():
                    # an empty Hub namespace would make a sync list the whole Hub (no author)
                    raise ValueError(f"aliases.{kind} holds an empty name")
                if kind == "hub" and not HUB_NAMESPACE.match(name):
                    raise ValueError(f"aliases.hub {name!r} is not a Hub namespace (letters, digits, '-', '_', '.')")
        return v

    @property
    def group(self) -> str:
        return self.parent or self.id


class License(_Strict):
    id: str
    name: str
    tier: Tier
    hub: list[str] = Field(default_factory=list)
    source: SourceUrl
    note: str = ""


class Release(_Strict):
    """One launch event. `org` is the lead organization (the file it lives in)."""

    id: Slug
    org: str = ""
    name: Name
    family: str
    date: PublicDate
    # the listed source that gives a date coarser than a day (required then): docs/data-format.md
    date_source: SourceUrl = ""
    announced: dt.date | None = None
    hub_created: dt.date | None = None
    tier: Tier
    license: str = ""
    modality: Annotated[str, _one_of("modality", MODALITIES)]
    sizes: list[str] = Field(default_factory=list)
    members: list[HubRepo] = Field(default_factory=list)
    api_models: list[str] = Field(default_factory=list)
    developers: list[str] = Field(default_factory=list)
    sources: list[SourceUrl] = Field(default_factory=list)
    note: str = ""
    rule: str = "registry"

    @property
    def artifact_count(self) -> int:
        """Artifacts behind the release; a release that lists none stands for one."""
        return max(1, len(self.members) + len(self.api_models))


class Omission(_Strict):
    """A model a catalogue lists that the registry leaves out on purpose, and why."""

    name: Name
    reason: str
    # which of OMISSION_KINDS; "" for a record not yet classified
    kind: Annotated[str, _one_of("kind", frozenset({"", *OMISSION_KINDS}))] = ""
    catalogue: str = ""
    date: dt.date | None = None
    url: Annotated[str, _matches("url", URL, "a URL")] = ""

    @field_validator("reason")
    @classmethod
    def _reason(cls, v: str) -> str:
        if not v:
            raise ValueError("an omission needs a reason")
        return v

    @model_validator(mode="after")
    def _sourced(self) -> Omission:
        # the model must be shown to exist: a catalogue row lists it, or a page does
        if not self.catalogue and not self.url:
            raise ValueError("an omission needs the catalogue that lists the model or a url that shows it exists")
        return self


class Artifact(_Strict):
    """One model as a source lists it (a Hub repo, an API id, a catalogue row)."""

    source: str
    source_id: str
    org: str = ""
    name: str = ""
    url: str = ""
    created_at: dt.datetime | None = None
    last_modified: dt.datetime | None = None
    license: str = ""
    parameters: int | None = None
    pipeline_tag: str = ""
    library_name: str = ""
    base_models: list[str] = Field(default_factory=list)
    base_relation: str = ""
    downloads: int | None = None
    downloads_all_time: int | None = None
    likes: int | None = None
    gated: bool | None = None
    tags: list[str] = Field(default_factory=list)


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


class Skipped(NamedTuple):
    """A row left out of an import, and why."""

    row: int
    ident: str
    reason: str

    def line(self) -> str:
        """`row N (what the row was): why`, on one line; the row's own text cut short."""
        ident = f" ({one_line(self.ident, 80)})" if self.ident else ""
        return one_line(f"row {self.row}{ident}: {self.reason}")


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
    skipped: list[Skipped] = field(default_factory=list)
