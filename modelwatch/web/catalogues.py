"""Catalogue comparisons (Epoch AI, OpenRouter, models.dev) and Hub ecosystems, when the store holds them:
the tables of `modelwatch compare` and `modelwatch ecosystem`, as pages and as API calls."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BeforeValidator

from modelwatch.service import Answer
from modelwatch.vocabulary import DEPRECATED_BY, EcoBy
from modelwatch.web.api import Format, answer_response, one_of, site_of
from modelwatch.web.filters import Org, Year
from modelwatch.web.pages import render

router = APIRouter()
# an old name (by=family) is read as its new one before the check, so old links still work but none is offered
By = Annotated[str, BeforeValidator(lambda v: DEPRECATED_BY.get(v, v)), Query(pattern=one_of(EcoBy))]
Top = Annotated[int, Query(ge=1, le=1000)]


def _compare(source: str, year: int | None, org: list[str] | None, summary: bool) -> Callable[[], Answer]:
    from modelwatch.service.catalogues import compare

    orgs = [o for o in org or [] if o.strip()]
    return lambda: compare(source, year=year, orgs=orgs, summary=summary)


def _ecosystem(by: str, year: int | None, top: int, monthly: bool, regions: bool) -> Callable[[], Answer]:
    from modelwatch.service.ecosystem import ecosystem

    return lambda: ecosystem(by=by, year=year, top=top, monthly=monthly, regions=regions)


@router.get("/api/v1/compare/{source}", summary="A catalogue's latest snapshot against the registry")
async def api_compare(
    request: Request,
    source: str,
    year: Year = None,
    org: Org = None,
    summary: bool = False,
    format: Format = "json",
) -> Response:
    site = site_of(request)
    ask = _compare(source, year, org, summary)
    key = ("api-compare", source, year, tuple(org or ()), summary, format)
    return await site.answer(key, lambda: answer_response(site, ask(), format))


@router.get("/api/v1/ecosystem", summary="Hub ecosystems from the imported Hub dump")
async def api_ecosystem(
    request: Request,
    by: By = "org",
    year: Year = None,
    top: Top = 20,
    monthly: bool = False,
    regions: bool = False,
    format: Format = "json",
) -> Response:
    site = site_of(request)
    ask = _ecosystem(by, year, top, monthly, regions)
    key = ("api-ecosystem", by, year, top, monthly, regions, format)
    return await site.answer(key, lambda: answer_response(site, ask(), format))


@router.get("/compare", response_class=HTMLResponse, include_in_schema=False)
async def compare_home(request: Request) -> Response:
    site = site_of(request)
    return render(site, "compare.html.j2", title="Catalogues", answer=None, source=None, summary=False, year=None)


@router.get("/compare/{source}", response_class=HTMLResponse, include_in_schema=False)
async def compare_page(
    request: Request, source: str, year: Year = None, org: Org = None, summary: bool = False
) -> Response:
    site = site_of(request)
    ask = _compare(source, year, org, summary)

    def make() -> Response:
        return render(
            site, "compare.html.j2", title=f"{source} vs the registry", answer=ask(), source=source,
            summary=summary, year=year,
        )  # fmt: skip

    return await site.answer(("page-compare", source, year, tuple(org or ()), summary), make)


@router.get("/ecosystem", response_class=HTMLResponse, include_in_schema=False)
async def ecosystem_page(
    request: Request, by: By = "org", year: Year = None, top: Top = 20, monthly: bool = False, regions: bool = False
) -> Response:
    site = site_of(request)
    ask = _ecosystem(by, year, top, monthly, regions)

    def make() -> Response:
        return render(site, "ecosystem.html.j2", title="Hub ecosystems", answer=ask(), by=by, monthly=monthly)

    return await site.answer(("page-ecosystem", by, year, top, monthly, regions), make)
