"""The release filters every page and endpoint about releases takes: declared, described and validated once.

An empty value (a form field left at "any") asks for nothing; anything else is parsed and bounded here, so a
bad value is the same one-line 400 on a page and in the API.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Depends, Query
from pydantic import BeforeValidator, Field

from modelwatch.web.site import Query as Ask


def _unset_if_empty(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


Unset = BeforeValidator(_unset_if_empty)
# bounded like a calendar date: a year such as -1 is a 400, not a crash in date arithmetic
Year = Annotated[
    Annotated[int, Field(ge=1, le=9999)] | None,
    Unset,
    Query(description="Only releases whose whole date lies in this year (a month, a quarter or a span inside it)."),
]
Org = Annotated[
    list[str] | None, Query(description="Organization id or name (repeatable); a group stands for its labs.")
]
Group = Annotated[list[str] | None, Query(description="Every lab of this organization's group (repeatable).")]
Country = Annotated[list[str] | None, Query(description="ISO 3166-1 alpha-2 code (repeatable).")]
Tier = Annotated[list[str] | None, Query(description="Openness tier (repeatable).")]
Modality = Annotated[list[str] | None, Query(description="Modality (repeatable): language, image, video, ...")]
Openness = Annotated[str | None, Query(description="open, closed or unknown.", max_length=20)]
From = Annotated[
    dt.date | None,
    Unset,
    Query(
        alias="from",
        description="Only releases made public on or after this day (a date that is a period, by its earliest day).",
    ),
]
To = Annotated[
    dt.date | None,
    Unset,
    Query(
        alias="to",
        description="Only releases made public on or before this day (a date that is a period, by its earliest day).",
    ),
]


def ask(
    year: int | None,
    org: list[str] | None,
    country: list[str] | None,
    modality: list[str] | None,
    group: list[str] | None = None,
    tier: list[str] | None = None,
    openness: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> Ask:
    def given(values: list[str] | None) -> tuple[str, ...]:
        # an empty form field ("any") asks for nothing
        return tuple(dict.fromkeys(v for v in values or () if v.strip()))

    return Ask(
        year=year,
        orgs=given(org),
        groups=given(group),
        countries=given(country),
        tiers=given(tier),
        openness=openness or None,
        modalities=given(modality),
        date_from=date_from,
        date_to=date_to,
    )


def release_filters(
    year: Year = None,
    org: Org = None,
    group: Group = None,
    country: Country = None,
    tier: Tier = None,
    openness: Openness = None,
    modality: Modality = None,
    date_from: From = None,
    date_to: To = None,
) -> Ask:
    return ask(year, org, country, modality, group, tier, openness, date_from, date_to)


# what a route declares to take the release filters: `asked: Filters`
Filters = Annotated[Ask, Depends(release_filters)]
