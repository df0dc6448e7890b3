"""Verdicts shaped once: which numbers stand for a claim, and the forms every front end reads."""

from __future__ import annotations

import pytest

from modelwatch.analyze.claims import Reading, Verdict
from modelwatch.analyze.claims_file import Claim
from modelwatch.analyze.verdicts import claim_rows, long_rows

CLAIM = Claim(id="c", text="Dragon leads", metric="releases", subject=["dragon"], period="2025", op=">", value=1)


def _verdict(*readings: tuple[str, str, str]) -> Verdict:
    return Verdict(CLAIM, [Reading(u, "lab", v, None, None, d) for u, v, d in readings])


@pytest.mark.parametrize(
    ("readings", "verdict", "robust", "shown", "one_reason"),
    [
        ([("releases", "true", "3 > 1"), ("days", "true", "2 > 1")], "true", True, "releases/lab", False),
        # holds in some settings only: shown with the numbers of a setting where it holds
        (
            [("releases", "false", "1 > 1"), ("days", "true", "2 > 1")],
            "depends: true in days/lab; false in releases/lab",
            False,
            "days/lab",
            False,
        ),
        (
            [("releases", "undecidable", "no organization 'x'"), ("days", "undecidable", "no organization 'x'")],
            "undecidable: no organization 'x'",
            False,
            "releases/lab",
            True,
        ),
        (
            [("releases", "true", "3 > 1"), ("days", "undecidable", "coverage ends 2025-06-30")],
            "undecidable: coverage ends 2025-06-30",
            False,
            "releases/lab",
            False,
        ),
    ],
)
def test_the_numbers_shown_for_a_claim(
    readings: list[tuple[str, str, str]], verdict: str, robust: bool, shown: str, one_reason: bool
) -> None:
    [row] = claim_rows([_verdict(*readings)])
    assert (row.verdict, row.robust, row.shown.setting, row.one_reason) == (verdict, robust, shown, one_reason)


def test_json_and_csv_forms() -> None:
    [row] = claim_rows([_verdict(("releases", "true", "3 > 1"))])
    assert row.as_json() == {
        "id": "c",
        "text": "Dragon leads",
        "verdict": "true",
        "robust": True,
        "decided": True,
        "readings": [
            {
                "unit": "releases",
                "level": "lab",
                "verdict": "true",
                "value": None,
                "compared_with": None,
                "numbers": "3 > 1",
            }
        ],
    }
    assert long_rows([row]) == [
        {
            "claim": "c",
            "setting": "releases/lab",
            "verdict": "true",
            "value": None,
            "compared_with": None,
            "numbers": "3 > 1",
        }
    ]
