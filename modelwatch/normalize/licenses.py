"""Licence id or Hub licence tag -> licence -> openness tier."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from modelwatch.records import License, Tier

if TYPE_CHECKING:
    from modelwatch.records import CatalogueRow


class LicenseIndex:
    def __init__(self, licenses: Iterable[License]):
        self.licenses: dict[str, License] = {lic.id: lic for lic in licenses}
        self._by_tag: dict[str, str] = {}
        for lic in self.licenses.values():
            self._by_tag.setdefault(lic.id.casefold(), lic.id)
            for tag in lic.hub:
                self._by_tag.setdefault(tag.casefold(), lic.id)

    def resolve(self, tag: str) -> License | None:
        """A Hub `license:` tag, `license_name`, or licence id; None when unknown."""
        lic_id = self._by_tag.get(tag.strip().casefold())
        return self.licenses.get(lic_id) if lic_id else None

    def tier(self, tag: str) -> Tier:
        lic = self.resolve(tag)
        return lic.tier if lic else Tier.UNKNOWN


def refine_tiers(rows: Iterable[CatalogueRow], index: LicenseIndex) -> None:
    """A catalogue row that says only "open" gets the tier of its licence, when the licence table knows it."""
    for r in rows:
        if r.license and r.openness == "open" and not r.tier.is_open:
            tier = index.tier(r.license)
            if tier.is_open:
                r.tier = tier
