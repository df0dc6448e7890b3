"""The year review's summary in words, on the bundled registry."""

from __future__ import annotations

from modelwatch.publish.report_text import NO_COUNTRY, Part, summary
from modelwatch.service import year_review


def _text(line: list[Part]) -> str:
    return "".join(part for part, _ in line)


def test_a_country_left_empty_is_named_as_unrecorded_never_blank() -> None:
    # poolside's country is left empty (sources disagree); among 2026's code models the unrecorded country
    # is second, so the summary describes it
    lines = [_text(line) for line in summary(year_review(2026, modalities=["code"]))]
    assert [t for t in lines if t.startswith(":")] == []
    assert [t.split(":")[0] for t in lines if t.startswith(NO_COUNTRY)] == ["No country recorded"]
