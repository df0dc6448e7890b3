"""Releases dated to a month or a span: counted when their whole date lies in the period, undecidable
when a date across the period's edge could turn a claim, no conflict for a catalogue day inside a span,
and refused when no listed source gives the period."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]

# Three releases added to the fixture registry's Dragon AI (2025: Dragon 2, Dragon 2 VL, Dragon Max;
# 2024: Dragon 1): one dated to a month, one to a span inside 2025, one to a span across 2024/2025.
DATED = """
[[release]]
id = "dragon-spring"
name = "Dragon Spring"
family = "dragon-spring"
date = "2025-04"
date_source = "https://example.org/dragon/news/april"
tier = "open_unrestricted"
license = "Apache-2.0"
modality = "language"
sources = ["https://example.org/dragon/news/april"]

[[release]]
id = "dragon-summer"
name = "Dragon Summer"
family = "dragon-summer"
date = "2025-06-20..2025-07-05"
date_source = "https://example.org/dragon/news/summer"
tier = "open_unrestricted"
license = "Apache-2.0"
modality = "language"
sources = ["https://example.org/dragon/news/summer"]

[[release]]
id = "dragon-winter"
name = "Dragon Winter"
family = "dragon-winter"
date = "2024-12-20..2025-01-10"
date_source = "https://example.org/dragon/news/winter"
tier = "open_unrestricted"
license = "Apache-2.0"
modality = "language"
sources = ["https://example.org/dragon/news/winter"]
"""

CLAIM = """
[[claim]]
id = "dragon-five-open"
text = "Dragon released more than four open models in 2025."
metric = "open_releases"
subject = "dragon"
period = "2025"
op = ">"
value = 4

[[claim]]
id = "dragon-two-open-2024"
text = "Dragon released at most one open model in 2024."
metric = "open_releases"
subject = "dragon"
period = "2024"
op = "<="
value = 1
"""


def add_dated(data_dir: Path, text: str = DATED) -> None:
    dragon = data_dir / "orgs" / "dragon.toml"
    dragon.write_text(dragon.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_month_and_a_span_inside_the_year_count_in_it_and_a_span_across_its_edge_does_not(
    mw: Mw, data_dir: Path
) -> None:
    add_dated(data_dir)
    r = mw("releases", "--org", "dragon", "--year", "2025", "-f", "json")
    assert r.code == 0, r.err
    assert [(x["id"], x["date"], x["date_precision"]) for x in r.json()] == [
        ("dragon-2", "2025-03-10", "day"),
        ("dragon-2-vl", "2025-03-10", "day"),
        ("dragon-spring", "2025-04", "month"),
        ("dragon-max", "2025-06-01", "day"),
        ("dragon-summer", "2025-06-20..2025-07-05", "span"),
    ]
    board = mw("leaderboard", "--year", "2025", "--org", "dragon")
    assert board.code == 0, board.err
    row = next(line for line in board.out.splitlines() if line.strip().startswith("1  dragon"))
    assert row.split()[5:9] == ["5", "4", "1", "0"]  # releases, open, closed, unknown
    caption = " ".join(board.out.split())
    assert "2 of these releases are dated to a period, not a day (a month 2026-08, a quarter 2026-Q3" in caption
    assert "1 release(s) dated to a period that crosses the edge of 2025-01-01..2025-12-31 are not counted" in caption


def test_a_span_across_the_years_edge_makes_a_claim_it_could_turn_undecidable(
    mw: Mw, data_dir: Path, tmp_path: Path
) -> None:
    add_dated(data_dir)
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIM, encoding="utf-8")
    r = mw("check", str(claims), "-f", "json")
    verdicts = {v["id"]: v for v in r.json()}
    five = verdicts["dragon-five-open"]
    assert five["verdict"].startswith("undecidable: releases dated across the period's edge decide it: 4..5")
    assert [x["numbers"] for x in five["readings"] if x["unit"] == "releases"] == [
        "releases dated across the period's edge decide it: 4..5",
        "releases dated across the period's edge decide it: 4..5",
    ]
    # 2024: Dragon 1 (non-commercial, open) and, perhaps, Dragon Winter: 1..2 against "at most one"
    assert verdicts["dragon-two-open-2024"]["verdict"].startswith(
        "undecidable: releases dated across the period's edge decide it: 1..2"
    )
    explain = mw("check", str(claims), "--explain", "dragon-five-open", "-f", "json")
    marks = {x["id"]: (x["date"], x["in_period"]) for x in explain.json()}
    assert marks["dragon-winter"] == ("2024-12-20..2025-01-10", "edge")
    assert marks["dragon-spring"] == ("2025-04", "yes")


def test_without_the_straddler_the_same_claim_is_decided(mw: Mw, data_dir: Path, tmp_path: Path) -> None:
    add_dated(data_dir, DATED.split('[[release]]\nid = "dragon-winter"')[0])
    claims = tmp_path / "claims.toml"
    claims.write_text(CLAIM, encoding="utf-8")
    verdicts = {v["id"]: v for v in mw("check", str(claims), "-f", "json").json()}
    five = verdicts["dragon-five-open"]
    assert five["decided"]  # decided in every setting: false in releases (4 > 4), true in artifacts
    assert [(x["unit"], x["verdict"], x["numbers"]) for x in five["readings"] if x["level"] == "lab"] == [
        ("releases", "false", "4 > 4"),
        ("artifacts", "true", "7 > 4"),
        ("days", "false", "3 > 4"),
    ]


def test_a_catalogue_day_inside_the_releases_span_is_no_date_conflict(mw: Mw, data_dir: Path) -> None:
    epoch = FIXTURES / "catalogues" / "epoch" / "dragon-catalogue.csv"
    assert mw("import", "epoch", str(epoch)).code == 0
    before = [f["kind"] for f in mw("compare", "epoch", "--org", "dragon", "-f", "json").json()]
    assert "date_conflict" in before  # Epoch dates Dragon 2 VL ten days after the registry's 2025-03-10
    dragon = data_dir / "orgs" / "dragon.toml"
    text = dragon.read_text(encoding="utf-8")
    vl = text.index('id = "dragon-2-vl"')
    head, tail = text[:vl], text[vl:]
    tail = tail.replace(
        "date = 2025-03-10\n",
        'date = "2025-03-10..2025-03-25"\ndate_source = "https://example.org/dragon/blog/dragon-2-vl"\n',
        1,
    )
    dragon.write_text(head + tail, encoding="utf-8")
    found = mw("compare", "epoch", "--org", "dragon", "-f", "json").json()
    assert [(f["kind"], f["release"], f["registry_date"]) for f in found if f["release"] == "dragon-2-vl"] == [
        ("tier_conflict", "dragon-2-vl", "2025-03-10..2025-03-25")
    ]


@pytest.mark.parametrize(
    ("date_lines", "problem"),
    [
        (
            'date = "2025-04"\n',
            "orgs/dragon.toml: release dragon-spring: date 2025-04 is a month: date_source must name the listed "
            "source that gives it (a day when a source gives the day)",
        ),
        (
            'date = "2025-04"\ndate_source = "https://example.org/somewhere-else"\n',
            "orgs/dragon.toml: release dragon-spring: date_source https://example.org/somewhere-else is not one "
            "of the release's sources",
        ),
        (
            # a day written where only the month is known (the note says so): a made-up day
            'date = 2025-04-01\nnote = "Launched in April; the day is not known."\n',
            "orgs/dragon.toml: release dragon-spring: date 2025-04-01 is written as a day but the note says "
            "'day is not known': write the period a source gives (\"2025-04\" or a span first..last) with its "
            "date_source",
        ),
        (
            'date = "2025-04-01..2025-04-30"\ndate_source = "https://example.org/dragon/news/april"\n',
            "orgs/dragon.toml: release dragon-spring: date: '2025-04-01..2025-04-30' is exactly 2025-04: "
            "write it as '2025-04'",
        ),
    ],
)
def test_a_period_no_listed_source_gives_is_refused(mw: Mw, data_dir: Path, date_lines: str, problem: str) -> None:
    spring = DATED.split('[[release]]\nid = "dragon-summer"')[0]
    spring = spring.replace('date = "2025-04"\ndate_source = "https://example.org/dragon/news/april"\n', date_lines)
    add_dated(data_dir, spring)
    r = mw("validate")
    assert r.code == 2
    assert problem in r.err.splitlines()
