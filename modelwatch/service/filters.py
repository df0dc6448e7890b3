"""The release filters as every front end takes them: the CLI's options and the Python API's arguments.

One function reads them, so `modelwatch releases --country CN --open` and `mw.releases(country="CN", open=True)`
ask the store the same question and are refused with the same words.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import TypeVar

from modelwatch.analyze.counts import Filters
from modelwatch.errors import ModelwatchError

E = TypeVar("E", bound=StrEnum)

# One value or several: `country="CN"` and `country=["CN", "US"]` (the CLI repeats the option).
Values = str | Iterable[str] | None


def _listed(values: Values, option: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        return [values]
    out = list(values)
    bad = next((v for v in out if not isinstance(v, str)), None)
    if bad is not None:
        raise ModelwatchError(f"{option} takes text, not {bad!r}")
    return out


def modalities(values: Values) -> list[str]:
    """Modalities as a person types them (` Language `), as the store spells them."""
    return [m.strip().casefold() for m in _listed(values, "--modality")]


def year_of(year: object) -> int | None:
    """A year in 1..9999 (one outside has no dates in it), or None for all years."""
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise ModelwatchError(f"--year takes a year such as 2025, not {year!r}")
    if not 1 <= year <= 9999:
        raise ModelwatchError(f"--year {year}: give a year from 1 to 9999")
    return year


def choice(value: object, kind: type[E], option: str) -> E:
    """`value` as one of the words `kind` allows, or one line listing them."""
    try:
        if isinstance(value, str):
            return kind(value)
    except ValueError:
        pass
    raise ModelwatchError(f"{option} must be one of {', '.join(kind)}, not {value!r}")


def filters(
    year: int | None = None,
    org: Values = None,
    country: Values = None,
    tier: Values = None,
    open: bool = False,
    closed: bool = False,
    modality: Values = None,
) -> Filters:
    """The releases a question is about, from the words of `--year`, `--org`, `--country`, `--tier`,
    `--open`, `--closed` and `--modality`. Organizations and countries are read (and refused with a hint)
    when the store answers: see analyze.scope."""
    if open and closed:
        raise ModelwatchError("--open and --closed exclude each other")
    return Filters(
        year=year_of(year),
        orgs=_listed(org, "--org"),
        countries=_listed(country, "--country"),
        tiers=_listed(tier, "--tier"),
        openness="open" if open else "closed" if closed else None,
        modalities=modalities(modality),
    )
