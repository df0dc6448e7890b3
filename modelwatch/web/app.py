"""The web application: the JSON API, the pages, their assets, and the error boundary.

Everything it serves comes from itself (no CDN), under a Content-Security-Policy that allows no
inline script; errors are one line, never a traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from modelwatch.errors import ModelwatchError, one_line
from modelwatch.web import api, catalogues, claims, feeds, pages
from modelwatch.web.claims import claim_sets
from modelwatch.web.site import Site

# No inline script and no eval: Vega evaluates its expressions with vega-interpreter (see web/vega.py).
# Inline styles stay allowed: Vega and vega-embed set them on the elements they draw.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'"
)


# refusals that name something the store does not hold
NOT_FOUND = ("no release has", "no organization has", "no claim set")


class Headers:
    """Security headers and the data version on every response (a plain ASGI layer: cheap per request)."""

    def __init__(self, app: ASGIApp, data_version: str, snapshots: str) -> None:
        self.app = app
        self.extra = [
            (b"content-security-policy", CSP.encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY"),
            (b"x-data-version", data_version.encode()),
            (b"x-data-snapshots", snapshots.encode()),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + self.extra
            await send(message)

        await self.app(scope, receive, with_headers)


# The site's icon: an "m" on the open-weights green of the charts.
FAVICON = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" '
    b'fill="#1a9850"/><text x="8" y="12" font-family="sans-serif" font-size="11" text-anchor="middle" '
    b'fill="#fff">m</text></svg>'
)


def _line(exc: RequestValidationError) -> str:
    first: dict[str, Any] = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
    return f"{where}: {first.get('msg', 'invalid value')}" if where else str(first.get("msg", "invalid request"))


ECHO_LIMIT = 300  # characters of an error message: a 10 KB query value is named, not echoed whole


def _error(request: Request, status: int, message: str) -> Response:
    message = one_line(message, ECHO_LIMIT)  # one line, and a value echoed back is cut, not returned whole
    if request.url.path.startswith("/api/"):
        return api.json_response({"error": message, "status": status}, status)
    try:
        return pages.error_page(request, status, message)
    except Exception:  # noqa: BLE001 - the error page itself failed: still one line, never a traceback
        return Response(f"{status}: {message}\n", status_code=status, media_type="text/plain")


def create_app(
    site: Site | None = None, claims_dir: Path | None = None, featured: Path | None = None, report: bool = False
) -> FastAPI:
    """The app over `site` (opened from the store when not given); claim sets from `claims_dir` or the bundled ones.

    `featured`: one claims file, the only set, judged on the home page too. `report`: the pages as
    `modelwatch report` writes them: the home page links the chart files written beside it, and the only
    claims are the featured ones (none without).
    """
    site = site or Site.open()
    app = FastAPI(
        title="modelwatch",
        summary="Who released which AI models, when, from where, and how openly.",
        version=site.data_version,
        openapi_url="/api/v1/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.site = site
    site.claim_sets = {featured.stem: featured} if featured else {} if report else claim_sets(claims_dir)
    app.state.featured = featured.stem if featured else None
    app.state.report = report
    app.state.reviewed = None  # the year `modelwatch report` reviews (set by web.report), None when serving

    @app.exception_handler(ModelwatchError)
    async def refused(request: Request, exc: ModelwatchError) -> Response:
        status = 404 if str(exc).startswith(NOT_FOUND) else 400
        return _error(request, status, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 400, _line(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        return _error(request, 500, f"internal error ({type(exc).__name__}); the store is unchanged")

    @app.get("/favicon.ico", include_in_schema=False)
    async def favicon() -> Response:
        # a browser asks for it on every JSON page it opens: an icon, not a 404 each time
        return Response(FAVICON, media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})

    app.include_router(api.router)
    app.include_router(claims.router)
    app.include_router(catalogues.router)
    app.include_router(feeds.router)
    app.include_router(pages.router)
    snapshots = "; ".join(f"{s['source']}:{s['digest'][:12]}" for s in site.snapshots)
    app.add_middleware(Headers, data_version=site.data_version, snapshots=snapshots)
    return app
