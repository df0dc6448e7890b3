"""The JSON API, /api/v1: the CLI's listings with the same filters, units, levels and numbers.

Every body names the data version and the snapshots behind it (CSV carries them in headers);
a bad parameter is a 400 with one line, never a 500.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from modelwatch.publish.terminal import Format as RowFormat
from modelwatch.publish.terminal import to_csv
from modelwatch.service import Answer
from modelwatch.vocabulary import Level, Unit
from modelwatch.web.site import Query as Ask
from modelwatch.web.site import Site, plain

router = APIRouter(prefix="/api/v1")

Text = Annotated[str | None, Query(max_length=200)]
Many = Annotated[list[str] | None, Query(max_length=200)]
# bounded like a calendar date: a year such as -1 is a 400, not a crash in date arithmetic
Year = Annotated[int | None, Query(ge=1, le=9999, description="Only releases made public in this year.")]
Org = Annotated[
    list[str] | None, Query(description="Organization id or name (repeatable); a group stands for its labs.")
]
Group = Annotated[list[str] | None, Query(description="Every lab of this organization's group (repeatable).")]
Country = Annotated[list[str] | None, Query(description="ISO 3166-1 alpha-2 code (repeatable).")]
Tier = Annotated[list[str] | None, Query(description="Openness tier (repeatable).")]
Modality = Annotated[list[str] | None, Query(description="Modality (repeatable): language, image, video, ...")]
Openness = Annotated[str | None, Query(description="open, closed or unknown.", max_length=20)]


def one_of(values: Iterable[str]) -> str:
    """A query pattern that accepts exactly these values: an enum's, so the API offers what the CLI offers."""
    return "^(" + "|".join(re.escape(v) for v in values) + ")$"


# a table is for a terminal; the API answers in the formats for machines, its default first
Format = Annotated[str, Query(pattern=one_of((RowFormat.json, RowFormat.csv)), description="json (default) or csv.")]
ByLevel = Annotated[str, Query(pattern=one_of(Level))]
ByUnit = Annotated[str, Query(pattern=one_of(Unit))]
From = Annotated[dt.date | None, Query(alias="from", description="Only releases made public on or after this day.")]
To = Annotated[dt.date | None, Query(alias="to", description="Only releases made public on or before this day.")]


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


def site_of(request: Request) -> Site:
    site: Site = request.app.state.site
    return site


def answer_response(site: Site, answer: Answer, fmt: str, **extra: Any) -> Response:
    if fmt == "csv":
        return Response(to_csv(answer.rows), media_type="text/csv; charset=utf-8")
    body = {
        "data_version": site.data_version,
        "snapshots": site.snapshots,
        "title": answer.title,
        "caption": answer.caption,
        **extra,
        "count": len(answer.rows),
        "rows": [plain(r) for r in answer.rows],
    }
    return json_response(body)


def json_response(body: Any, status: int = 200) -> Response:
    return Response(json.dumps(body, ensure_ascii=False).encode(), status_code=status, media_type="application/json")


@router.get("/releases", summary="Release events, as `modelwatch releases` lists them")
async def releases(
    request: Request,
    year: Year = None,
    org: Org = None,
    group: Group = None,
    country: Country = None,
    tier: Tier = None,
    openness: Openness = None,
    modality: Modality = None,
    date_from: From = None,
    date_to: To = None,
    q: Annotated[str, Query(max_length=200, description="Search in names, ids and member ids.")] = "",
    sort: Annotated[str, Query(max_length=20)] = "date",
    order: Annotated[str, Query(max_length=4)] = "asc",
    format: Format = "json",
) -> Response:
    site = site_of(request)
    asked = ask(year, org, country, modality, group, tier, openness, date_from, date_to)
    key = ("api-releases", asked, q, sort, order, format)

    def make() -> Response:
        answer = site.releases(asked)
        if q or (sort, order) != ("date", "asc"):
            # the CLI's rows in the CLI's order unless a search or another order is asked for
            answer = Answer(site.found(asked, q, sort, order), title=answer.title, caption=answer.caption)
        return answer_response(site, answer, format)

    return await site.answer(key, make)


@router.get("/leaderboard", summary="Counts per organization, group or country, as `modelwatch leaderboard`")
async def leaderboard(
    request: Request,
    year: Year = None,
    by: ByLevel = Level.org.value,
    unit: ByUnit = Unit.releases.value,
    org: Org = None,
    country: Country = None,
    modality: Modality = None,
    format: Format = "json",
) -> Response:
    site = site_of(request)
    asked = ask(year, org, country, modality)
    key = ("api-leaderboard", asked, by, unit, format)
    return await site.answer(
        key, lambda: answer_response(site, site.leaderboard(asked, by, unit), format, by=by, unit=unit)
    )


@router.get("/organizations", summary="Organizations with group, country and Hub namespaces, as `modelwatch orgs`")
async def organizations(request: Request, format: Format = "json") -> Response:
    site = site_of(request)
    return await site.answer(("api-orgs", format), lambda: answer_response(site, site.organizations(), format))


@router.get("/releases/{release_id}", summary="One release: members, sources, licence, dates")
async def release(request: Request, release_id: str) -> Response:
    site = site_of(request)

    def make() -> Response:
        d = site.release(release_id)
        return json_response(
            {
                "data_version": site.data_version,
                "snapshots": site.snapshots,
                "release": plain(d.release),
                "organization": plain(d.organization),
                "license": plain(d.license),
                "members": plain(d.members),
                "sources": d.sources,
                "developers": plain(d.developers),
            }
        )

    return await site.answer(("api-release", release_id), make)


@router.get("/organizations/{org_id}", summary="One organization: aliases, coverage, releases per year")
async def organization(request: Request, org_id: str) -> Response:
    site = site_of(request)

    def make() -> Response:
        d = site.organization(org_id)
        return json_response(
            {
                "data_version": site.data_version,
                "snapshots": site.snapshots,
                "organization": plain(d.organization),
                "aliases": plain(d.aliases),
                "labs": plain(d.labs),
                "per_year": plain(d.per_year),
            }
        )

    return await site.answer(("api-organization", org_id), make)
