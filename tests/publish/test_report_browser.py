"""The report in real headless Chromium: the site's pages offline from file://, no console errors, charts drawn,
nothing scrolling sideways on a phone, and every number and chart mark opening exactly its releases."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import CHROMIUM, FIXTURES, Run
from tests.web.test_browser import ARTIFACTS, Watch

Mw = Callable[..., Run]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium not installed (make system-deps)"),
]


def _open(w: Watch, url: str) -> None:
    """Open a page and wait until each of its charts has drawn its marks."""
    w.page.goto(url)
    charts = w.page.locator("div.vl").count()
    if charts:
        w.page.wait_for_function(f"document.querySelectorAll('div.vl svg.marks').length === {charts}", timeout=20_000)


def _sideways(w: Watch) -> int:
    return int(w.page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


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
    desktop = Watch(browser, "desktop")
    _open(desktop, (out / "index.html").as_uri())
    assert desktop.page.locator("div.vl g.mark-rect path, div.vl g.mark-symbol path").count() > 0  # charts have marks
    desktop.page.screenshot(path=str(ARTIFACTS / f"report-{data}-desktop.png"), full_page=True)
    phone = Watch(browser, "phone")  # 390 x 844
    for page in pages:
        _open(phone, page.as_uri())
        assert _sideways(phone) <= 0, f"{page.relative_to(out)} scrolls sideways at 390 px"
        assert phone.page.evaluate("window.pwned === undefined"), page
    _open(phone, (out / "index.html").as_uri())
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
# Each mark of a chart: a bar of the monthly chart (a country's open or closed releases of a month), a dot of
# the timeline (an organization's releases of a day); the explorer it opens, and the releases there.
MARKS = {
    "open-closed-by-country-month": {
        "country=CN&openness=open&from=2025-03-01&to=2025-03-31": ["dragon-2", "dragon-2-vl"],
        "country=CN&openness=closed&from=2025-06-01&to=2025-06-30": ["dragon-max"],
        "country=US&openness=closed&from=2025-02-01&to=2025-02-28": ["eagle-3"],
        "country=US&openness=open&from=2025-02-01&to=2025-02-28": ["eagle-time"],
        "country=US&openness=open&from=2025-08-01&to=2025-08-31": ["eagle-open-1"],
    },
    "release-timeline": {
        "org=dragon&from=2025-03-10&to=2025-03-10": ["dragon-2", "dragon-2-vl"],
        "org=dragon&from=2025-06-01&to=2025-06-01": ["dragon-max"],
        "org=eagle-lab&from=2025-02-01&to=2025-02-01": ["eagle-3"],
        "org=eagle-lab&from=2025-08-05&to=2025-08-05": ["eagle-open-1"],
        "org=eagle-research&from=2025-02-01&to=2025-02-01": ["eagle-time"],
    },
}


def test_numbers_and_chart_marks_open_exactly_their_releases(mw: Mw, tmp_path: Path, browser: Any) -> None:
    out = _report(mw, tmp_path / "site")
    index = (out / "index.html").read_text()
    tab = Watch(browser, "phone")
    for href, ids in NUMBERS:
        assert f'href="{href.replace("&", "&amp;")}"' in index
        tab.page.goto((out / href.split("#")[0]).as_uri() + "#" + href.split("#")[1])
        assert sorted(tab.ids_static()) == ids, href
    # a bar per month, country and openness; a dot per release (Dragon 2 and Dragon 2 VL share theirs)
    for (section, expected), count in zip(MARKS.items(), (5, 6), strict=True):
        marks = f"h2#{section} + figure div.vl path[role=graphics-symbol]"
        _open(tab, (out / "index.html").as_uri())
        assert tab.page.locator(marks).count() == count, section
        seen = set()
        for n in range(count):
            _open(tab, (out / "index.html").as_uri())
            tab.page.locator(marks).nth(n).click(force=True)  # two dots of one day overlap: the same link
            tab.page.wait_for_url("**/releases.html#*")
            fragment = tab.page.url.split("#", 1)[1]
            assert sorted(tab.ids_static()) == expected[fragment], fragment
            seen.add(fragment)
        assert seen == set(expected)  # every mark, each to its own releases
    assert tab.errors == []
