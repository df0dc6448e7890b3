"""Openness tiers (compatible with Epoch AI's "Model accessibility").

Kept free of heavy imports: the read path of every command needs it.
"""

from __future__ import annotations

from enum import StrEnum


class Tier(StrEnum):
    OPEN_UNRESTRICTED = "open_unrestricted"
    OPEN_RESTRICTED = "open_restricted"
    OPEN_NONCOMMERCIAL = "open_noncommercial"
    API = "api"
    HOSTED = "hosted"
    UNRELEASED = "unreleased"
    UNKNOWN = "unknown"

    @property
    def is_open(self) -> bool:
        return self in OPEN_TIERS

    @property
    def openness(self) -> str:
        """open / closed / unreleased / unknown: the split every count reports."""
        if self in OPEN_TIERS:
            return "open"
        if self in (Tier.API, Tier.HOSTED):
            return "closed"
        return self.value


OPEN_TIERS = frozenset({Tier.OPEN_UNRESTRICTED, Tier.OPEN_RESTRICTED, Tier.OPEN_NONCOMMERCIAL})
