"""The pages as HTML: explorer state in the URL, links to exactly the releases counted, no inline script."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.web.conftest import Server, cli


class Page(HTMLParser):
    """What a test reads off a page: the explorer's rows (release ids), links, scripts."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            href = a["href"] or ""
            self.links.append(href)
            m = re.fullmatch(r"/releases/([^?]+)", href)
            if m:
                self.ids.append(m.group(1))
        if tag == "script":
            self.scripts.append(a)
            self._in_script = True
        if any(k.startswith("on") for k in a):
            self.inline.append(f"{tag} handler")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline.append(data)


def ids(server: Server, path: str) -> list[str]:
    got = server.get(path)
    assert got.status == 200, got.text
    return Page(got.text).ids


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # newest first unless asked otherwise
        ("/releases", ["eagle-open-1", "dragon-max", "dragon-2", "dragon-2-vl", "eagle-3", "eagle-time", "dragon-1"]),
        ("/releases?year=2025&org=dragon", ["dragon-max", "dragon-2", "dragon-2-vl"]),
        ("/releases?year=&org=&group=eagle&country=&tier=", ["eagle-open-1", "eagle-3", "eagle-time"]),
        ("/releases?country=CN&openness=open&sort=date&order=asc", ["dragon-1", "dragon-2", "dragon-2-vl"]),
        ("/releases?modality=language&sort=name&order=asc", ["dragon-1", "dragon-2", "dragon-max", "eagle-open-1"]),
        ("/releases?q=Dragon-Vision", ["dragon-2-vl"]),
        ("/releases?q=EAGLE+open", ["eagle-open-1"]),
        (
            "/releases?sort=artifacts&order=desc&per_page=25",  # ties keep the registry order
            ["dragon-2", "eagle-3", "eagle-open-1", "dragon-1", "eagle-time", "dragon-2-vl", "dragon-max"],
        ),
        ("/releases?tier=unreleased", ["eagle-4-preview"]),
        ("/releases?q=nothing-like-this", []),
        # a bar of the monthly chart, a dot of the timeline; the form sends empty days for "any"
        ("/releases?country=CN&openness=open&from=2025-03-01&to=2025-03-31", ["dragon-2", "dragon-2-vl"]),
        ("/releases?org=eagle-lab&from=2025-02-01&to=2025-02-01", ["eagle-3"]),
        ("/releases?from=2025-06-01&to=", ["eagle-open-1", "dragon-max"]),
        ("/releases?from=&to=2024-12-31", ["dragon-1"]),
    ],
)
def test_explorer_rows(server: Server, path: str, expected: list[str]) -> None:
    assert ids(server, path) == expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        # it opens on the latest year with releases (covered to its end here: not "so far"), the others a link
        ("/", "<h1>AI model releases in 2025</h1>"),
        (
            "/",
            '<nav class="years" aria-label="Year reviews"><strong aria-current="page">2025</strong> · '
            '<a href="/?year=2024">2024</a></nav>',
        ),
        ("/?year=2024", '<a href="/?year=2025">2025</a> · <strong aria-current="page">2024</strong>'),
        # the year review's charts, each mark a link to the explorer at exactly its releases
        ("/?year=2025", "/releases?country=CN&amp;openness=open&amp;from=2025-03-01&amp;to=2025-03-31"),
        ("/?year=2025", "/releases?org=eagle-lab&amp;from=2025-08-05&amp;to=2025-08-05"),
        ("/?year=2025", "No country had at least 3 open or closed releases a year in 2024-2025."),
        # the summary's numbers, and the review of one modality (as `report --modality` writes it)
        ("/?year=2025", '<a href="/releases?year=2025&amp;org=dragon&amp;openness=open">2</a> open)'),
        ("/?year=2025&modality=language", "Only language models."),
        ("/?year=2025&modality=language", '<a href="/releases?year=2025&amp;org=dragon&amp;modality=language">2</a>'),
    ],
)
def test_the_home_page_is_the_year_review(server: Server, path: str, expected: str) -> None:
    # (before the hostile server starts: a server reads the store the environment names when first asked)
    assert expected in server.get(path).text


def test_explorer_pages_keep_the_state_in_the_url(server: Server) -> None:
    html = server.get("/releases?per_page=25&sort=name&order=asc&country=US").text
    assert "page 1 of 1" in html
    page = Page(html)
    # a column header keeps the filters and flips the order of the sorted column (desc is the default)
    assert "/releases?country=US&sort=name&per_page=25" in [h.replace("&amp;", "&") for h in page.links]
    assert "/api/v1/releases?country=US&format=csv" in page.links


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/releases?org=nobody", "unknown organization &#39;nobody&#39;; see `modelwatch orgs`"),
        # the API's release filters, with the API's words
        ("/releases?year=20x5", "year: Input should be a valid integer, unable to parse string as an integer"),
        ("/releases?year=0", "year: Input should be greater than or equal to 1"),
        ("/releases?per_page=7", "per_page must be one of 25, 50, 100, 200, not 7"),
        (
            "/releases?from=2025-13-01",
            "from: Input should be a valid date or datetime, month value is outside expected range of 1-12",
        ),
        ("/releases/none", "no release has the id &#39;none&#39;; see /releases"),
    ],
)
def test_page_errors_are_one_line(server: Server, path: str, message: str) -> None:
    got = server.get(path)
    assert got.status in (400, 404)
    assert f'<p class="error">{message}</p>' in got.text


def test_every_count_links_to_exactly_its_releases(server: Server) -> None:
    links = [
        h.replace("&amp;", "&")
        for path in ("/?year=2025", "/?year=2025&by=group&unit=artifacts", "/?year=2024&by=country&unit=days")
        for h in Page(server.get(path).text).links
        if h.startswith("/releases?")
    ]
    assert "/releases?year=2025&group=eagle&openness=closed" in links
    for link in links:
        api = server.get("/api/v1" + link.replace("/releases", "/releases", 1)).json()
        assert isinstance(api, dict)
        shown = len(ids(server, link + "&per_page=200"))
        assert shown == api["count"], link
    assert "/releases?year=2025&org=dragon&openness=open" in links
    # the organizations' counts are of every tier, announced-but-unavailable included
    orgs = [h.replace("&amp;", "&") for h in Page(server.get("/organizations").text).links if "tier=" in h]
    assert [len(ids(server, link)) for link in orgs] == [4, 3, 1]  # dragon, eagle-lab, eagle-research


@pytest.mark.parametrize(
    "path", ["/", "/releases", "/releases/dragon-2", "/organizations", "/organizations/dragon", "/x"]
)
def test_no_inline_script_and_a_strict_policy(server: Server, path: str) -> None:
    got = server.get(path)
    page = Page(got.text)
    assert page.inline == []
    assert all((s.get("src") or "").startswith("/static/") for s in page.scripts)
    csp = got.headers["content-security-policy"]
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src
    assert "'unsafe-eval'" not in csp  # Vega interprets its expressions (vega-interpreter)
    assert "default-src 'none'" in csp


@pytest.mark.parametrize("path", ["/static/..%2Fapp.py", "/static/site.py", "/static/%2e%2e/api.py", "/static/"])
def test_static_serves_only_its_files(server: Server, path: str) -> None:
    assert server.get(path).status == 404


def test_static_assets_are_served_locally(server: Server) -> None:
    vega = server.get("/static/vega.js")
    assert vega.status == 200
    assert b"vegaEmbed" in vega.body
    assert b"window.vegaInterpreter = { expressionInterpreter: expression }" in vega.body
    assert server.get("/static/site.css").status == 200
    licence = server.get("/static/vega-interpreter.LICENSE")  # shipped with the code it covers
    assert (licence.status, licence.text.splitlines()[0]) == (
        200,
        "Copyright (c) 2015-2023, University of Washington Interactive Data Lab",
    )


def test_hostile_names_render_as_text(hostile: Server) -> None:
    for path in ("/releases", "/releases/mallory-x", "/organizations/mallory", "/?year=2025", "/organizations"):
        got = hostile.get(path)
        assert got.status == 200
        assert "<script>window.pwned" not in got.text
        assert "<b>Labs</b>" not in got.text
        assert "<iframe" not in got.text
        assert Page(got.text).inline == []
    assert "&lt;/script&gt;&lt;script&gt;window.pwned=1&lt;/script&gt;" in hostile.get("/releases/mallory-x").text
    assert "Mallory Y {{ 7*7 }}" in hostile.get("/releases/mallory-y").text


def _table_rows(html: str) -> list[list[str]]:
    """The text of each cell of each body row of the first table in `html`."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def _pct(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def test_the_report_shows_the_numbers_of_the_leaderboard(server: Server, tmp_path: Path) -> None:
    out = tmp_path / "report"
    cli(server, "report", "--year", "2025", "--out", str(out))
    report = (out / "index.html").read_text(encoding="utf-8")
    orgs, countries = report.split('<table class="rows">')[1:3]
    board = json.loads(cli(server, "leaderboard", "--year", "2025", "-f", "json"))
    by_country = json.loads(cli(server, "leaderboard", "--year", "2025", "--by", "country", "-f", "json"))
    counts = ("releases", "open", "closed", "unknown")
    # the report is the site's home page: the same rows as the command line's leaderboard
    assert _table_rows(orgs) == [
        [str(r["rank"]), r["name"], r["country"], *(str(r[c]) for c in counts), _pct(r["open_share"])] for r in board
    ]
    assert _table_rows(countries) == [
        [r["country"], *(str(r[c]) for c in counts), _pct(r["open_share"])] for r in by_country
    ]
    assert _table_rows(orgs)[0] == ["1", "Dragon AI", "CN", "3", "2", "1", "0", "67%"]
    total = re.search(r">(\d+) releases</a> made public in 2025", report)
    assert total is not None and int(total.group(1)) == sum(r["releases"] for r in board) == 6
