"""The site in real headless Chromium at a desktop and a phone size: nothing scrolls sideways, no console
error, no request leaves the origin; search, filters, sort and chart clicks give the right rows."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, FIXTURES
from tests.web.conftest import Server, start

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
SIZES = {"desktop": (1440, 900), "phone": (390, 844)}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make system-deps)"),
]


@pytest.fixture(scope="module", params=["registry", "hostile"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp(f"browser-{request.param}"), FIXTURES / request.param, prepare)


def prepare() -> None:
    """An Epoch AI snapshot in the store, so that the catalogue pages show."""
    from modelwatch.service.catalogues import import_catalogue

    import_catalogue("epoch", FIXTURES / "catalogues" / "epoch" / "dragon-catalogue.csv")


class Watch:
    """A page with its console errors, the requests it made, and any dialog a script opened."""

    def __init__(self, browser: Any, size: str) -> None:
        width, height = SIZES[size]
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dismiss)

    def _dismiss(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def ids(self) -> list[str]:
        hrefs: list[str] = self.page.eval_on_selector_all(
            "table.explorer tbody td[data-label=name] a", "els => els.map(e => e.getAttribute('href'))"
        )
        return [h.removeprefix("/releases/") for h in hrefs]

    def ids_static(self) -> list[str]:
        """The rows of the static explorer, once its script has drawn them."""
        self.page.wait_for_timeout(100)
        hrefs: list[str] = self.page.eval_on_selector_all(
            "#rows td[data-label=name] a", "els => els.map(e => e.getAttribute('href'))"
        )
        return [h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs]


PAGES = {
    "registry": [
        "/",
        "/releases?year=2025",
        "/releases/dragon-2",
        "/organizations/dragon",
        "/organizations",
        "/claims/fixture-claims",
        "/claims/fixture-claims/dragon-leads",
        "/compare/epoch",
        "/compare/epoch?summary=true",
    ],
    "hostile": ["/?year=2025", "/releases", "/releases/mallory-x", "/organizations/mallory", "/compare/epoch"],
}


@pytest.mark.parametrize("size", SIZES)
def test_pages_fit_and_stay_on_the_origin(site: Server, browser: Any, size: str) -> None:
    data = site.data.name
    w = Watch(browser, size)
    for n, path in enumerate(PAGES[data]):
        w.page.goto(site.base + path)
        charts = w.page.locator("div.vl").count()
        if charts:
            w.page.wait_for_function(
                f"document.querySelectorAll('div.vl svg.marks').length === {charts}", timeout=20_000
            )
        scroll = w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        ARTIFACTS.mkdir(exist_ok=True)
        w.page.screenshot(path=str(ARTIFACTS / f"web-{data}-{size}-{n}.png"), full_page=True)
        assert scroll <= 0, f"{path} scrolls sideways by {scroll} px at {size}"
        assert w.page.evaluate("window.pwned === undefined")
    w.page.close()
    assert w.errors == []
    assert w.dialogs == []
    assert [u for u in w.requests if not u.startswith(site.base + "/")] == []


@pytest.mark.parametrize("site", ["registry"], indirect=True)  # the fixture registry has the rows to check
@pytest.mark.parametrize("size", SIZES)
def test_search_filter_sort_in_the_browser(site: Server, browser: Any, size: str) -> None:
    w = Watch(browser, size)
    w.page.goto(site.base + "/releases")
    w.page.fill("input[name=q]", "dragon 2")
    w.page.press("input[name=q]", "Enter")
    w.page.wait_for_url("**q=dragon+2**")
    assert w.ids() == ["dragon-2", "dragon-2-vl"]
    w.page.select_option("select[name=modality]", "vision-language")  # applies at once
    w.page.wait_for_url("**modality=vision-language**")
    assert w.ids() == ["dragon-2-vl"]
    w.page.goto(site.base + "/releases?country=US")
    if size == "desktop":  # column headers sort
        w.page.click("th >> text=name")
        w.page.wait_for_url("**sort=name&order=asc**")
        assert w.ids() == ["eagle-3", "eagle-open-1", "eagle-time"]
        w.page.click("th >> text=name")
        w.page.wait_for_url(lambda url: "sort=name" in url and "order=asc" not in url)
        assert w.ids() == ["eagle-time", "eagle-open-1", "eagle-3"]
    # on a phone the headers are hidden: the form's sort fields do it (the order field applies at once)
    w.page.select_option("select[name=sort]", "name")
    w.page.wait_for_url("**sort=name**")
    w.page.select_option("select[name=order]", "asc")
    w.page.wait_for_url("**order=asc**")
    assert w.ids() == ["eagle-3", "eagle-open-1", "eagle-time"]
    # the state is in the URL: reloading it shows the same rows
    w.page.reload()
    assert w.ids() == ["eagle-3", "eagle-open-1", "eagle-time"]
    assert w.errors == []


@pytest.mark.parametrize("site", ["registry"], indirect=True)  # the fixture registry has the rows to check
@pytest.mark.parametrize("size", SIZES)
def test_a_chart_bar_opens_its_releases(site: Server, browser: Any, size: str) -> None:
    w = Watch(browser, size)
    w.page.goto(site.base + "/?year=2025")
    w.page.wait_for_function(
        "document.querySelectorAll('div.vl svg.marks').length === document.querySelectorAll('div.vl').length",
        timeout=20_000,
    )
    # the first bar of the first chart: Dragon AI's open releases of 2025
    w.page.locator("div.vl").first.locator("g.mark-rect path").first.click()
    w.page.wait_for_url("**/releases?year=2025&org=dragon&openness=open")
    assert w.ids() == ["dragon-2", "dragon-2-vl"]
    assert w.errors == []


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@pytest.mark.parametrize("site", ["registry"], indirect=True)
@pytest.mark.parametrize("size", SIZES)
def test_the_timeline_names_each_month_once_at_any_width(site: Server, browser: Any, size: str) -> None:
    w = Watch(browser, size)
    w.page.goto(site.base + "/")
    w.page.wait_for_function("document.querySelector('#release-timeline + figure svg.marks') !== null")
    labels = w.page.eval_on_selector_all(
        "#release-timeline + figure g.role-axis-label text", "els => els.map(e => e.textContent)"
    )
    assert [t for t in labels if t in MONTHS] == MONTHS
    assert w.errors == []
