"""Catalogue comparisons and Hub ecosystems on the site and in the API, when the store holds them."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from markupsafe import escape

from modelwatch.sources import epoch, hub, hub_dump
from tests.analyze.test_ecosystem import tiny_dump
from tests.conftest import FIXTURES
from tests.web.conftest import Server, cli, start


def _sync_hub(work: Path) -> None:
    """A Hub sync from recorded responses (no network), so that release pages show adoption."""
    from modelwatch.service.hub import sync_hub
    from modelwatch.sources import _http
    from tests.sources.fakehub import FakeHub

    saved = {k: os.environ.get(k) for k in ("HF_ENDPOINT", "HF_HUB_DISABLE_TELEMETRY", "HF_HOME")}
    os.environ |= {"HF_ENDPOINT": "https://hub.test", "HF_HUB_DISABLE_TELEMETRY": "1", "HF_HOME": str(work / "hf")}
    sleep = _http.sleep
    _http.sleep = lambda _s: None  # type: ignore[assignment]
    try:
        sync_hub(transport=FakeHub().transport())
    finally:
        _http.sleep = sleep  # type: ignore[assignment]
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A store holding an Epoch AI snapshot and a Hub dump besides the fixture registry."""
    work = tmp_path_factory.mktemp("web-full")

    def prepare() -> None:
        from modelwatch.service.catalogues import import_catalogue
        from modelwatch.service.ecosystem import import_hub_dump

        import_catalogue("epoch", FIXTURES / "catalogues" / "epoch" / "dragon-catalogue.csv")
        import_hub_dump(tiny_dump(work / "tiny.parquet"))
        _sync_hub(work)

    yield from start(work / "home", FIXTURES / "registry", prepare)


@pytest.mark.parametrize(
    ("api", "args"),
    [
        ("/api/v1/compare/epoch", ["compare", "epoch"]),
        ("/api/v1/compare/epoch?summary=true&year=2025", ["compare", "epoch", "--summary", "--year", "2025"]),
        ("/api/v1/ecosystem", ["ecosystem"]),
        ("/api/v1/ecosystem?by=country&top=5", ["ecosystem", "--by", "country", "--top", "5"]),
        ("/api/v1/ecosystem?monthly=true", ["ecosystem", "--monthly"]),
        ("/api/v1/ecosystem?by=line", ["ecosystem", "--by", "line"]),
        ("/api/v1/ecosystem?by=family", ["ecosystem", "--by", "line"]),
        ("/api/v1/ecosystem?by=region", ["ecosystem", "--by", "region"]),
    ],
)
def test_the_api_gives_the_cli_rows(full: Server, api: str, args: list[str]) -> None:
    got: Any = full.get(api).json()
    assert "rows" in got, got
    assert got["rows"] == json.loads(cli(full, *args, "-f", "json"))
    assert {s["source"] for s in got["snapshots"]} == {"registry", "epoch", "hub-dump", "hub"}


def test_pages_link_releases_and_organizations(full: Server) -> None:
    home = full.get("/").text
    assert '<a href="/compare">Catalogues</a>' in home
    assert '<a href="/ecosystem">Ecosystem</a>' in home
    page = full.get("/compare/epoch").text
    assert '<a href="/releases/dragon-1">dragon-1</a>' in page
    assert '<a href="/organizations/dragon">dragon</a>' in page
    assert str(escape(epoch.ATTRIBUTION)) in page  # the attribution, as the source module words it
    assert "<th>line</th>" in full.get("/ecosystem?by=line").text
    # the model line's first name is still read (an old link keeps working), and never offered
    assert full.get("/ecosystem?by=family").text == full.get("/ecosystem?by=line").text
    assert "by=family" not in full.get("/ecosystem").text
    # a release page says what the catalogue says about it
    vl = full.get("/releases/dragon-2-vl").text
    assert "<h3>Epoch AI</h3>" in vl
    assert (
        '<td data-label="finding">date_conflict</td><td class="date" data-label="registry date">2025-03-10</td>' in vl
    )
    dragon2 = full.get("/releases/dragon-2").text
    assert "Agrees with the registry (no finding)." in dragon2
    # and its Hub adoption, from the sync, as `modelwatch adoption` counts it
    assert "<h2>Adoption on the Hub</h2>" in dragon2
    row = next(
        r for r in json.loads(cli(full, "adoption", "--org", "dragon", "-f", "json")) if r["release"] == "dragon-2"
    )
    assert f"<dt>Downloads, last 30 days</dt><dd>{row['downloads_30d']}</dd>" in dragon2


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/v1/compare/wikipedia", 400, "unknown catalogue 'wikipedia'; one of epoch, openrouter, modelsdev"),
        (
            "/api/v1/compare/openrouter",
            400,
            "no openrouter snapshot imported yet; run `modelwatch import openrouter PATH`",
        ),
        ("/api/v1/ecosystem?top=0", 400, "top: Input should be greater than or equal to 1"),
        ("/api/v1/ecosystem?by=planet", 400, "by: String should match pattern '^(org|group|country|region|line)$'"),
    ],
)
def test_bad_requests_get_one_line(full: Server, path: str, status: int, message: str) -> None:
    got = full.get(path)
    assert (got.status, got.json()) == (status, {"error": message, "status": status})


def test_without_a_dump_the_ecosystem_says_how_to_get_one(server: Server) -> None:
    got = server.get("/api/v1/ecosystem")
    assert got.json() == {
        "error": "no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first",
        "status": 400,
    }
    assert "/ecosystem" not in server.get("/").text


@pytest.mark.parametrize("module", [epoch, hub, hub_dump])
def test_an_attribution_reads_the_same_in_the_report_and_on_the_site(
    full: Server, tmp_path: Path, module: ModuleType
) -> None:
    shown = str(escape(module.ATTRIBUTION))  # both pages escape text the same way (Jinja2 autoescape)
    assert f"<span>{shown}</span>" in full.get("/").text  # the whole text, not a part of another wording
    # the report is the site's pages (the catalogue comparisons included), so it credits the same sources
    cli(full, "report", "--year", "2025", "--out", str(tmp_path / "report"))
    assert f"<span>{shown}</span>" in (tmp_path / "report" / "index.html").read_text()
