"""One Hub sync's fetching: every namespace listed in full, then (when asked) the derivatives of its repos.

Nothing is stored here: the caller writes the whole answer in one transaction, or nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from modelwatch.sources import hub


class Progress(Protocol):
    """What a front end shows while syncing (the CLI draws a bar on stderr)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, label: str, count: int) -> None: ...
    def step(self) -> None: ...


@dataclass(frozen=True)
class Listing:
    """One namespace listed completely."""

    org_id: str
    namespace: str
    repos: Sequence[hub.HubRepo]


@dataclass
class Fetched:
    listings: list[Listing] = field(default_factory=list)
    derivatives: list[hub.Derivative] | None = None  # None: not asked for
    parents: list[str] = field(default_factory=list)  # the repos whose derivatives were listed


def fetch(
    pairs: list[tuple[str, str]],
    derivatives: bool = False,
    progress: Progress | None = None,
    transport: Any = None,
    api: Any = None,
    timeout: float | None = None,
) -> Fetched:
    """List every (organization, namespace) pair; with `derivatives`, each listed repo's derivatives too;
    every request within `timeout` seconds of the start (config.SYNC_TIMEOUT when None)."""
    from modelwatch import config
    from modelwatch.sources._http import hub_session

    got = Fetched()
    with hub_session(transport, timeout=config.SYNC_TIMEOUT if timeout is None else timeout):
        client = api or hub.make_api()
        for org_id, ns in pairs:
            if progress:
                progress.start(ns, 0)
            on_repo: Callable[[int], None] | None = (lambda n, ns=ns: progress.advance(ns, n)) if progress else None
            got.listings.append(Listing(org_id, ns, hub.list_namespace(ns, org_id, client, on_repo)))
        if derivatives:
            got.derivatives = []
            got.parents = [
                r.artifact.source_id for lst in got.listings for r in lst.repos if r.children is None or r.children > 0
            ]
            if progress:
                progress.start("derivatives", len(got.parents))
            for parent in got.parents:
                got.derivatives.extend(hub.list_derivatives(parent, client))
                if progress:
                    progress.step()
    return got
