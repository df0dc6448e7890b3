"""A catalogue row that says only "open" takes the tier of a licence the licence table knows."""

from __future__ import annotations

import pytest

from modelwatch.normalize.licenses import LicenseIndex, refine_tiers
from modelwatch.records import CatalogueRow, License
from modelwatch.tiers import Tier


def _licence(id: str, name: str, tier: Tier, hub: list[str]) -> License:
    return License.model_construct(id=id, name=name, tier=tier, hub=hub, source="https://example.org/licence")


INDEX = LicenseIndex(
    [
        _licence("apache-2.0", "Apache 2.0", Tier.OPEN_UNRESTRICTED, ["apache-2.0"]),
        _licence("dragon-nc", "Dragon NC", Tier.OPEN_NONCOMMERCIAL, ["dragon-nc-1"]),
        _licence("proprietary", "Proprietary", Tier.API, []),
    ]
)


@pytest.mark.parametrize(
    ("license", "openness", "tier", "expected"),
    [
        ("apache-2.0", "open", Tier.UNKNOWN, Tier.OPEN_UNRESTRICTED),
        ("DRAGON-NC-1", "open", Tier.UNKNOWN, Tier.OPEN_NONCOMMERCIAL),  # a Hub tag, any case
        ("apache-2.0", "open", Tier.OPEN_RESTRICTED, Tier.OPEN_RESTRICTED),  # a stated open tier stays
        ("apache-2.0", "unknown", Tier.UNKNOWN, Tier.UNKNOWN),  # only rows that say "open" are refined
        ("proprietary", "open", Tier.UNKNOWN, Tier.UNKNOWN),  # a closed licence never makes a tier
        ("some-other", "open", Tier.UNKNOWN, Tier.UNKNOWN),  # unknown stays unknown
        ("", "open", Tier.UNKNOWN, Tier.UNKNOWN),
    ],
)
def test_refine_tiers(license: str, openness: str, tier: Tier, expected: Tier) -> None:
    row = CatalogueRow(row=1, source_id="x", name="X", license=license, openness=openness, tier=tier)
    refine_tiers([row], INDEX)
    assert row.tier is expected
