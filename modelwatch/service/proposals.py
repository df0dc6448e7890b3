"""`proposals`, `accept`, `reject`, `update`: keeping the registry current, one review at a time."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading
from modelwatch.vocabulary import UpdateSource

if TYPE_CHECKING:
    from modelwatch.analyze.proposals import Proposal
    from modelwatch.publish.decisions import Written


def list_proposals(
    orgs: list[str] | None = None, kinds: list[str] | None = None, since: dt.date | None = None
) -> Answer:
    from modelwatch.analyze import pending

    with reading() as con:
        got = pending.chosen(pending.reviewable(con, orgs), kinds, since)
    return Answer(pending.listing(got), title=pending.listing_title(got), caption=pending.LISTING_CAPTION)


def find(proposal_id: str) -> Proposal:
    from modelwatch.analyze.pending import find as look_up

    with reading() as con:
        return look_up(con, proposal_id)


def show(proposal_id: str) -> tuple[dict[str, Any], Answer, Answer]:
    from modelwatch.analyze.pending import detail

    summary, fields, evidence = detail(find(proposal_id))
    return summary, Answer(fields, title="fields"), Answer(evidence, title="evidence")


def accept(proposal_id: str, overrides: dict[str, Any]) -> Written:
    from modelwatch.publish import decisions

    decisions.check_given(overrides)  # before any work
    return decisions.accept(find(proposal_id), overrides)


def reject(proposal_id: str, reason: str) -> Written:
    from modelwatch.publish import decisions

    if not reason.strip():  # before any work
        raise ModelwatchError("give the reason with --reason")
    decisions.check_given({"reason": reason})
    return decisions.reject(find(proposal_id), reason)


@dataclass
class UpdateResult:
    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    new: Answer = field(default_factory=lambda: Answer([]))


def update(orgs: list[str] | None = None, sources: list[str] | None = None, hub_transport: Any = None) -> UpdateResult:
    """Fetch every reachable source into new snapshots; then the proposals that are new."""
    from modelwatch.analyze import pending
    from modelwatch.publish.catalogue_text import fetched_line
    from modelwatch.service.catalogues import import_catalogue
    from modelwatch.service.hub import sync_hub

    with reading() as con:
        pending.check_orgs(con, orgs)
        before = {p.id for p in pending.current(con, orgs)}
    result = UpdateResult()
    for s in [UpdateSource(s) for s in sources or UpdateSource]:
        try:
            got = sync_hub(orgs or [], transport=hub_transport).write if s == "hub" else import_catalogue(s, None, True)
            result.fetched.append(fetched_line(s, got))
        except ModelwatchError as exc:
            result.failed.append(f"{s}: {exc}")
    with reading() as con:
        new = [p for p in pending.current(con, orgs) if p.id not in before]
    result.new = Answer(
        pending.per_org(new), title=f"{len(new)} new proposals", caption="see them with `modelwatch proposals --org ID`"
    )
    return result
