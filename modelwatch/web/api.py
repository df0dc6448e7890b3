"""The JSON API, /api/v1: the CLI's listings with the same filters, units, levels and numbers.

Every body names the data version and the snapshots behind it (CSV carries them in headers);
a bad parameter is a 400 with one line, never a 500.
"""

from __future__ import annotations

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
from modelwatch.web.filters import Filters
from modelwatch.web.site import Site, plain

router = APIRouter(prefix="/api/v1")


def one_of(values: Iterable[str]) -> str:
    """A query pattern that accepts exactly these values: an enum's, so the API offers what the CLI offers."""
    return "^(" + "|".join(re.escape(v) for v in values) + ")$"


# a table is for a terminal; the API answers in the formats for machines, its default first
Format = Annotated[str, Query(pattern=one_of((RowFormat.json, RowFormat.csv)), description="json (default) or csv.")]
ByLevel = Annotated[str, Query(pattern=one_of(Level))]
ByUnit = Annotated[str, Query(pattern=one_of(Unit))]


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
    asked: Filters,
    q: Annotated[str, Query(max_length=200, description="Search in names, ids and member ids.")] = "",
    sort: Annotated[str, Query(max_length=20)] = "date",
    order: Annotated[str, Query(max_length=4)] = "asc",
    format: Format = "json",
) -> Response:
    site = site_of(request)
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
    asked: Filters,
    by: ByLevel = Level.org.value,
    unit: ByUnit = Unit.releases.value,
    format: Format = "json",
) -> Response:
    site = site_of(request)
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
