"""The site as static files that open from file:// with no network (`modelwatch serve --export DIR`).

Each page is rendered by the app itself, in-process, so the export and the server cannot disagree;
links are then rewritten to relative files. The explorer becomes one page filtering, sorting and
paging the releases in the browser, its state in the URL fragment.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote

from modelwatch.errors import ModelwatchError
from modelwatch.files import ensure_dir, own_subdir, write_bytes
from modelwatch.tiers import Tier
from modelwatch.web.site import COLUMNS

# the scripts, the style and the licence of the vendored code, served by the app and copied beside the pages
ASSETS = ("site.css", "site.js", "explorer.js", "vega.js", "vega-interpreter.LICENSE")


# The file that marks a folder as a site modelwatch wrote (`report --out`, `serve --export`): a later run
# may write over such a folder, and over nothing else that is not empty.
SITE_MARK = "modelwatch-site.json"


def claim_folder(out_dir: Path) -> Path:
    """The folder to write the site into: new, empty, or a previous site of ours (its SITE_MARK says so).

    Anything else is refused before a byte is written: the site's pages (index.html, assets/site.css ...)
    would replace a user's own files of those names. The mark is written first, so a run cut short leaves a
    folder that the next run recognises."""
    from modelwatch.files import write_text
    from modelwatch.version import __version__

    out_dir = Path(out_dir)
    if out_dir.is_dir():
        try:
            present = sorted(p.name for p in out_dir.iterdir())
        except OSError as exc:
            raise ModelwatchError(f"{out_dir}: cannot read this folder: {exc.strerror or exc}") from None
        if present and not _our_site(out_dir):
            shown = ", ".join(present[:3]) + (" ..." if len(present) > 3 else "")
            raise ModelwatchError(
                f"{out_dir}: not empty and not a site modelwatch wrote (holds {shown}); choose a new or empty "
                f"folder: the site's pages would replace files of the same names (a site of an earlier modelwatch "
                f"has no {SITE_MARK}: remove it first)"
            )
    ensure_dir(out_dir)
    mark = {
        "generator": f"modelwatch {__version__}",
        "kind": "site",
        "note": "written by modelwatch report / serve --export",
    }
    write_text(out_dir / SITE_MARK, json.dumps(mark, indent=2) + "\n")
    return out_dir


def _our_site(out_dir: Path) -> bool:
    mark = out_dir / SITE_MARK
    if mark.is_symlink():
        return False
    try:
        found = json.loads(mark.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(found, dict) and str(found.get("generator", "")).startswith("modelwatch ")


@dataclass
class ExportResult:
    out_dir: Path
    pages: int
    files: list[Path] = field(default_factory=list)
    feeds: int = 0  # files: an Atom and a JSON Feed document per feed


async def _get(app: Any, path: str) -> tuple[int, bytes]:
    """One GET through the ASGI app, with no socket."""
    raw, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": unquote(raw),
        "raw_path": raw.encode(),
        "query_string": query.encode(),
        "headers": [(b"host", b"export")],
        "server": ("export", 80),
        "client": ("127.0.0.1", 0),
        "root_path": "",
    }
    status = 0
    body = bytearray()

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]
        elif message["type"] == "http.response.body":
            body.extend(message.get("body", b""))

    await app(scope, receive, send)
    return status, bytes(body)


FEEDS = ("feed.xml", "feed.json")
SEGMENT = r"[A-Za-z0-9._%-]+"


def _file(path: str, home: str = "/") -> str:
    """The file a site path is exported to, relative to the export's root; '' when it is not exported.

    The home page (`home`, or / with no query) is index.html; another year's review (/?year=2025) is
    years/2025.html."""
    raw, _, query = path.partition("?")
    parts = [p for p in raw.split("/") if p]
    if not parts:
        year = parse_qs(query).get("year", [""])[0]
        return f"years/{year}.html" if path != home and re.fullmatch(r"[0-9]{1,4}", year) else "index.html"
    if parts[-1] in FEEDS and all(re.fullmatch(SEGMENT, p) for p in parts):
        return "/".join(parts)
    head = parts[0]
    if head == "releases" and len(parts) == 1:
        return "releases.html" + (f"#{query}" if query else "")
    if head == "compare" and len(parts) == 2 and "summary=true" in query:
        return f"compare/{parts[1]}-summary.html"
    if head in ("releases", "organizations", "claims", "compare", "ecosystem") and all(
        re.fullmatch(SEGMENT, p) for p in parts
    ):
        return "/".join(parts) + ".html"
    if head == "static" and len(parts) == 2:
        return f"assets/{parts[1]}"
    return ""


def _relative(html: str, depth: int, home: str = "/") -> str:
    """Links and assets as relative files; API links and forms that need the server are dropped."""
    up = "../" * depth
    html = re.sub(r' ?<a href="/api/v1/openapi.json">API</a>', "", html)
    html = re.sub(r'<a href="/api/[^"]*"[^>]*>(.*?)</a>', r"\1", html)
    html = re.sub(r'<form class="(bar|paste)".*?</form>', "", html, flags=re.S)
    html = re.sub(r"<h2>Check your own claims</h2>", "", html)

    def link(m: re.Match[str]) -> str:
        target = _file(m.group(2).replace("&amp;", "&"), home)
        if not target:
            return m.group(0)
        return f'{m.group(1)}="{up}{target.replace("&", "&amp;")}"'

    html = re.sub(r'(href|src)="(/[^"]*)"', link, html)
    # charts link through site.js, which reads the root from here
    return html.replace('<html lang="en">', f'<html lang="en" data-root="{up or "./"}">', 1)


def _write(out_dir: Path, target: str, data: bytes) -> Path:
    """One file of the export, atomically; its folders are our own (a link planted in their place is refused)."""
    folder = ensure_dir(out_dir)
    *subdirs, name = target.split("/")
    for sub in subdirs:
        folder = own_subdir(folder, sub)
    write_bytes(folder / name, data)
    return folder / name


def _bounds(label: str) -> tuple[str, str]:
    from modelwatch.dates import parse_date

    d = parse_date(label)
    return d.earliest.isoformat(), d.latest.isoformat()


def _explorer(app: Any) -> bytes:
    """The explorer over every release, filtered in the browser; the data in an escaped attribute."""
    from modelwatch import service
    from modelwatch.analyze.counts import Filters
    from modelwatch.web.pages import render

    site = app.state.site
    rows = service.releases(Filters(include_unreleased=True)).rows
    data = {
        # one list per release: the page's columns, then the id and the openness its tier gives
        # then the date's earliest and latest day: the year and from/to filters and the sort read those
        "rows": [
            [str(r["date"]), *(r[c] for c in COLUMNS[1:]), r["id"], Tier(r["tier"]).openness, *_bounds(r["date"])]
            for r in rows
        ],
        "members": site.members,
        "groups": {o["id"]: o["group"] or o["id"] for o in site.organizations().rows},
        "kinds": {o["id"]: o["kind"] for o in site.organizations().rows},
    }
    html = render(
        site,
        "explorer_static.html.j2",
        title="Releases",
        facets=site.facets,
        columns=COLUMNS,
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    ).body
    return bytes(html)


def export_site(app: Any, out_dir: Path, home: str = "/") -> ExportResult:
    """Write every page of the site under `out_dir`: index (the page at `home`; the latest year's review when
    it is /), the other years' reviews, explorer, releases, organizations, claims, compare, and the feeds."""
    from modelwatch import service
    from modelwatch.analyze.counts import Filters
    from modelwatch.service.claims import check
    from modelwatch.web.feeds import document, every_feed, feed_path
    from modelwatch.web.pages import year_url

    claim_folder(out_dir)  # before any work: a user's folder is refused, not overwritten
    site = app.state.site
    if home == "/":  # the latest year, as the server opens on it; its own link is then index.html too
        home = year_url(site.default_year, ())
    every = service.releases(Filters(include_unreleased=True)).rows
    site.warm([r["id"] for r in every], [o["value"] for o in site.facets["orgs"]])
    paths = [home, "/organizations", *(["/claims"] if site.claim_sets else [])]
    # every other year's review, one click from the home page's year links
    kinds = tuple(parse_qs(home.partition("?")[2]).get("modality", []))
    paths += [year_url(y, kinds) for y in site.years]
    paths += [f"/releases/{quote(r['id'], safe='')}" for r in every]
    paths += [f"/organizations/{quote(o['value'], safe='')}" for o in site.facets["orgs"]]
    for name, path in site.claim_sets.items():
        paths.append(f"/claims/{quote(name, safe='')}")
        paths += [f"/claims/{quote(name, safe='')}/{quote(c.id, safe='')}" for c in check(path)]
    if site.catalogues:
        paths.append("/compare")
        for source in site.catalogues:
            paths += [f"/compare/{source}", f"/compare/{source}?summary=true"]
    if site.has_dump:
        paths.append("/ecosystem")
    files: list[Path] = []

    async def run() -> None:
        for path in dict.fromkeys(paths):
            status, body = await _get(app, path)
            if status != 200:
                raise ModelwatchError(f"export: {path} answered {status}: {body[:200].decode(errors='replace')}")
            target = _file(path, home)
            files.append(_write(out_dir, target, _relative(body.decode(), target.count("/"), home).encode()))
        for asset in ASSETS:
            status, body = await _get(app, f"/static/{asset}")
            files.append(_write(out_dir, f"assets/{asset}", body))

    # on a thread of its own: the caller may itself be inside an event loop
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, run()).result()
    files.append(_write(out_dir, "releases.html", _relative(_explorer(app).decode(), 0, home).encode()))
    pages, assets = len(files) - len(ASSETS), len(files)
    for data in every_feed(site):
        for fmt in ("xml", "json"):
            target = _file(feed_path(data) + "." + fmt)
            up = "../" * target.count("/")

            def link(path: str, up: str = up) -> str:  # relative to the feed's own file
                return up + _file(path, home)

            files.append(_write(out_dir, target, document(data, fmt, link)))
    return ExportResult(out_dir, pages, files, len(files) - assets)
