"""A proposal's date keeps the precision of its evidence: a catalogue's day, a catalogue's month, or
from the Hub alone a span from the repo's creation to the sync that first listed it public."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.analyze.evidence import Item
from modelwatch.analyze.proposals import _date_fields

D = dt.date


def hub(created: dt.date, seen: dt.date | None) -> Item:
    return Item(
        "hub", "Org/Model-7B", "Org/Model-7B", created, False, "https://huggingface.co/Org/Model-7B", latest=seen
    )


def row(source: str, day: dt.date, precise: bool) -> Item:
    return Item(source, "Model", "Model", day, precise, f"https://{source}.example/model")


@pytest.mark.parametrize(
    ("group", "date", "date_source"),
    [
        # a catalogue's day wins over the Hub's bounds
        ([hub(D(2025, 9, 1), D(2025, 9, 3)), row("epoch", D(2025, 9, 2), True)], D(2025, 9, 2), None),
        # a catalogue that gives only the month: the month, with its page as the evidence
        ([row("epoch", D(2025, 9, 1), False)], "2025-09", "https://epoch.example/model"),
        # the Hub alone: no earlier than the repo, no later than the sync that saw it public
        ([hub(D(2025, 9, 1), D(2025, 9, 14))], "2025-09-01..2025-09-14", "https://huggingface.co/Org/Model-7B"),
        # created and seen the same day: that day
        ([hub(D(2025, 9, 1), D(2025, 9, 1))], D(2025, 9, 1), "https://huggingface.co/Org/Model-7B"),
        # no sync day known: no date proposed
        ([hub(D(2025, 9, 1), None)], None, None),
    ],
)
def test_the_proposed_date_is_as_precise_as_its_evidence(
    group: list[Item], date: dt.date | str | None, date_source: str | None
) -> None:
    fields = _date_fields(group)
    assert fields["date"].value == date
    assert (fields["date_source"].value if "date_source" in fields else None) == date_source
