"""The README's verdicts on the 2025 news claims and on 2026, kept true to the bundled registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "claims"

UNKNOWN = "releases of unknown openness decide it: "
EXPECTED = {
    "china-open-models-2025.toml": {
        "china-more-open-than-us": ("true", "130 > 83"),
        "alibaba-over-twenty": ("true", "50 > 20"),
        "alibaba-leads": ("true", "50 vs next google-deepmind 43"),
        "alibaba-mostly-open": ("true", "81% > 50%"),
        "deepseek-double-digit": ("true", "11 >= 10"),
        "deepseek-slightly-more-than-google": ("false", "11 > 43"),
        "deepseek-slightly-more-open-than-google": (
            "depends: true in days/lab; false in releases/lab, artifacts/lab, releases/group, artifacts/group, "
            "days/group",
            "11 > 13",
        ),
        "openai-anthropic-handful-open": ("true", "openai: 2 <= 5; anthropic: 0 <= 5"),
        "us-open-share-fell": ("true", "49% < 60%"),
        "china-open-share-rose": (
            f"undecidable: {UNKNOWN}62%..78% vs 62%..66%; {UNKNOWN}84%..91% vs 84%..86%",
            "77% > 64%",
        ),
    },
    "china-us-open-models-2026.toml": {
        "china-more-open-than-us-2026": (
            f"undecidable: {UNKNOWN}24..50 vs 19..30; {UNKNOWN}27..57 vs 21..33; {UNKNOWN}82..150 vs 93..131",
            f"{UNKNOWN}27..57 vs 21..33",
        ),
        "china-open-share-kept-rising": (
            f"undecidable: {UNKNOWN}36%..76% vs 63%..78%; {UNKNOWN}36%..77% vs 68%..80%; {UNKNOWN}47%..86% vs 85%..91%",
            f"{UNKNOWN}36%..77% vs 68%..80%",
        ),
        "china-open-share-kept-rising-llm": (
            f"undecidable: {UNKNOWN}42%..75% vs 73%..84%; {UNKNOWN}43%..75% vs 70%..82%",
            f"{UNKNOWN}42%..75% vs 73%..84%",
        ),
        "us-open-share-recovered": ("false", "24% > 49%"),
        "us-open-share-recovered-llm": ("false", "30% > 51%"),
        "alibaba-led-2026": (
            "depends: true in artifacts/lab, days/lab, artifacts/group, days/group; false in releases/lab, "
            "releases/group",
            "18 vs next google-deepmind 19",
        ),
        "openai-led-2026": ("false", "15 vs next google-deepmind 19"),
        "openai-anthropic-handful-open-2026": ("true", "openai: 0 <= 5; anthropic: 0 <= 5"),
    },
}


@pytest.mark.parametrize("claims", sorted(EXPECTED))
def test_readme_verdicts_hold(mw: Mw, monkeypatch: pytest.MonkeyPatch, claims: str) -> None:
    monkeypatch.delenv("MODELWATCH_DATA")
    r = mw("check", str(EXAMPLES / claims), "--format", "json")
    assert r.code in (0, 1), r.err  # 1: some claim is undecidable on the data
    data = r.json()
    assert isinstance(data, list)
    assert {v["id"]: (v["verdict"], v["readings"][0]["numbers"]) for v in data} == EXPECTED[claims]
