"""The report in real headless Chromium: the site's pages offline from file://, no console errors, charts drawn,
nothing scrolling sideways on a phone, and every number and chart mark opening exactly its releases."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make system-deps)"),
]


@pytest.fixture
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Tab:
    """One page with what went wrong in it: console errors, requests that left the folder, dialogs."""

    def __init__(self, browser: Any, viewport: dict[str, int]) -> None:
        self.page = browser.new_page(viewport=viewport)
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def open(self, url: str) -> None:
        """Open a page and wait until each of its charts has drawn its marks."""
        self.page.goto(url)
        charts = self.page.locator("div.vl").count()
        if charts:
            self.page.wait_for_function(
                f"document.querySelectorAll('div.vl svg.marks').length === {charts}", timeout=20_000
            )

    def ids(self) -> list[str]:
        """The releases the static explorer shows, once its script has drawn them."""
        self.page.wait_for_timeout(100)
        hrefs: list[str] = self.page.eval_on_selector_all(
            "#rows td[data-label=name] a", "els => els.map(e => e.getAttribute('href'))"
        )
        return sorted(h.rsplit("/", 1)[-1].removesuffix(".html") for h in hrefs)

    def sideways(self) -> int:
        return int(self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def _report(mw: Mw, out: Path) -> Path:
    claims = FIXTURES / "claims" / "fixture-claims.toml"
    r = mw("report", "--year", "2025", "--out", str(out), "--claims", str(claims))
    assert r.code == 0, r.err
    return out


@pytest.mark.parametrize("data", ["registry", "hostile"])
def test_every_report_page_fits_a_phone_offline(
    mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any, data: str
) -> None:
    monkeypatch.setenv("MODELWATCH_DATA", str(FIXTURES / data))
    out = _report(mw, tmp_path / "site")
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 10
    ARTIFACTS.mkdir(exist_ok=True)
    desktop = Tab(browser, DESKTOP)
    desktop.open((out / "index.html").as_uri())
    assert desktop.page.locator("div.vl g.mark-rect path, div.vl g.mark-symbol path").count() > 0  # charts have marks
    desktop.page.screenshot(path=str(ARTIFACTS / f"report-{data}-desktop.png"), full_page=True)
    phone = Tab(browser, PHONE)
    for page in pages:
        phone.open(page.as_uri())
        assert phone.sideways() <= 0, f"{page.relative_to(out)} scrolls sideways at 390 px"
        assert phone.page.evaluate("window.pwned === undefined"), page
    phone.open((out / "index.html").as_uri())
    phone.page.screenshot(path=str(ARTIFACTS / f"report-{data}-phone.png"), full_page=True)
    for tab in (desktop, phone):
        assert tab.errors == []
        assert tab.dialogs == []
        assert [u for u in tab.requests if not u.startswith("file://")] == []


# The summary's numbers, as the fixture registry has them: the link and the releases it opens.
NUMBERS = [
    ("releases.html#year=2025&org=dragon", ["dragon-2", "dragon-2-vl", "dragon-max"]),
    ("releases.html#year=2025&org=dragon&openness=open", ["dragon-2", "dragon-2-vl"]),
    ("releases.html#year=2025&country=US&openness=closed", ["eagle-3"]),
    ("releases.html#year=2024&country=CN", ["dragon-1"]),
    ("releases.html#year=2025&openness=open", ["dragon-2", "dragon-2-vl", "eagle-open-1", "eagle-time"]),
]
# Each bar of the monthly chart: the explorer it opens and the releases there.
MONTHS = {
    "country=CN&openness=open&from=2025-03-01&to=2025-03-31": ["dragon-2", "dragon-2-vl"],
    "country=CN&openness=closed&from=2025-06-01&to=2025-06-30": ["dragon-max"],
    "country=US&openness=closed&from=2025-02-01&to=2025-02-28": ["eagle-3"],
    "country=US&openness=open&from=2025-02-01&to=2025-02-28": ["eagle-time"],
    "country=US&openness=open&from=2025-08-01&to=2025-08-31": ["eagle-open-1"],
}
# Each dot of the timeline: the organization's releases of that day.
DAYS = {
    "org=dragon&from=2025-03-10&to=2025-03-10": ["dragon-2", "dragon-2-vl"],
    "org=dragon&from=2025-06-01&to=2025-06-01": ["dragon-max"],
    "org=eagle-lab&from=2025-02-01&to=2025-02-01": ["eagle-3"],
    "org=eagle-lab&from=2025-08-05&to=2025-08-05": ["eagle-open-1"],
    "org=eagle-research&from=2025-02-01&to=2025-02-01": ["eagle-time"],
}


def test_numbers_and_chart_marks_open_exactly_their_releases(mw: Mw, tmp_path: Path, browser: Any) -> None:
    out = _report(mw, tmp_path / "site")
    index = (out / "index.html").read_text()
    tab = Tab(browser, PHONE)
    for href, ids in NUMBERS:
        assert f'href="{href.replace("&", "&amp;")}"' in index
        tab.page.goto((out / href.split("#")[0]).as_uri() + "#" + href.split("#")[1])
        assert tab.ids() == ids, href
    # a bar per month, country and openness; a dot per release (Dragon 2 and Dragon 2 VL share theirs)
    for section, expected, count in (("open-closed-by-country-month", MONTHS, 5), ("release-timeline", DAYS, 6)):
        marks = f"h2#{section} + figure div.vl path[role=graphics-symbol]"
        tab.open((out / "index.html").as_uri())
        assert tab.page.locator(marks).count() == count, section
        seen = set()
        for n in range(count):
            tab.open((out / "index.html").as_uri())
            tab.page.locator(marks).nth(n).click(force=True)  # two dots of one day overlap: the same link
            tab.page.wait_for_url("**/releases.html#*")
            fragment = tab.page.url.split("#", 1)[1]
            assert tab.ids() == expected[fragment], fragment
            seen.add(fragment)
        assert seen == set(expected)  # every mark, each to its own releases
    assert tab.errors == []
