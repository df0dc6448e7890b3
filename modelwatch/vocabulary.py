"""The fixed values that records and options are made of: modalities, kinds, relations, catalogues.

Plain Python, no pydantic: the command line imports these at start-up (its choices), and the records
(modelwatch.records) validate against them.
"""

from __future__ import annotations

from enum import StrEnum

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

# Why an [[omission]] is left out (docs/data-format.md). A release whose day is unknown is not an
# omission: it is recorded with the month, quarter or span its sources give.
OMISSION_KINDS = {
    "counted": "counted under another release (the same model, a member or a re-pack of it)",
    "not-public": "no weights, API or product the public can use",
    "research": "a research artifact (paper, demo, benchmark) rather than a model release",
    "out-of-scope": "not a model, not this organization's, or outside the registry's period",
    "no-date": "public, but no source read gives even a period for its public day",
    "no-evidence": "reported, but not confirmed by a first-party page",
}


class Catalogue(StrEnum):
    """The catalogues modelwatch imports, each named as its source module (modelwatch.sources.<name>)."""

    epoch = "epoch"
    openrouter = "openrouter"
    modelsdev = "modelsdev"

    @property
    def label(self) -> str:
        """The publisher's own name for it, for people."""
        return _LABELS[self]


class UpdateSource(StrEnum):
    """What `update` fetches: the Hub, then every catalogue (the catalogues' values, in their order)."""

    hub = "hub"
    epoch = Catalogue.epoch.value
    openrouter = Catalogue.openrouter.value
    modelsdev = Catalogue.modelsdev.value


class ProposalKind(StrEnum):
    """What a proposal asks of the registry."""

    release = "release"
    change = "change"
    omission = "omission"
    organization = "organization"


_LABELS = {Catalogue.epoch: "Epoch AI", Catalogue.openrouter: "OpenRouter", Catalogue.modelsdev: "models.dev"}
ALIAS_KINDS = frozenset({"hub", *(c.value for c in Catalogue), "other"})

# How a Hub repo says it derives from its base model (the `base_model:<relation>:` tag, `base_model_relation`),
# weakest first: a repo naming one parent under several relations takes the strongest
BASE_RELATIONS = ("finetune", "quantized", "adapter", "merge")


# The options' values: one enum each, defined here so the command line's choices load nothing else.


class Unit(StrEnum):
    """What one counts."""

    releases = "releases"
    artifacts = "artifacts"
    days = "days"


# how a caption names each unit
UNITS: dict[str, str] = {
    Unit.releases: "release events (a family launched together is one)",
    Unit.artifacts: "artifacts (Hub repos and API model ids behind the releases)",
    Unit.days: "release days (distinct dates with at least one release)",
}


class Level(StrEnum):
    """Whom one counts for: the lab (org), its group, or its country."""

    org = "org"
    group = "group"
    country = "country"


LEVEL_NAMES: dict[str, str] = {Level.org: "organization", Level.group: "group", Level.country: "country"}


class EcoBy(StrEnum):
    """What the derivatives of a root are attributed to: its org, group, country, region, or model line."""

    org = "org"
    group = "group"
    country = "country"
    region = "region"  # the country, grouped into China, United States, Europe, rest of world
    # the root's repo name without size (`org/line`): parsed from Hub names, unlike the registry's curated family
    line = "line"


# Old names still read as their new ones, never offered: `family` was the model line's first name, and now means
# only the registry's curated field.
DEPRECATED_BY = {"family": EcoBy.line.value}


class EngineName(StrEnum):
    """Where the history query runs."""

    duckdb = "duckdb"
    spark = "spark"


class Every(StrEnum):
    """How long one period of the series is."""

    day = "day"
    week = "week"
    month = "month"


class AdoptionBy(StrEnum):
    """What adoption is summed over; `family` is the registry's curated family of a release."""

    release = "release"
    family = "family"
    org = "org"
    country = "country"


class ExportFormat(StrEnum):
    """The file format of an export."""

    csv = "csv"
    parquet = "parquet"
    json = "json"
