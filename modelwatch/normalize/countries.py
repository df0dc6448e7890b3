"""Country names as people type them -> ISO 3166-1 alpha-2 codes (curated in data/countries.toml)."""

from __future__ import annotations

import functools
import tomllib

from modelwatch.config import BUNDLED_DATA


@functools.cache
def _names() -> dict[str, str]:
    with (BUNDLED_DATA / "countries.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    return {name.casefold(): code for code, names in doc["names"].items() for name in [code, *names]}


def country_code(name: str) -> str | None:
    """The code of a country name ('China' -> 'CN'), or None when the name is not known."""
    return _names().get(name.strip().casefold())
