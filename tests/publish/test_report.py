"""The report: files written, numbers linked to their releases, hostile text escaped."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
HOSTILE = FIXTURES / "hostile"


@pytest.fixture(scope="module")
def site(module_mw: Mw, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One report for the tests that only read it (a build takes seconds)."""
    out = tmp_path_factory.mktemp("report") / "site"
    claims = str(FIXTURES / "claims" / "fixture-claims.toml")
    r = module_mw("report", "--year", "2025", "--out", str(out), "--claims", claims)
    assert r.code == 0, r.err
    return out


def test_every_chart_in_three_forms(site: Path) -> None:
    charts = [
        "open-closed-by-country",
        "open-closed-by-country-month",
        "open-share-by-country-yoy",
        "release-timeline",
        "releases-by-org-tier",
    ]
    for name in charts:
        assert (site / f"{name}.png").read_bytes()[:4] == b"\x89PNG"
        assert (site / f"{name}.svg").read_text().startswith("<svg")
        assert (site / f"{name}.vl.json").exists()
    assert (site / "assets" / "vega.js").stat().st_size > 100_000


def test_the_report_is_the_site(site: Path) -> None:
    """One set of pages: the year review is the site's home page, beside its explorer and a page per release."""
    names = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
    assert {"index.html", "releases.html", "releases/dragon-2.html", "organizations/dragon.html"} <= names
    assert {"claims/fixture-claims.html", "claims/fixture-claims/dragon-leads.html"} <= names
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert re.findall(r'(?:href|src)="/', html) == [], page  # nothing points at a server
        for target in re.findall(r'(?:href|src)="(?![a-z]+:)([^"#]+)', html):
            assert (page.parent / target).exists(), f"{page}: {target}"
    assert (site / "assets" / "vega-interpreter.LICENSE").read_text().startswith("Copyright (c) 2015-2023")


@pytest.mark.parametrize(
    ("text", "href"),
    [
        ("Most releases: Dragon AI with ", "releases.html#year=2025&amp;org=dragon"),
        ("Most releases: Dragon AI with ", "releases.html#year=2025&amp;org=dragon&amp;openness=open"),
        ("US: ", "releases.html#year=2025&amp;country=US&amp;openness=closed"),
        ("(in 2024: ", "releases.html#year=2024&amp;country=CN"),
        (" releases in 2025 by 3 organizations, ", "releases.html#year=2025&amp;openness=open"),
    ],
)
def test_summary_numbers_link_to_the_explorer(site: Path, text: str, href: str) -> None:
    summary = (site / "index.html").read_text().split('<ul class="summary">')[1].split("</ul>")[0]
    line = next(li for li in summary.split("<li>") if text in li)
    assert f'href="{href}"' in line


def test_hostile_text_is_escaped(mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELWATCH_DATA", str(HOSTILE))
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    for page in out.rglob("*.html"):
        html = page.read_text()
        assert "<script>window.pwned" not in html
        assert "<img src=x" not in html
        assert "<b>Labs</b>" not in html
    release = (out / "releases" / "mallory-x.html").read_text()
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in release
    assert 'href="https://example.org/mallory/x?a=1&amp;b=&#34;2&#34;"' in release
    index = (out / "index.html").read_text()
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1" in index  # inside the chart specs' escaped attribute


def test_a_claim_that_depends_is_shown_with_numbers_where_it_holds(site: Path) -> None:
    index = (site / "index.html").read_text()
    row = index.split('<tr id="claim-cn-more-open">')[1].split("</tr>")[0]
    # true in artifacts only: its numbers, not those of releases/lab where it is false (2 > 2)
    assert '<td data-label="numbers">5 &gt; 3 (artifacts/lab)</td>' in row


def test_data_snapshots_list_only_what_the_numbers_come_from(mw: Mw, epoch_dir: Path, tmp_path: Path) -> None:
    assert mw("import", "epoch", str(epoch_dir)).code == 0
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    table = (out / "index.html").read_text().split('<h3 id="snapshots">Data snapshots</h3>')[1].split("</table>")[0]
    assert '<td data-label="source">registry</td>' in table
    assert '<td data-label="source">epoch</td>' not in table


def test_the_review_renders_from_its_data_without_reading_the_store(env: Path, tmp_path: Path) -> None:
    from modelwatch.publish.report import build_report
    from modelwatch.publish.report_text import summary
    from modelwatch.service import year_review

    data = year_review(2025)
    store = env / "modelwatch.duckdb"
    store.unlink()  # every number is in `data`: rendering needs no store
    result = build_report(data, tmp_path / "out")
    assert "release-timeline.vl.json" in {p.name for p in result.files}
    first = summary(data)[0]
    assert first[:2] == [("6", data.total.releases), (" releases in 2025 by 3 organizations, ", None)]
    assert len(data.lists[data.total.releases.list].releases) == 6
    assert not store.exists()
