"""The README's verdicts on the 2025 news claims, kept true to the bundled registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]
CLAIMS = Path(__file__).resolve().parents[2] / "examples" / "claims" / "china-open-models-2025.toml"

EXPECTED = {
    "china-more-open-than-us": ("true", "126 > 81"),
    "alibaba-over-twenty": ("true", "50 > 20"),
    "alibaba-leads": ("true", "50 vs next google-deepmind 43"),
    "alibaba-mostly-open": ("true", "80% > 50%"),
    "deepseek-double-digit": ("true", "11 >= 10"),
    "deepseek-slightly-more-than-google": ("false", "11 > 43"),
    "deepseek-slightly-more-open-than-google": (
        "depends: true in days/lab; false in releases/lab, artifacts/lab, releases/group, artifacts/group, days/group",
        "11 > 13",
    ),
    "openai-anthropic-handful-open": ("true", "openai: 2 <= 5; anthropic: 0 <= 5"),
    "us-open-share-fell": ("true", "48% < 60%"),
    "china-open-share-rose": ("true", "77% > 64%"),
}


@pytest.fixture
def verdicts(mw: Mw, monkeypatch: pytest.MonkeyPatch) -> dict[str, tuple[str, str]]:
    monkeypatch.delenv("MODELWATCH_DATA")
    r = mw("check", str(CLAIMS), "--format", "json")
    assert r.code == 0, r.err
    data = r.json()
    assert isinstance(data, list)
    return {v["id"]: (v["verdict"], v["readings"][0]["numbers"]) for v in data}


def test_readme_verdicts_hold(verdicts: dict[str, tuple[str, str]]) -> None:
    assert verdicts == EXPECTED
