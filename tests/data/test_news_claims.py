"""The README's verdicts on the 2025 news claims and on 2026, kept true to the bundled registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run, seed_home

Mw = Callable[..., Run]
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "claims"

UNKNOWN = "releases of unknown openness decide it: "
NO_DUMP = (
    "no Hub dump history yet: run `modelwatch import hub-dump --download --since {} --every month` first (or "
    "`modelwatch import hub-dump PATH` once per dump)"
)
EXPECTED = {
    "china-open-models-2025.toml": {
        "china-more-open-than-us": ("true", "148 > 100"),
        "alibaba-over-twenty": ("true", "52 > 20"),
        "alibaba-leads": ("true", "52 vs next google-deepmind 47"),
        "alibaba-mostly-open": ("true", "82% > 50%"),
        "deepseek-double-digit": ("true", "11 >= 10"),
        "deepseek-slightly-more-than-google": ("false", "11 > 47"),
        "deepseek-slightly-more-open-than-google": ("false", "11 > 15"),
        "openai-anthropic-handful-open": ("true", "openai: 2 <= 5; anthropic: 0 <= 5"),
        "us-open-share-fell": ("true", "52% < 61%"),
        "china-open-share-rose": (
            f"undecidable: {UNKNOWN}66%..78% vs 63%..66%; {UNKNOWN}85%..91% vs 84%..86%",
            "77% > 64%",
        ),
    },
    # January to August 2026 against the same months of 2025 (the claims file says why)
    "china-us-open-models-2026.toml": {
        "china-more-open-than-us-2026": (f"undecidable: {UNKNOWN}200..217 vs 182..201", "72 > 50"),
        "china-open-share-kept-rising": (
            f"undecidable: {UNKNOWN}58%..68% vs 64%..75%; {UNKNOWN}61%..70% vs 68%..77%",
            f"{UNKNOWN}61%..70% vs 68%..77%",
        ),
        "china-open-share-kept-rising-llm": (f"undecidable: {UNKNOWN}62%..72% vs 70%..77%", "70% > 78%"),
        "us-open-share-recovered": (
            f"undecidable: {UNKNOWN}45%..53% vs 48%..52%; {UNKNOWN}65%..72% vs 67%..69%",
            "45% > 52%",
        ),
        "us-open-share-recovered-llm": (
            f"undecidable: {UNKNOWN}52%..58% vs 51%..56%; {UNKNOWN}53%..60% vs 49%..54%; {UNKNOWN}72%..79% vs 73%..76%",
            f"{UNKNOWN}52%..58% vs 51%..56%",
        ),
        "alibaba-led-2026": ("true", "26 vs next google-deepmind 20"),
        "openai-led-2026": ("false", "11 vs next alibaba 26"),
        "openai-anthropic-handful-open-2026": ("true", "openai: 0 <= 5; anthropic: 0 <= 5"),
    },
    # adoption on the Hub: without a Hub dump history each says which command to run first
    "hub-adoption-2025.toml": {
        claim: (f"undecidable: {NO_DUMP.format(since)}", NO_DUMP.format(since))
        for claim, since in [
            ("china-largest-share-of-new-finetunes", "2024-12-01"),
            ("china-largest-share-of-new-derivatives", "2024-12-01"),
            ("qwen3-most-derived-line", "2024-12-01"),
            ("china-more-new-derivatives-than-us", "2024-12-01"),
            ("us-share-of-new-derivatives-fell", "2023-12-01"),
            ("china-derivatives-downloaded-more", "2025-11-01"),
        ]
    },
}


@pytest.mark.parametrize("claims", sorted(EXPECTED))
def test_readme_verdicts_hold(
    mw: Mw, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, bundled_store: Path, claims: str
) -> None:
    monkeypatch.delenv("MODELWATCH_DATA")
    monkeypatch.setenv("MODELWATCH_HOME", str(seed_home(tmp_path / "bundled", bundled_store)))
    r = mw("check", str(EXAMPLES / claims), "--format", "json")
    assert r.code in (0, 1), r.err  # 1: some claim is undecidable on the data
    data = r.json()
    assert isinstance(data, list)
    assert {v["id"]: (v["verdict"], v["readings"][0]["numbers"]) for v in data} == EXPECTED[claims]
