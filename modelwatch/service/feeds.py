"""The feeds: the newest releases (all, per organization, per country) and the proposals awaiting review."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.service.core import reading

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.feeds import FeedData

SCOPES = ("releases", "organization", "country")


def release_feeds(scopes: Sequence[tuple[str, str]]) -> list[FeedData]:
    """One feed per (kind, key): ("releases", ""), ("organization", id) or ("country", code); over one
    connection, so the static export asks for all of them at once."""
    from modelwatch.analyze.counts import organizations, registry_period

    with reading() as con:
        orgs = organizations(con)
        _, covered_to = registry_period(con)
        names = {o["id"]: o["name"] for o in orgs}
        countries = sorted({o["country"] for o in orgs if o["country"]})
        return [_release_feed(con, kind, key, names, countries, covered_to) for kind, key in scopes]


def _release_feed(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    key: str,
    names: dict[str, str],
    countries: list[str],
    covered_to: dt.date | None,
) -> FeedData:
    from modelwatch.analyze.counts import Filters, list_releases
    from modelwatch.analyze.feeds import FeedData, newest, newest_releases, tag

    if kind == "releases":
        f, name = Filters(), ""
    elif kind == "organization":
        if key not in names:
            raise ModelwatchError(f"no organization has the id {key!r}; see `modelwatch orgs`")
        f, name = Filters(orgs=[key]), names[key]
    elif kind == "country":
        if key not in countries:
            raise ModelwatchError(f"no organization has the country {key!r}; the registry's are {', '.join(countries)}")
        f, name = Filters(countries=[key]), key
    else:
        raise ModelwatchError(f"a feed is one of {', '.join(SCOPES)}, not {kind!r}")
    found = list_releases(con, f)
    entries = newest_releases(found, names)
    return FeedData(tag("feed", kind, key), kind, key, name, tuple(entries), len(found), newest(entries, covered_to))


def proposal_feed() -> FeedData:
    """The proposals awaiting review, newest first; empty, saying why, while the store holds no source
    snapshot to compute them from."""
    from modelwatch.analyze import pending
    from modelwatch.analyze.counts import registry_period
    from modelwatch.analyze.feeds import FeedData, newest, newest_proposals, tag

    with reading() as con:
        _, covered_to = registry_period(con)
        try:
            props = pending.reviewable(con)
        except ModelwatchError as exc:  # nothing to compute them from yet
            return FeedData(tag("feed", "proposals"), "proposals", "", "", (), 0, newest((), covered_to), str(exc))
    entries = newest_proposals(props)
    return FeedData(
        tag("feed", "proposals"), "proposals", "", "", tuple(entries), len(props), newest(entries, covered_to)
    )
