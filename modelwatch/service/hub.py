"""The Hub commands: sync, candidates, explain, adoption."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading, writing

if TYPE_CHECKING:
    import duckdb

    from modelwatch.store.hub import SyncWrite


class Progress(Protocol):
    """What a front end shows while syncing (the CLI draws a bar on stderr)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, label: str, count: int) -> None: ...
    def step(self) -> None: ...


@dataclass(frozen=True)
class SyncResult:
    write: SyncWrite
    namespaces: list[str]
    endpoint: str


def _namespaces(orgs: list[str]) -> list[tuple[str, str]]:
    from modelwatch.sources.hub import iter_namespaces
    from modelwatch.sources.registry import load_registry

    reg = load_registry(config.data_dir())
    unknown = [o for o in orgs if o not in reg.organizations]
    if unknown:
        raise ModelwatchError(f"--org {unknown[0]}: no such organization; see `modelwatch orgs`")
    chosen = orgs or sorted(reg.organizations)
    aliases = {o: reg.organizations[o].aliases.get("hub", []) for o in chosen}
    pairs = list(iter_namespaces(aliases))
    if not pairs:
        raise ModelwatchError(f"{', '.join(chosen)}: no Hub namespace (aliases.hub) in the registry")
    return pairs


def sync_hub(
    orgs: list[str] | None = None,
    derivatives: bool = False,
    progress: Progress | None = None,
    transport: Any = None,
    api: Any = None,
) -> SyncResult:
    """List every repo of the organizations' Hub namespaces, then store it all in one transaction.

    Nothing is written until every listing has completed, so an interrupted sync leaves the store as
    it was, and the next sync does the whole work again.
    """
    from modelwatch.sources import hub
    from modelwatch.sources._http import hub_session
    from modelwatch.store.connection import checkpoint
    from modelwatch.store.hub import Listing, write_sync

    pairs = _namespaces(orgs or [])
    listings: list[Listing] = []
    found: list[hub.Derivative] | None = None
    parents: list[str] = []
    with hub_session(transport):
        client = api or hub.make_api()
        for org_id, ns in pairs:
            if progress:
                progress.start(ns, 0)
            on_repo: Callable[[int], None] | None = (lambda n, ns=ns: progress.advance(ns, n)) if progress else None
            listings.append(Listing(org_id, ns, hub.list_namespace(ns, org_id, client, on_repo)))
        if derivatives:
            found = []
            parents = [
                r.artifact.source_id for lst in listings for r in lst.repos if r.children is None or r.children > 0
            ]
            if progress:
                progress.start("derivatives", len(parents))
            for parent in parents:
                found.extend(hub.list_derivatives(parent, client))
                if progress:
                    progress.step()
    with writing() as con:
        written = write_sync(con, hub.endpoint(), listings, found, parents)
        checkpoint(con, "the Hub sync")
    return SyncResult(write=written, namespaces=[ns for _, ns in pairs], endpoint=hub.endpoint())


def _require_sync(con: duckdb.DuckDBPyConnection) -> None:
    from modelwatch.analyze.candidates import synced

    if not synced(con):
        raise ModelwatchError("no Hub data in the store yet; run `modelwatch sync hub` first")


def candidates(orgs: list[str] | None = None, year: int | None = None) -> Answer:
    from modelwatch.analyze.candidates import candidates as find

    with reading() as con:
        _require_sync(con)
        got = find(con, orgs, year)
    return Answer(
        got,
        title=f"{len(got)} candidate releases the registry lacks",
        caption="clustered from the latest Hub sync; no registry release claims any of their repos. "
        "Review them with `modelwatch proposals --org ID`, then `accept` or `reject`.",
    )


def explain(release_id: str) -> tuple[dict[str, object], Answer]:
    from modelwatch.analyze.candidates import explain as explain_release

    with reading() as con:
        summary, members = explain_release(con, release_id)
    return summary, Answer(members, title=f"members of {release_id}")


def adoption(
    by: str = "release", year: int | None = None, orgs: list[str] | None = None, modalities: list[str] | None = None
) -> Answer:
    from modelwatch.analyze.adoption import adoption as measure
    from modelwatch.analyze.adoption import derivatives_synced

    with reading() as con:
        _require_sync(con)
        from modelwatch.analyze.counts import Filters, resolve

        # an unknown organization or modality is refused, not an empty table; a group stands for its labs
        asked = resolve(con, Filters(orgs=list(orgs or []), modalities=list(modalities or []))).filters
        asked.where()
        got = measure(con, by, year, asked.orgs, modalities)
        with_derivs = derivatives_synced(con)
        last = con.execute("SELECT max(synced_at) FROM hub_syncs").fetchone()
    when = f"{last[0]:%Y-%m-%d %H:%M} UTC" if last and last[0] else "?"
    caption = (
        f"Hub sync of {when}. downloads_30d = downloads in the 30 days before the sync; children = derivative "
        "repos the Hub counts (all relations). "
    )
    caption += (
        "finetune / quantized / adapter / merge = third-party repos naming a member as base model."
        if with_derivs
        else "No derivative data was synced: relation columns are empty; run `modelwatch sync hub --derivatives`."
    )
    scope = f"{year}" if year else "all years"
    if modalities:
        scope += f"; modality {', '.join(modalities)}"
        caption += " Only registry releases of that modality (Hub candidates have none)."
    return Answer(got, title=f"Adoption per {by} ({scope})", caption=caption, meta={"derivatives": str(with_derivs)})
