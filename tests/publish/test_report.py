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


@pytest.mark.parametrize(
    ("anchor", "release_ids"),
    [
        ("y2025-org-dragon-all", ["dragon-2", "dragon-2-vl", "dragon-max"]),
        ("y2025-org-dragon-open", ["dragon-2", "dragon-2-vl"]),
        ("y2025-country-US-closed", ["eagle-3"]),
        ("y2024-country-CN-all", ["dragon-1"]),
        ("y2025-all--open", ["eagle-time", "dragon-2", "dragon-2-vl", "eagle-open-1"]),
    ],
)
def test_numbers_link_to_exactly_their_releases(site: Path, anchor: str, release_ids: list[str]) -> None:
    index = (site / "index.html").read_text()
    assert f'href="releases.html#{anchor}"' in index
    page = (site / "releases.html").read_text()
    section = page.split(f'<section class="list" id="{anchor}">')[1].split("</section>")[0]
    names = re.findall(r"<tr><td>[\d-]+</td><td>[^<]*</td><td>([^<]*)</td>", section)
    expected = {
        "dragon-2": "Dragon 2",
        "dragon-2-vl": "Dragon 2 VL",
        "dragon-max": "Dragon Max",
        "eagle-3": "Eagle 3",
        "dragon-1": "Dragon 1",
        "eagle-time": "EagleTime",
        "eagle-open-1": "Eagle Open 1",
    }
    assert names == [expected[i] for i in release_ids]


def test_summary_and_claims(site: Path) -> None:
    index = (site / "index.html").read_text()
    assert "Most releases: Dragon AI with " in index
    assert 'CN: <a href="releases.html#y2025-country-CN-all">3</a> releases' in index
    assert "(in 2024: " in index
    assert "Dragon leads in 2025." in index
    assert "undecidable: no organization or country &#39;tiger&#39; in the data" in index


def test_hostile_text_is_escaped(mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODELWATCH_DATA", str(HOSTILE))
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    for page in ("index.html", "releases.html"):
        html = (out / page).read_text()
        assert "<script>window.pwned" not in html
        assert "<img src=x" not in html
        assert "<b>Labs</b>" not in html
    releases = (out / "releases.html").read_text()
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in releases
    assert 'href="https://example.org/mallory/x?a=1&amp;b=&#34;2&#34;"' in releases
    index = (out / "index.html").read_text()
    assert "\\u003c/script\\u003e\\u003cscript\\u003ewindow.pwned=1" in index  # inside the chart spec JSON


def test_a_claim_that_depends_is_shown_with_numbers_where_it_holds(site: Path) -> None:
    index = (site / "index.html").read_text()
    row = index.split('<tr id="claim-cn-more-open">')[1].split("</tr>")[0]
    # true in artifacts only: its numbers, not those of releases/lab where it is false (2 > 2)
    assert "<td>5 &gt; 3 (artifacts/lab)</td>" in row


def test_data_snapshots_list_only_what_the_numbers_come_from(mw: Mw, epoch_dir: Path, tmp_path: Path) -> None:
    assert mw("import", "epoch", str(epoch_dir)).code == 0
    out = tmp_path / "site"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    table = (out / "index.html").read_text().split("<h3>Data snapshots</h3>")[1].split("</table>")[0]
    assert "<td>registry</td>" in table
    assert "<td>epoch</td>" not in table


def test_the_report_renders_its_data_without_reading_the_store(env: Path, tmp_path: Path) -> None:
    from modelwatch.publish.report import build_report
    from modelwatch.service import year_review

    data = year_review(2025)
    store = env / "modelwatch.duckdb"
    store.unlink()  # every number is in `data`: rendering needs no store
    result = build_report(data, tmp_path / "out")
    index = result.index.read_text()
    assert '<a href="releases.html#y2025-all--all">6</a> releases in 2025 by 3 organizations' in index
    assert not store.exists()
