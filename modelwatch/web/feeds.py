"""The feeds, served and exported: /feed.xml and /feed.json (every release), one per organization and per
country, and /proposals/feed.* for curators.

The server gives absolute addresses (from the request's own); the static export gives addresses relative
to the feed's file, which a reader resolves against the address it fetched the feed from.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.exceptions import HTTPException

from modelwatch.web.api import site_of

if TYPE_CHECKING:
    from modelwatch.analyze.feeds import FeedData, ProposalEntry, ReleaseEntry
    from modelwatch.web.site import Site

router = APIRouter()
FORMATS = {"xml": "application/atom+xml; charset=utf-8", "json": "application/feed+json; charset=utf-8"}


def feed_data(site: Site, kind: str, key: str = "") -> FeedData:
    from modelwatch.service.feeds import proposal_feed, release_feeds

    if kind == "proposals":
        return site.cached(("feed", kind), proposal_feed)
    return site.cached(("feed", kind, key), lambda: release_feeds([(kind, key)])[0])


# the site's paths of a feed, without the extension: feed.xml is Atom, feed.json JSON Feed
PATHS = {
    "releases": "/feed",
    "organization": "/organizations/{}/feed",
    "country": "/countries/{}/feed",
    "proposals": "/proposals/feed",
}


def feed_path(data: FeedData) -> str:
    return PATHS[data.kind].format(quote(data.key, safe=""))


def _page(data: FeedData) -> str:
    """The site page a feed is about."""
    if data.kind == "organization":
        return f"/organizations/{quote(data.key, safe='')}"
    if data.kind == "country":
        return "/releases?" + urlencode({"country": data.key})
    return "/releases"


def _entry_page(e: ReleaseEntry | ProposalEntry) -> str:
    """A release's page; a proposal's: the release it changes, else its organization's page (the list of
    organizations for a proposed new one)."""
    from modelwatch.analyze.feeds import ReleaseEntry

    release = e.release if isinstance(e, ReleaseEntry) else e.target
    if release:
        return f"/releases/{quote(release, safe='')}"
    if isinstance(e, ReleaseEntry) or e.kind != "organization":
        return f"/organizations/{quote(e.org, safe='')}"
    return "/organizations"


def document(data: FeedData, fmt: str, link: Callable[[str], str]) -> bytes:
    """The feed as Atom (`xml`) or JSON Feed (`json`); `link` gives the address of a site path."""
    from modelwatch.publish.feeds import Addresses, atom, json_feed

    path = feed_path(data)
    to = Addresses(link(path + ".xml"), link(path + ".json"), link(_page(data)), lambda e: link(_entry_page(e)))
    return atom(data, to) if fmt == "xml" else json_feed(data, to)


async def _serve(request: Request, kind: str, key: str, fmt: str) -> Response:
    site = site_of(request)
    if fmt not in FORMATS:
        raise HTTPException(404, f"no feed.{fmt}: the feeds are feed.xml (Atom) and feed.json (JSON Feed)")
    if kind == "organization" and key not in {o["value"] for o in site.facets["orgs"]}:
        raise HTTPException(404, f"no organization has the id {key!r}")
    if kind == "country" and key not in {c["value"] for c in site.facets["countries"]}:
        raise HTTPException(404, f"no organization has the country {key!r}")
    root = str(request.base_url).rstrip("/")

    def make() -> Response:
        body = document(feed_data(site, kind, key), fmt, lambda path: root + path)
        return Response(body, media_type=FORMATS[fmt])

    return await site.answer(("feed-doc", kind, key, fmt, root), make)


@router.get("/feed.{fmt}", include_in_schema=False)
async def releases(request: Request, fmt: str) -> Response:
    return await _serve(request, "releases", "", fmt)


@router.get("/organizations/{org_id}/feed.{fmt}", include_in_schema=False)
async def organization(request: Request, org_id: str, fmt: str) -> Response:
    return await _serve(request, "organization", org_id, fmt)


@router.get("/countries/{code}/feed.{fmt}", include_in_schema=False)
async def country(request: Request, code: str, fmt: str) -> Response:
    return await _serve(request, "country", code.upper(), fmt)  # /countries/cn/ as /countries/CN/


@router.get("/proposals/feed.{fmt}", include_in_schema=False)
async def proposals(request: Request, fmt: str) -> Response:
    return await _serve(request, "proposals", "", fmt)


def every_feed(site: Site) -> list[FeedData]:
    """Every feed of the site (the export writes them all): releases, each organization, each country,
    the proposals; the release feeds over one connection."""
    from modelwatch.service.feeds import release_feeds

    scopes = [("releases", "")]
    scopes += [("organization", str(o["value"])) for o in site.facets["orgs"]]
    scopes += [("country", str(c["value"])) for c in site.facets["countries"] if c["value"]]  # not "none recorded"
    return [*release_feeds(scopes), feed_data(site, "proposals")]
