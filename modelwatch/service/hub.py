"""The Hub commands: sync, candidates, explain, adoption."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading, writing

if TYPE_CHECKING:
    from modelwatch.sources.hub_sync import Progress
    from modelwatch.store.hub import SyncWrite


@dataclass(frozen=True)
class SyncResult:
    write: SyncWrite
    namespaces: list[str]
    endpoint: str


def sync_hub(
    orgs: list[str] | None = None,
    derivatives: bool = False,
    progress: Progress | None = None,
    transport: Any = None,
    api: Any = None,
    timeout: float | None = None,
) -> SyncResult:
    """List every repo of the organizations' Hub namespaces, then store it all in one transaction.

    Nothing is written until every listing has completed, so an interrupted sync leaves the store as
    it was, and the next sync does the whole work again.
    """
    from modelwatch.normalize.organizations import hub_namespaces
    from modelwatch.sources.hub import endpoint
    from modelwatch.sources.hub_sync import fetch
    from modelwatch.sources.registry import load_registry
    from modelwatch.store.connection import checkpoint
    from modelwatch.store.hub import write_sync

    pairs = hub_namespaces(load_registry(config.data_dir()).organizations, orgs or [])
    if timeout is not None and not 0 < timeout <= 86_400:
        raise ModelwatchError(f"--timeout must be between 1 and 86400 seconds, not {timeout:g}")
    got = fetch(pairs, derivatives, progress, transport, api, timeout)
    with writing() as con:
        written = write_sync(con, endpoint(), got.listings, got.derivatives, got.parents)
        checkpoint(con, "the Hub sync")
    return SyncResult(write=written, namespaces=[ns for _, ns in pairs], endpoint=endpoint())


def candidates(orgs: list[str] | None = None, year: int | None = None) -> Answer:
    from modelwatch.analyze.candidates import CAPTION, require_sync
    from modelwatch.analyze.candidates import candidates as find

    with reading() as con:
        require_sync(con)
        got = find(con, orgs, year)
    return Answer(got, title=f"{len(got)} candidate releases the registry lacks", caption=CAPTION)


def explain(release_id: str) -> tuple[dict[str, object], Answer]:
    from modelwatch.analyze.candidates import explain as explain_release

    with reading() as con:
        summary, members = explain_release(con, release_id)
    return summary, Answer(members, title=f"members of {release_id}")


def adoption(
    by: str = "release", year: int | None = None, orgs: list[str] | None = None, modalities: list[str] | None = None
) -> Answer:
    from modelwatch.analyze.adoption import measure

    with reading() as con:
        m = measure(con, by, year, orgs, modalities)
    return Answer(m.rows, title=m.title, caption=m.caption, meta={"derivatives": str(m.derivatives)})
