"""`modelwatch compare`: what a catalogue has that the registry lacks, and the reverse, per organization."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
CAT = FIXTURES / "catalogues"
FILES = {
    "epoch": CAT / "epoch" / "dragon-catalogue.csv",
    "openrouter": CAT / "openrouter" / "models.json",
    "modelsdev": CAT / "modelsdev" / "api" / "api.json",
}


def _findings(mw: Mw, source: str, *args: str) -> list[tuple[Any, ...]]:
    r = mw("import", source, str(FILES[source]))
    assert r.code == 0, r.err
    r = mw("compare", source, "--format", "json", *args)
    assert r.code == 0, r.err
    rows = r.json()
    assert isinstance(rows, list)
    return [
        (f["org"], f["kind"], f["release"], f["delta_days"], "; ".join(f["source_rows"]), f["matched_by"]) for f in rows
    ]


@pytest.mark.parametrize(
    ("source", "args", "expected"),
    [
        (
            "epoch",
            ("--year", "2025"),
            [
                # a row no release matches: the registry may miss a release
                ("dragon", "source_only", "", None, "Dragon Coder", ""),
                ("dragon", "date_conflict", "dragon-2-vl", 10, "Dragon 2 VL", "name"),
                ("dragon", "tier_conflict", "dragon-2-vl", 10, "Dragon 2 VL", "name"),
                ("eagle-lab", "registry_only", "eagle-open-1", None, "", ""),
                ("eagle-research", "registry_only", "eagle-time", None, "", ""),
            ],
        ),
        # dates one day apart (Dragon Max) are within the default tolerance, not with 0 days
        (
            "epoch",
            ("--year", "2025", "--org", "dragon", "--tolerance", "0"),
            [
                ("dragon", "source_only", "", None, "Dragon Coder", ""),
                ("dragon", "date_conflict", "dragon-2-vl", 10, "Dragon 2 VL", "name"),
                ("dragon", "date_conflict", "dragon-max", 1, "Dragon Max", "name"),
                ("dragon", "tier_conflict", "dragon-2-vl", 10, "Dragon 2 VL", "name"),
            ],
        ),
        (
            "epoch",
            ("--year", "2025", "--org", "dragon", "--tolerance", "10"),
            [
                ("dragon", "source_only", "", None, "Dragon Coder", ""),
                ("dragon", "tier_conflict", "dragon-2-vl", 10, "Dragon 2 VL", "name"),
            ],
        ),
        (
            "epoch",
            ("--year", "2024"),
            [("dragon", "registry_only", "dragon-1", None, "", "")],
        ),
        # OpenRouter: listing dates; the Hub id links the API model to its weights
        (
            "openrouter",
            (),
            [
                ("dragon", "registry_only", "dragon-1", None, "", ""),
                ("dragon", "registry_only", "dragon-2-vl", None, "", ""),
                ("dragon", "date_conflict", "dragon-2", 22, "Dragon 2 32B", "hub repo DragonAI/Dragon-2-32B"),
                ("eagle-research", "registry_only", "eagle-time", None, "", ""),
            ],
        ),
        # models.dev: a month-only date does not conflict within its month; an open model without a
        # known licence has no exact tier, and open vs open is no conflict
        (
            "modelsdev",
            ("--year", "2025"),
            [
                ("eagle-lab", "registry_only", "eagle-3", None, "", ""),
                ("eagle-research", "registry_only", "eagle-time", None, "", ""),
            ],
        ),
    ],
)
def test_compare_findings(mw: Mw, source: str, args: tuple[str, ...], expected: list[tuple[Any, ...]]) -> None:
    assert _findings(mw, source, *args) == expected


def test_summary_puts_source_rows_beside_the_three_units(mw: Mw) -> None:
    mw("import", "epoch", str(FILES["epoch"]))
    r = mw("compare", "epoch", "--year", "2025", "--summary", "--format", "json")
    assert r.code == 0, r.err
    rows = {row["org"]: row for row in r.json()}  # type: ignore[union-attr]
    keys = ("source_rows", "releases", "artifacts", "days", "source_only", "registry_only", "date_conflict")
    assert {org: tuple(rows[org][k] for k in keys) for org in rows} == {
        "dragon": (4, 3, 6, 2, 1, 0, 1),
        "eagle-lab": (2, 2, 4, 2, 0, 1, 0),
        "eagle-research": (0, 1, 1, 1, 0, 1, 0),
        "(unresolved)": (1, 0, 0, 0, 0, 0, 0),
    }


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_every_format_carries_the_rows(mw: Mw, fmt: str) -> None:
    mw("import", "epoch", str(FILES["epoch"]))
    r = mw("compare", "epoch", "--year", "2025", "--format", fmt)
    assert r.code == 0, r.err
    assert "Dragon Coder" in r.out
    if fmt == "table":
        assert "Epoch AI, 'Data on AI Models', https://epoch.ai/data/ai-models (CC BY 4.0)" in r.out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("compare", "epoch"), "no epoch snapshot imported yet; run `modelwatch import epoch PATH`"),
        (("compare", "epoch", "--org", "nobody"), "unknown organization 'nobody'"),
        (("compare", "epoch", "--as-of", "May 1"), "--as-of 'May 1' is not a date"),
    ],
)
def test_user_mistakes_are_one_line(mw: Mw, args: tuple[str, ...], message: str) -> None:
    r = mw(*args)
    assert r.code == 2 and message in r.err and "Traceback" not in r.err


def test_a_companion_row_says_nothing_about_the_flagships_tier(mw: Mw, tmp_path: Path) -> None:
    """Epoch lists Dragon 2 itself and its FP8 re-pack; only Dragon 2's own row is compared for tier."""
    header = FILES["epoch"].read_text().splitlines()[0]
    rows = [
        "Dragon 2,Language,Dragon AI,2025-03-10,https://example.org/dragon/blog/dragon-2,"
        "Open weights (unrestricted),China,2026-01-05 10:00:00+00:00,DragonAI,Yes,",
        "Dragon-2-32B-FP8,Language,Dragon AI,2025-03-10,https://huggingface.co/DragonAI/Dragon-2-32B-FP8,"
        "Open weights (non-commercial),China,2026-01-05 10:00:00+00:00,DragonAI,Yes,",
    ]
    path = tmp_path / "all_ai_models.csv"
    path.write_text("\n".join([header, *rows]) + "\n")
    assert mw("import", "epoch", str(path)).code == 0
    r = mw("compare", "epoch", "--org", "dragon", "--year", "2025", "--format", "json")
    assert r.code == 0, r.err
    found = r.json()
    assert isinstance(found, list)
    assert [(f["kind"], f["release"]) for f in found if f["release"] == "dragon-2"] == []


def test_a_catalogue_name_with_terminal_escapes_prints_escaped(mw: Mw, tmp_path: Path) -> None:
    # a row that would retitle the terminal (OSC 0) and ring its bell, and one that would split a row in two
    header, first = FILES["epoch"].read_text().splitlines()[:2]
    rows = [header, first, "Evil\x1b]0;pwned\x07Model,Language,Dragon AI,2025-05-01,,API access,China,,,No,"]
    rows.append('"Split\r\nRow",Language,Dragon AI,2025-05-02,,API access,China,,,No,')
    catalogue = tmp_path / "hostile.csv"
    catalogue.write_text("\n".join(rows) + "\n", encoding="utf-8", newline="")
    assert mw("import", "epoch", str(catalogue)).code == 0
    for fmt in ("table", "csv"):
        r = mw("compare", "epoch", "--org", "dragon", "-f", fmt)
        assert r.code == 0, r.err
        assert "\x1b" not in r.out and "\x07" not in r.out and "\r" not in r.out
        # the escape is shown escaped; a line break inside a name was already folded to a space on import
        assert "Evil\\x1b]0;pwned\\x07Model" in r.out and "Split Row" in r.out
