"""The feeds as documents: valid Atom and JSON Feed, a period said as written, hostile text kept as text."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from modelwatch.analyze.feeds import FeedData, newest, newest_releases, tag
from modelwatch.publish.feeds import Addresses, atom, json_feed
from tests.support.feeds import atom_problems, json_feed_problems

HOSTILE = '</script><script>window.pwned=1</script><img src=x onerror="window.pwned=2"> & ]]> \x07bell'


def _row(id_: str, name: str, date: str, org: str = "mallory") -> dict[str, object]:
    return {
        "id": id_,
        "name": name,
        "org": org,
        "country": "US",
        "date": date,
        "tier": "open_unrestricted",
        "license": "Apache-2.0",
        "modality": "language",
        "artifacts": 2,
        "source": 'https://example.org/x?a=1&b="2"',
    }


def _feed(rows: list[dict[str, object]], names: dict[str, str]) -> FeedData:
    entries = newest_releases(rows, names)
    return FeedData(tag("feed", "releases"), "releases", "", "", tuple(entries), len(rows), newest(entries, None))


TO = Addresses(
    "https://site.test/feed.xml",
    "https://site.test/feed.json",
    "https://site.test/releases",
    lambda e: f"https://site.test/releases/{getattr(e, 'release', '')}",
)
FEED = _feed(
    [_row("mallory-x", HOSTILE, "2026-08"), _row("mallory-y", "Mallory Y {{ 7*7 }}", "2026-08-14")],
    {"mallory": "Mallory <b>Labs</b> & Co"},
)


def test_both_documents_are_valid_per_their_specs() -> None:
    assert atom_problems(atom(FEED, TO)) == []
    assert json_feed_problems(json_feed(FEED, TO)) == []


def test_atom_as_a_reader_sees_it() -> None:
    import feedparser

    got = feedparser.parse(atom(FEED, TO))
    assert (got.feed.id, got.feed.updated, got.feed.author) == (
        "tag:modelwatch,2026:feed:releases",
        "2026-08-14T00:00:00Z",
        "modelwatch",
    )
    rows = [
        (e.id, e.title, e.updated, e.link, [link.href for link in e.links if link.rel == "related"], e.author)
        for e in got.entries
    ]
    assert rows == [
        (
            "tag:modelwatch,2026:release:mallory-y",
            "Mallory Y {{ 7*7 }} — Mallory <b>Labs</b> & Co, 2026-08-14",
            "2026-08-14T00:00:00Z",
            "https://site.test/releases/mallory-y",
            ['https://example.org/x?a=1&b="2"'],
            "Mallory <b>Labs</b> & Co",
        ),
        (
            # a release dated to a month: placed on its first day for the required timestamp, dated as written
            "tag:modelwatch,2026:release:mallory-x",
            HOSTILE.replace("\x07", "\ufffd") + " — Mallory <b>Labs</b> & Co, 2026-08",
            "2026-08-01T00:00:00Z",
            "https://site.test/releases/mallory-x",
            ['https://example.org/x?a=1&b="2"'],
            "Mallory <b>Labs</b> & Co",
        ),
    ]
    assert "(dated to a month: the day is not known)" in got.entries[1].summary


@pytest.mark.parametrize("render", [atom, json_feed])
def test_hostile_text_is_only_ever_text(render: object) -> None:
    body = render(FEED, TO)  # type: ignore[operator]
    assert b"<script>" not in body and b"<b>" not in body  # markup in names arrives escaped
    assert b"\x07" not in body  # XML 1.0 cannot hold a control character even escaped: replaced


def test_json_feed_items_carry_the_date_as_written_and_its_bounds() -> None:
    items = json.loads(json_feed(FEED, TO))["items"]
    assert [
        (i["id"], i["date_published"], i["_modelwatch"]["date"], i["_modelwatch"]["date_latest"]) for i in items
    ] == [
        ("tag:modelwatch,2026:release:mallory-y", "2026-08-14T00:00:00Z", "2026-08-14", "2026-08-14"),
        ("tag:modelwatch,2026:release:mallory-x", "2026-08-01T00:00:00Z", "2026-08", "2026-08-31"),
    ]
    assert items[1]["title"] == HOSTILE + " — Mallory <b>Labs</b> & Co, 2026-08"  # JSON holds any text
    assert "content_html" not in items[1]


def test_the_same_data_gives_the_same_bytes() -> None:
    again = _feed(
        [_row("mallory-y", "Mallory Y {{ 7*7 }}", "2026-08-14"), _row("mallory-x", HOSTILE, "2026-08")],
        {"mallory": "Mallory <b>Labs</b> & Co"},
    )
    assert (atom(again, TO), json_feed(again, TO)) == (atom(FEED, TO), json_feed(FEED, TO))
    assert FEED.updated == dt.datetime(2026, 8, 14, tzinfo=dt.UTC)
