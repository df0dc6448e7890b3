"""Which registry release a catalogue row is matched to: dated variants and companions (literal cases)."""

from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.analyze.compare import Rel, SRow, match
from modelwatch.normalize.catalogue_names import name_keys, name_stem
from modelwatch.records import CatalogueRow

D = dt.date.fromisoformat


def _rel(rid: str, name: str, date: str, members: tuple[str, ...] = ()) -> Rel:
    rel = Rel(rid, "lab", name, D(date), "open_unrestricted", "open", 1, orgs={"lab"}, groups={"lab"})
    rel.keys = set(name_keys(name))
    rel.own_keys = name_keys(name)
    rel.stems = {name_stem(name)}
    for m in members:
        rel.keys |= name_keys(m)
        rel.stems.add(name_stem(m))
    return rel


RELEASES = [
    _rel("v3", "DeepSeek-V3", "2024-12-26", ("lab/DeepSeek-V3", "lab/DeepSeek-V3-Base")),
    _rel("v3-0324", "DeepSeek-V3-0324", "2025-03-24", ("lab/DeepSeek-V3-0324",)),
    _rel("vl", "Kimi-VL", "2025-04-10", ("lab/Kimi-VL-A3B-Instruct",)),
    _rel("vl-2506", "Kimi-VL-A3B-Thinking-2506", "2025-06-23", ("lab/Kimi-VL-A3B-Thinking-2506",)),
    _rel("qwen3", "Qwen3", "2025-04-29", ("lab/Qwen3-8B",)),
    _rel("qwen3-vl", "Qwen3-VL", "2025-04-29", ("lab/Qwen3-VL-8B",)),
]


@pytest.mark.parametrize(
    ("name", "date", "release", "how"),
    [
        # a dated checkpoint goes to its own release, not to the namesake 88 days earlier
        ("DeepSeek-V3 (Mar 2025)", "2025-03-24", "v3-0324", "dated variant of the name"),
        ("Kimi-VL", "2025-06-23", "vl-2506", "dated variant of the name"),
        # the namesake itself still matches by name, and a near namesake wins over a variant
        ("DeepSeek-V3", "2024-12-27", "v3", "name"),
        ("Kimi-VL", "2025-04-11", "vl", "name"),
        ("Qwen3", "2025-04-29", "qwen3", "name"),
        # a far namesake with no variant nearby is still matched, so that the date conflict shows
        ("DeepSeek-V3", "2025-02-10", "v3", "name"),
    ],
)
def test_dated_variants_match_their_own_release(name: str, date: str, release: str, how: str) -> None:
    row = SRow(CatalogueRow(row=1, source_id=name, name=name, date=D(date)), ["lab"], {"lab"}, name_keys(name))
    match([row], {r.id: r for r in RELEASES}, window=90, tolerance=3)
    assert (row.release.id if row.release else None, row.matched_by) == (release, how)
