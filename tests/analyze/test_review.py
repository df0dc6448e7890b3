"""The year review as data: the numbers of the fixture registry's 2025, each with exactly its releases."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from modelwatch.analyze.review import Count, ReportData
from tests.conftest import Run

Mw = Callable[..., Run]


@pytest.fixture
def data(mw: Mw, env: Path) -> ReportData:
    from modelwatch.service import year_review

    assert mw("build").code == 0
    return year_review(2025)


def _counts(data: ReportData) -> list[Count]:
    out = [c for s in (data.total, *data.orgs, *data.countries) for c in (s.releases, s.open, s.closed)]
    return out + [b.releases for b in data.before.values()]


def test_the_numbers_of_the_year(data: ReportData) -> None:
    t = data.total
    assert (t.releases.n, t.open.n, t.closed.n, t.unknown, data.organizations) == (6, 4, 2, 0, 3)
    assert [(o.id, o.releases.n, o.open.n, o.closed.n, o.open_share) for o in data.orgs] == [
        ("dragon", 3, 2, 1, 0.667),
        ("eagle-lab", 2, 1, 1, 0.5),
        ("eagle-research", 1, 1, 0, 1.0),
    ]
    assert [(c.id, c.releases.n, c.open.n, c.closed.n) for c in data.countries] == [("CN", 3, 2, 1), ("US", 3, 2, 1)]
    assert {k: (b.releases.n, b.open_share) for k, b in data.before.items()} == {"CN": (1, 1.0)}
    assert [o.id for o in data.leaders] == ["dragon"]
    assert data.most_open is not None and data.most_open.id == "dragon"
    assert [s["source"] for s in data.snapshots] == ["registry"]
    assert data.charts.adoption is None and data.charts.adoption_curve is None


def test_every_count_is_the_length_of_its_list(data: ReportData) -> None:
    # the counts come from the leaderboard query, the lists from the release listing: they must agree
    counts = _counts(data)
    assert len(counts) == 3 * (1 + 3 + 2) + 1
    for c in counts:
        assert c.n == len(data.lists[c.list].releases), c.list
    # and only lists that some number links to are made
    assert set(data.lists) == {c.list for c in counts}


@pytest.mark.parametrize(
    ("key", "title", "ids"),
    [
        ("y2025-org-dragon-open", "Dragon AI: open-weights releases in 2025", ["dragon-2", "dragon-2-vl"]),
        ("y2025-country-US-closed", "US: closed releases in 2025", ["eagle-3"]),
        ("y2024-country-CN-all", "CN: releases in 2024", ["dragon-1"]),
        (
            "y2025-all--open",
            "every organization: open-weights releases in 2025",
            ["eagle-time", "dragon-2", "dragon-2-vl", "eagle-open-1"],
        ),
    ],
)
def test_lists_hold_exactly_the_releases_counted(data: ReportData, key: str, title: str, ids: list[str]) -> None:
    found = data.lists[key]
    assert (found.title, [r["id"] for r in found.releases]) == (title, ids)


def test_the_review_cannot_be_changed_by_its_readers(data: ReportData) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        data.year = 2024  # type: ignore[misc]
    with pytest.raises(TypeError):
        data.lists["x"] = data.lists["y2025-all--all"]  # type: ignore[index]


def test_boards_are_the_leaderboard_command(mw: Mw, data: ReportData) -> None:
    for by in ("org", "group", "country"):
        for unit in ("releases", "artifacts", "days"):
            r = mw("leaderboard", "--year", "2025", "--by", by, "--unit", unit, "-f", "json")
            assert r.code == 0, r.err
            assert r.json() == [{k: _plain(v) for k, v in row.items()} for row in data.boards[by, unit]], (by, unit)


def _plain(v: object) -> object:
    return float(v) if v is not None and not isinstance(v, str | int) else v  # type: ignore[arg-type]
