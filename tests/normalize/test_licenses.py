"""A catalogue row that says only "open" takes the tier of a licence the licence table knows."""

from __future__ import annotations

import pytest

from modelwatch.normalize.licenses import LicenseIndex, refine_tiers
from modelwatch.records import CatalogueRow, License
from modelwatch.tiers import Tier

INDEX = LicenseIndex(
    [
        License.model_construct(
            id="apache-2.0",
            name="Apache 2.0",
            tier=Tier.OPEN_UNRESTRICTED,
            hub=["apache-2.0"],
            source="https://example.org/licence",
        ),
        License.model_construct(
            id="dragon-nc",
            name="Dragon NC",
            tier=Tier.OPEN_NONCOMMERCIAL,
            hub=["dragon-nc-1"],
            source="https://example.org/licence",
        ),
        License.model_construct(
            id="proprietary", name="Proprietary", tier=Tier.API, hub=[], source="https://example.org/licence"
        ),
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
