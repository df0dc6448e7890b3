"""The static export (`modelwatch serve --export`): the server's pages as files that work from file://."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.web.conftest import Server
from tests.web.test_browser import SIZES, Watch


@pytest.fixture(scope="module")
def exported(server: Server, tmp_path_factory: pytest.TempPathFactory) -> Path:
    from modelwatch.web.app import create_app
    from modelwatch.web.export import export_site

    out = tmp_path_factory.mktemp("export") / "site"
    export_site(create_app(claims_dir=FIXTURES / "claims"), out)
    return out


def test_every_page_is_a_file_with_relative_links(exported: Path) -> None:
    names = sorted(p.relative_to(exported).as_posix() for p in exported.rglob("*.html"))
    assert names == [
        "claims.html",
        "claims/fixture-claims.html",
        "claims/fixture-claims/cn-more-open-language.html",
        "claims/fixture-claims/cn-more-open.html",
        "claims/fixture-claims/dragon-2023.html",
        "claims/fixture-claims/dragon-leads.html",
        "claims/fixture-claims/dragon-open-share-fell.html",
        "claims/fixture-claims/eagle-handful-open.html",
        "claims/fixture-claims/tiger-busy.html",
        "index.html",
        "organizations.html",
        "organizations/dragon.html",
        "organizations/eagle-lab.html",
        "organizations/eagle-research.html",
        "organizations/eagle.html",
        "releases.html",
        "releases/dragon-1.html",
        "releases/dragon-2-vl.html",
        "releases/dragon-2.html",
        "releases/dragon-max.html",
        "releases/eagle-3.html",
        "releases/eagle-4-preview.html",
        "releases/eagle-open-1.html",
        "releases/eagle-time.html",
        "years/2024.html",  # the years before the home page's, one click from it
    ]
    for page in exported.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert re.findall(r'(?:href|src)="/', html) == [], page  # nothing points at a server
        for target in re.findall(r'(?:href|src)="(?![a-z]+:)([^"#]+)', html):
            assert (page.parent / target).exists(), f"{page}: {target}"
    home = (exported / "index.html").read_text(encoding="utf-8")
    assert 'href="releases.html#year=2025&amp;org=dragon&amp;openness=open"' in home


@pytest.mark.browser
@pytest.mark.parametrize("size", SIZES)
def test_the_export_works_offline_in_chromium(exported: Path, browser: Any, size: str) -> None:
    w = Watch(browser, size)
    for page in ("index.html", "releases.html", "releases/dragon-2.html", "organizations/dragon.html"):
        w.page.goto((exported / page).as_uri())
        charts = w.page.locator("div.vl").count()
        if charts:
            w.page.wait_for_function(f"document.querySelectorAll('div.vl svg.marks').length === {charts}")
        assert w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, page
    # the explorer opens newest first, as the server's does
    w.page.goto((exported / "releases.html").as_uri())
    newest = ["eagle-open-1", "dragon-max", "dragon-2", "dragon-2-vl", "eagle-3", "eagle-time", "dragon-1"]
    assert w.ids_static() == newest
    assert w.page.locator("select[name=order]").input_value() == "desc"
    # the explorer filters, searches and sorts in the page; its state is in the fragment
    w.page.goto((exported / "releases.html").as_uri() + "#country=US&sort=name&order=asc")
    assert w.ids_static() == ["eagle-3", "eagle-open-1", "eagle-time"]
    w.page.fill("input[name=q]", "dragon-vision")
    assert w.ids_static() == []  # the country filter still holds
    w.page.select_option("select[name=country]", "")
    assert w.ids_static() == ["dragon-2-vl"]
    assert "q=dragon-vision" in w.page.url
    # a chart bar opens the explorer at its releases
    w.page.goto((exported / "index.html").as_uri())
    w.page.wait_for_function(
        "document.querySelectorAll('div.vl svg.marks').length === document.querySelectorAll('div.vl').length"
    )
    w.page.locator("div.vl").first.locator("g.mark-rect path").first.click()
    w.page.wait_for_url("**/releases.html#year=2025&org=dragon&openness=open")
    assert w.ids_static() == ["dragon-2", "dragon-2-vl"]
    assert w.errors == []
    assert [u for u in w.requests if not u.startswith("file://")] == []


@pytest.mark.browser
def test_hostile_names_stay_text_in_the_export(hostile: Server, browser: Any, tmp_path: Path) -> None:
    from modelwatch.web.app import create_app
    from modelwatch.web.export import export_site

    export_site(create_app(claims_dir=FIXTURES / "claims"), tmp_path / "site")
    w = Watch(browser, "phone")
    for page in ("releases.html", "releases/mallory-x.html", "organizations/mallory.html", "index.html"):
        w.page.goto((tmp_path / "site" / page).as_uri())
        w.page.wait_for_timeout(300)
        assert w.page.evaluate("window.pwned === undefined"), page
        assert w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, page
    w.page.goto((tmp_path / "site" / "releases.html").as_uri() + "#q=script")
    assert w.ids_static() == ["mallory-x"]
    assert w.page.locator("#rows td[data-label=name] a").first.text_content() == (
        '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    )
    assert w.errors == []
    assert w.dialogs == []
