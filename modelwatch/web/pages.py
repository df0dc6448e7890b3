"""The HTML pages: home (the year review), the releases explorer, one page per release and organization.

Rendered on the server with Jinja2 autoescaping; the explorer's state lives in the URL (a GET form),
so a view can be shared and works without JavaScript. Scripts come only from /static.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from modelwatch.version import __version__
from modelwatch.vocabulary import Level, Unit
from modelwatch.web import charts, vega
from modelwatch.web.api import ByLevel, ByUnit, site_of
from modelwatch.web.filters import Filters, Modality, Year, ask
from modelwatch.web.site import COLUMNS, PER_PAGE, Site
from modelwatch.web.site import Query as Ask

router = APIRouter()
HERE = Path(__file__).resolve().parent
STATIC = {"site.css": "text/css", "site.js": "text/javascript", "explorer.js": "text/javascript"}


@functools.cache
def _env() -> Any:
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined)
    env.filters["pct"] = lambda v: "" if v is None else f"{float(v):.0%}"
    # only http(s) addresses become links: a `javascript:` source stays text
    env.tests["web_link"] = lambda v: isinstance(v, str) and v.startswith(("https://", "http://"))
    env.filters["spec"] = lambda spec: json.dumps(spec, ensure_ascii=False)
    return env


def render(site: Site, template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = (
        _env()
        .get_template(template)
        .render(data_version=site.data_version, snapshots=site.snapshots, version=__version__, site=site, **context)
    )
    return HTMLResponse(html, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    site: Site = request.app.state.site
    return render(site, "error.html.j2", status=status, status_code=status, message=message, title="Error")


@router.get("/static/{name}", include_in_schema=False)
def static(name: str) -> Response:
    # A fixed list of files: no parameter can reach anything else on disk.
    if name == "vega.js":
        return Response(vega.bundle(), media_type="text/javascript", headers={"cache-control": "max-age=86400"})
    if name == vega.LICENSE:  # shipped with the code it covers
        return Response(vega.licence(), media_type="text/plain")
    if name not in STATIC:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response((HERE / "static" / name).read_bytes(), media_type=STATIC[name])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def home(
    request: Request,
    year: Year = None,
    by: ByLevel = Level.org.value,
    unit: ByUnit = Unit.releases.value,
    modality: Modality = None,
) -> Response:
    site = site_of(request)
    year = year or site.default_year
    reviewed = request.app.state.reviewed  # the report's year: its claims and chart files are on its page only
    featured = request.app.state.featured if reviewed in (None, year) else None
    downloads = request.app.state.report and reviewed in (None, year)  # the report writes them beside the page

    def make() -> Response:
        from modelwatch.analyze.counts import board_caption, board_title
        from modelwatch.publish.report import review_charts
        from modelwatch.publish.report_text import summary

        asked = ask(year, None, None, modality)
        kinds = tuple(m.strip().casefold() for m in asked.modalities)  # as the filters read them
        # the year review, as the report has it; the level and the unit pick which of its boards to show
        data = site.review(year, kinds, featured)
        board, countries = list(data.boards[by, unit]), list(data.boards["country", unit])
        made = review_charts(data)
        return render(
            site,
            "home.html.j2",
            title=f"{year} in review" + (" so far" if site.so_far(year) else ""),
            year=year,
            so_far=site.so_far(year),
            covered_to=site.covered_to,
            year_links=[(y, year_url(y, kinds), site.so_far(y)) for y in site.years],
            by=by,
            unit=unit,
            scope=f"Only {', '.join(kinds)} models." if kinds else "",
            total=data.total.releases.n,
            levels=[level.value for level in Level],
            units=[u.value for u in Unit],
            board=board,
            board_title=board_title(by, unit, str(year)),
            board_links=[charts.links(r, by, year, kinds) for r in board],
            board_chart=charts.leaderboard(board, by, year, unit, kinds=kinds),
            countries=countries,
            countries_title=board_title("country", unit, str(year)),
            caption=board_caption(unit, [n for n in (data.partial, data.dating) if n]),
            country_links=[charts.links(r, "country", year, kinds) for r in countries],
            country_chart=charts.leaderboard(countries, "country", year, unit, top=15, kinds=kinds),
            review=data,
            summary=[
                [(text, charts.list_link(data.lists[c.list], kinds) if c else None) for text, c in line]
                for line in summary(data)
            ],
            review_charts=[(c, charts.review_chart(c, kinds)) for c in made if c.name not in charts.SHOWN],
            claims=data.claims,
            featured=featured,
            downloads=[c.name for c in made] if downloads else [],
        )

    return await site.answer(("page-home", year, by, unit, tuple(modality or ())), make)


def year_url(year: int, modalities: tuple[str, ...]) -> str:
    """The year review of `year` (of the same modalities): the home page's year links, and the export's pages."""
    return Ask(year=year, modalities=modalities).url("/")


@router.get("/releases", response_class=HTMLResponse, include_in_schema=False)
async def explorer(
    request: Request,
    asked: Filters,
    q: Annotated[str, Query(max_length=200)] = "",
    sort: Annotated[str, Query(max_length=20)] = "date",
    order: Annotated[str, Query(max_length=4)] = "desc",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
    per_page: Annotated[int, Query()] = 50,
) -> Response:
    site = site_of(request)
    key = ("page-explorer", asked, q, sort, order, page, per_page)

    def make() -> Response:
        view = site.explore(asked, q, sort, order, page, per_page)
        return render(
            site,
            "explorer.html.j2",
            title="Releases",
            view=view,
            facets=site.facets,
            columns=COLUMNS,
            per_page_choices=PER_PAGE,
            csv_url=asked.url("/api/v1/releases", q=q, format="csv"),
            json_url=asked.url("/api/v1/releases", q=q),
        )

    return await site.answer(key, make)


@router.get("/releases/{release_id}", response_class=HTMLResponse, include_in_schema=False)
async def release(request: Request, release_id: str) -> Response:
    site = site_of(request)

    def make() -> Response:
        d = site.release(release_id)
        org = d.release["org"]
        compare = site.release_compare(release_id, org)
        adoption = site.release_adoption(release_id, org)
        return render(site, "release.html.j2", title=d.release["name"], d=d, compare=compare, adoption=adoption)

    return await site.answer(("page-release", release_id), make)


@router.get("/organizations", response_class=HTMLResponse, include_in_schema=False)
async def organizations(request: Request) -> Response:
    site = site_of(request)
    return await site.answer(
        ("page-orgs",),
        lambda: render(
            site, "organizations.html.j2", title="Organizations", orgs=site.organizations(), links=_org_links(site)
        ),
    )


def _org_links(site: Site) -> dict[str, str]:
    """The explorer at each organization's releases as `orgs` counts them: every tier, unreleased included."""
    tiers = tuple(str(t["value"]) for t in site.facets["tiers"])
    return {o["id"]: Ask(orgs=(o["id"],), tiers=tiers).url() for o in site.organizations().rows if o["releases"]}


@router.get("/organizations/{org_id}", response_class=HTMLResponse, include_in_schema=False)
async def organization(request: Request, org_id: str) -> Response:
    site = site_of(request)

    def make() -> Response:
        d = site.organization(org_id)
        oid = d.organization["id"]
        year_links = {
            int(r["year"]): {
                o: ask(int(r["year"]), [oid], None, None, openness=o if o != "all" else None).url()
                for o in ("all", "open", "closed", "unknown")
            }
            for r in d.per_year
        }
        return render(
            site,
            "organization.html.j2",
            title=d.organization["name"],
            d=d,
            chart=charts.per_year(d.per_year, oid) if d.per_year else None,
            year_links=year_links,
            all_url=ask(None, [oid], None, None).url(),
        )

    return await site.answer(("page-org", org_id), make)
