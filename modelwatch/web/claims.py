"""Claims: the bundled claim sets judged under every unit and level, the releases behind each,
and a form (and an API call) that judges a pasted claims file."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.web.api import json_response, site_of
from modelwatch.web.pages import render

if TYPE_CHECKING:
    from modelwatch.analyze.verdicts import ClaimRow

router = APIRouter()
MAX_BYTES = 200_000
PASTED = "pasted claims"


def claim_sets(folder: Path | None) -> dict[str, Path]:
    """The claim files on offer, by name: a fixed list, so no parameter can name another file."""
    folder = folder or config.PACKAGE_DIR.parent / "examples" / "claims"
    return {p.stem: p for p in sorted(folder.glob("*.toml"))} if folder.is_dir() else {}


def _set(request: Request, name: str) -> Path:
    sets = site_of(request).claim_sets
    if name not in sets:
        raise ModelwatchError(f"no claim set {name!r}; the sets are {', '.join(sets) or 'none'}")
    return sets[name]


def _judge_text(text: str) -> list[ClaimRow]:
    """Judge pasted TOML: written to a private temporary file, since the parser reads files."""
    from modelwatch.service.claims import check

    with tempfile.TemporaryDirectory(prefix="modelwatch-claims-") as tmp:
        path = Path(tmp) / "claims.toml"
        path.write_text(text, encoding="utf-8")
        try:
            return check(path)
        except ModelwatchError as exc:  # a DataError (problems of claims) or the whole file refused
            # name the input as the user knows it, not by the temporary path
            raise ModelwatchError(str(exc).replace(str(path), PASTED)) from None


async def _body(request: Request) -> str:
    from starlette.requests import ClientDisconnect

    try:
        raw = await request.body()
    except ClientDisconnect:  # the client went away mid-upload: nobody to answer, nothing to log
        raise ModelwatchError(f"{PASTED}: the upload was cut short") from None
    if len(raw) > MAX_BYTES:
        raise ModelwatchError(f"{PASTED}: larger than {MAX_BYTES // 1000} kB")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ModelwatchError(f"{PASTED}: not UTF-8 text") from None


@router.get("/claims", response_class=HTMLResponse, include_in_schema=False)
async def claims_home(request: Request) -> Response:
    site = site_of(request)
    sets = site.claim_sets
    return render(site, "claims.html.j2", title="Claims", sets=sets, verdicts=None, name=None, text="")


@router.post("/claims", response_class=HTMLResponse, include_in_schema=False)
async def claims_pasted(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    site = site_of(request)
    form = parse_qs(await _body(request))
    text = (form.get("claims") or [""])[0]
    if not text.strip():
        raise ModelwatchError(f"{PASTED}: empty; paste a claims file (TOML with [[claim]] tables)")
    verdicts = await run_in_threadpool(_judge_text, text)
    sets = site.claim_sets
    return render(site, "claims.html.j2", title="Claims", sets=sets, verdicts=verdicts, name=None, text=text)


@router.get("/claims/{name}", response_class=HTMLResponse, include_in_schema=False)
async def claim_set(request: Request, name: str) -> Response:
    from modelwatch.service.claims import check

    site = site_of(request)
    path = _set(request, name)
    sets = site.claim_sets

    def make() -> Response:
        return render(site, "claims.html.j2", title=name, sets=sets, verdicts=check(path), name=name, text="")

    return await site.answer(("page-claims", name), make)


@router.get("/claims/{name}/{claim_id}", response_class=HTMLResponse, include_in_schema=False)
async def claim_evidence(request: Request, name: str, claim_id: str) -> Response:
    from modelwatch.service.claims import explain

    site = site_of(request)
    path = _set(request, name)

    def make() -> Response:
        try:
            answer = explain(path, claim_id)
        except ModelwatchError as exc:  # named by its set, not by where the file lies on this machine
            raise ModelwatchError(str(exc).replace(str(path), name)) from None
        return render(site, "evidence.html.j2", title=claim_id, answer=answer, name=name)

    return await site.answer(("page-evidence", name, claim_id), make)


@router.get("/api/v1/claims/{name}", summary="A bundled claim set, judged under every unit and level")
async def api_claim_set(request: Request, name: str) -> Response:
    from modelwatch.service.claims import check

    site = site_of(request)
    path = _set(request, name)
    body = {"data_version": site.data_version, "snapshots": site.snapshots, "claims": None}
    return await site.answer(
        ("api-claims", name), lambda: json_response(body | {"claims": [c.as_json() for c in check(path)]})
    )


@router.post(
    "/api/v1/claims/check",
    summary="Judge a claims file (TOML, as the request body) under every unit and level",
    openapi_extra={
        "requestBody": {"required": True, "content": {"text/plain": {"schema": {"type": "string"}}}},
    },
)
async def api_check(request: Request) -> Response:
    from starlette.concurrency import run_in_threadpool

    site = site_of(request)
    text = await _body(request)
    verdicts = [c.as_json() for c in await run_in_threadpool(_judge_text, text)]
    return json_response({"data_version": site.data_version, "snapshots": site.snapshots, "claims": verdicts})
