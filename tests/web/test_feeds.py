"""The feeds as a reader fetches them: from the server (absolute links) and from the static export (links
relative to the feed's file), valid, newest first, each entry linking to its release page and its source."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import FIXTURES
from tests.support.feeds import A, atom_problems, json_feed_problems
from tests.web.conftest import Server

feedparser = pytest.importorskip("feedparser")

EVERY = ["eagle-open-1", "dragon-max", "dragon-2", "dragon-2-vl", "eagle-3", "eagle-time", "dragon-1"]
FEEDS = [
    ("/feed", EVERY),  # announced-but-unavailable eagle-4-preview is not a release yet
    ("/organizations/dragon/feed", ["dragon-max", "dragon-2", "dragon-2-vl", "dragon-1"]),
    ("/organizations/eagle/feed", ["eagle-open-1", "eagle-3", "eagle-time"]),  # a group: its labs' releases
    ("/organizations/eagle-lab/feed", ["eagle-open-1", "eagle-3"]),
    ("/countries/US/feed", ["eagle-open-1", "eagle-3", "eagle-time"]),
    ("/countries/CN/feed", ["dragon-max", "dragon-2", "dragon-2-vl", "dragon-1"]),
]
SOURCES = {
    "eagle-open-1": "https://example.org/eagle/eagle-open",
    "dragon-max": "https://example.org/dragon/blog/dragon-max",
    "dragon-2": "https://example.org/dragon/blog/dragon-2",
}


def _ids(entry_ids: list[str]) -> list[str]:
    return [i.removeprefix("tag:modelwatch,2026:release:") for i in entry_ids]


@pytest.mark.parametrize(("path", "expected"), FEEDS)
def test_each_feed_lists_its_releases_newest_first(server: Server, path: str, expected: list[str]) -> None:
    atom = server.get(path + ".xml")
    assert (atom.status, atom.headers["content-type"]) == (200, "application/atom+xml; charset=utf-8")
    assert atom_problems(atom.body) == []
    assert _ids([e.id for e in feedparser.parse(atom.body).entries]) == expected
    feed = server.get(path + ".json")
    assert (feed.status, feed.headers["content-type"]) == (200, "application/feed+json; charset=utf-8")
    assert json_feed_problems(feed.body) == []
    assert _ids([i["id"] for i in json.loads(feed.body)["items"]]) == expected


def test_entries_link_their_release_page_and_their_source(server: Server) -> None:
    got = feedparser.parse(server.get("/feed.xml").body)
    assert got.feed.link == server.base + "/releases"
    first = got.entries[:3]
    assert [(e.link, next(link.href for link in e.links if link.rel == "related")) for e in first] == [
        (f"{server.base}/releases/{r}", SOURCES[r]) for r in ("eagle-open-1", "dragon-max", "dragon-2")
    ]
    for e in got.entries:
        assert server.get(e.link.removeprefix(server.base)).status == 200, e.link
    assert (first[0].title, first[0].updated, first[0].author) == (
        "Eagle Open 1 — Eagle Lab, 2025-08-05",
        "2025-08-05T00:00:00Z",
        "Eagle Lab",
    )
    assert first[0].summary == (
        "Eagle Lab (US) made Eagle Open 1 public on 2025-08-05. Open weights (tier open_unrestricted, licence "
        "Apache-2.0); modality language; 2 artifacts. Source: https://example.org/eagle/eagle-open."
    )
    items = json.loads(server.get("/feed.json").body)["items"]
    assert (items[0]["url"], items[0]["external_url"]) == (
        f"{server.base}/releases/eagle-open-1",
        "https://example.org/eagle/eagle-open",
    )


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/organizations/nobody/feed.xml", 404),
        ("/countries/ZZ/feed.json", 404),
        ("/feed.rss", 404),
        ("/proposals/feed.xml", 200),
        ("/countries/cn/feed.xml", 200),  # a code in lower case is the same country
    ],
)
def test_feeds_of_nothing_are_404_the_others_200(server: Server, path: str, status: int) -> None:
    assert server.get(path).status == status


@pytest.mark.parametrize(
    ("path", "feeds"),
    [
        ("/", ["/feed.xml", "/feed.json"]),
        ("/releases", ["/feed.xml", "/feed.json"]),
        ("/releases/dragon-2", ["/feed.xml", "/feed.json"]),
        (
            "/organizations/dragon",
            ["/feed.xml", "/feed.json", "/organizations/dragon/feed.xml", "/organizations/dragon/feed.json"],
        ),
    ],
)
def test_pages_name_their_feeds_in_the_head(server: Server, path: str, feeds: list[str]) -> None:
    head = server.get(path).text.split("</head>")[0]
    found = re.findall(
        r'<link rel="alternate" type="application/(atom\+xml|feed\+json)" title="[^"]*" href="([^"]*)"', head
    )
    assert [href for _, href in found] == feeds
    assert [kind for kind, _ in found] == ["atom+xml", "feed+json"] * (len(feeds) // 2)


@pytest.fixture(scope="module")
def exported(server: Server, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The site exported twice, as two builds of the same data."""
    from modelwatch.web.app import create_app
    from modelwatch.web.export import export_site

    out = tmp_path_factory.mktemp("feeds")
    for name in ("one", "two"):
        export_site(create_app(claims_dir=FIXTURES / "claims"), out / name)
    return out / "one", out / "two"


def test_the_export_has_every_feed_as_files(exported: tuple[Path, Path]) -> None:
    site, _ = exported
    names = sorted(p.relative_to(site).as_posix() for p in site.rglob("feed.*"))
    assert names == [
        "countries/CN/feed.json",
        "countries/CN/feed.xml",
        "countries/US/feed.json",
        "countries/US/feed.xml",
        "feed.json",
        "feed.xml",
        "organizations/dragon/feed.json",
        "organizations/dragon/feed.xml",
        "organizations/eagle-lab/feed.json",
        "organizations/eagle-lab/feed.xml",
        "organizations/eagle-research/feed.json",
        "organizations/eagle-research/feed.xml",
        "organizations/eagle/feed.json",
        "organizations/eagle/feed.xml",
        "proposals/feed.json",
        "proposals/feed.xml",
    ]


@pytest.mark.parametrize(("path", "expected"), FEEDS)
def test_exported_feeds_are_valid_and_link_files_beside_them(
    exported: tuple[Path, Path], path: str, expected: list[str]
) -> None:
    site, _ = exported
    atom = (site / (path[1:] + ".xml")).read_bytes()
    assert atom_problems(atom) == []
    root = ET.fromstring(atom)
    entries = root.findall(A + "entry")
    assert _ids([e.findtext(A + "id") or "" for e in entries]) == expected
    here = (site / path[1:]).parent.as_uri() + "/"
    for link in [*root.findall(A + "link"), *(link for e in entries for link in e.findall(A + "link"))]:
        href = link.get("href") or ""
        if link.get("rel") == "related":
            assert href.startswith("https://example.org/"), href
            continue
        target = Path(urljoin(here, href.split("#")[0]).removeprefix("file://"))
        assert target.is_file(), href
    body = (site / (path[1:] + ".json")).read_bytes()
    assert json_feed_problems(body) == []
    assert _ids([i["id"] for i in json.loads(body)["items"]]) == expected


def test_two_builds_give_the_same_feeds(exported: tuple[Path, Path]) -> None:
    one, two = exported
    for feed in one.rglob("feed.*"):
        assert feed.read_bytes() == (two / feed.relative_to(one)).read_bytes(), feed


def test_proposals_awaiting_review_are_a_feed_for_curators(env: Path, epoch_dir: Path) -> None:
    from modelwatch.service.catalogues import import_catalogue
    from modelwatch.service.feeds import proposal_feed
    from modelwatch.web.feeds import document

    empty = proposal_feed()
    assert (empty.entries, empty.note.startswith("no Hub sync or catalogue snapshot in the store yet")) == ((), True)
    import_catalogue("epoch", epoch_dir / "all_ai_models.csv")
    data = proposal_feed()
    body = document(data, "xml", lambda path: "https://site.test" + path)
    assert atom_problems(body) == []
    got = feedparser.parse(body)
    assert [(e.id, e.title, e.updated, e.link) for e in got.entries] == [
        (
            "tag:modelwatch,2026:proposal:r-007017f218",
            "Proposed release: Dragon Coder (dragon), 2025-09-01",
            "2025-09-01T00:00:00Z",  # the proposed date
            "https://site.test/organizations/dragon",
        ),
        (  # a new organization: the day of its newest evidence, and the list of organizations
            "tag:modelwatch,2026:proposal:o-6353ac0968",
            "Proposed organization: Unknown Lab (unknown-lab)",
            "2025-04-01T00:00:00Z",
            "https://site.test/organizations",
        ),
        (
            "tag:modelwatch,2026:proposal:o-8b3b28759d",
            "Proposed organization: EleutherAI (eleutherai)",
            "2024-07-01T00:00:00Z",
            "https://site.test/organizations",
        ),
        (
            "tag:modelwatch,2026:proposal:o-f77663694a",
            "Proposed organization: Booz Allen Hamilton, McLean (booz-allen-hamilton-mclean)",
            "2024-07-01T00:00:00Z",
            "https://site.test/organizations",
        ),
    ]
    assert [link.href for link in got.entries[0].links if link.rel == "related"] == ["https://huggingface.co/DragonAI"]
    assert got.entries[1].summary == (
        "An organization proposal for unknown-lab. Fields: id unknown-lab (from epoch: the organization's name, as a "
        "slug); name Unknown Lab (from epoch: the organization as the catalogue names it); aliases epoch: Unknown Lab "
        "(from epoch: the spelling the catalogue uses). Evidence: epoch: Mystery Model: row 7. Review it with "
        "`modelwatch proposals show o-6353ac0968`, then `modelwatch accept o-6353ac0968` or "
        "`modelwatch reject o-6353ac0968 --reason ...`."
    )
    assert json_feed_problems(document(data, "json", lambda path: "https://site.test" + path)) == []


# last: a module's servers stay up to its end, and the newest one names the store the others read
def test_a_hostile_name_is_text_in_the_feeds(hostile: Server) -> None:
    body = hostile.get("/feed.xml").body
    assert atom_problems(body) == [] and b"<script>" not in body
    got = feedparser.parse(body)
    assert [(e.title, e.author) for e in got.entries] == [
        (
            '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> — Mallory <b>Labs</b> & Co, '
            "2025-04-01",
            "Mallory <b>Labs</b> & Co",
        ),
        ("Mallory Y {{ 7*7 }} — Mallory <b>Labs</b> & Co, 2024-04-01", "Mallory <b>Labs</b> & Co"),
    ]
    assert [link.href for link in got.entries[0].links if link.rel == "related"] == [
        'https://example.org/mallory/x?a=1&b="2"'
    ]
    feed = hostile.get("/organizations/mallory/feed.json")
    assert json_feed_problems(feed.body) == [] and b"<" not in feed.body
    assert json.loads(feed.body)["title"] == "modelwatch: releases by Mallory <b>Labs</b> & Co"
