"""`proposals`, `accept`, `reject`, `update`: keeping the registry current, one review at a time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch import config
from modelwatch.analyze.proposals import ProposalKind
from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer
from modelwatch.vocabulary import Catalogue

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.proposals import Proposal

# what `update` fetches: the Hub, then every catalogue
UPDATE_SOURCES = ("hub", *(c.value for c in Catalogue))


def compute(con: duckdb.DuckDBPyConnection, orgs: list[str] | None = None) -> list[Proposal]:
    from modelwatch.analyze.proposals import compute as run
    from modelwatch.sources.registry import load_registry

    reg = load_registry(config.data_dir())
    return run(con, reg.omissions, orgs, reg.omitted_orgs)


def pending_dates(con: duckdb.DuckDBPyConnection) -> dict[str, dt.date]:
    """The earliest pending release proposal per organization (for `covered to`)."""
    out: dict[str, dt.date] = {}
    for p in compute(con):
        if p.kind == "release" and p.date is not None and (p.org not in out or p.date < out[p.org]):
            out[p.org] = p.date
    return out


def _check_orgs(con: duckdb.DuckDBPyConnection, orgs: list[str] | None) -> None:
    known = {r[0] for r in con.execute("SELECT id FROM organizations").fetchall()}
    for o in orgs or []:
        if o not in known:
            raise ModelwatchError(f"--org {o}: no such organization; see `modelwatch orgs`")


def _all(orgs: list[str] | None = None) -> list[Proposal]:
    from modelwatch.service.core import reading

    with reading() as con:
        _check_orgs(con, orgs)
        got = con.execute(
            "SELECT count(*) FROM imports WHERE source IN ('hub', 'epoch', 'openrouter', 'modelsdev')"
        ).fetchone()
        if not got or not got[0]:
            raise ModelwatchError(
                "no Hub sync or catalogue snapshot in the store yet; run `modelwatch update`, "
                "or `modelwatch import epoch FILE` to work offline"
            )
        return compute(con, orgs)


def list_proposals(
    orgs: list[str] | None = None, kinds: list[str] | None = None, since: dt.date | None = None
) -> Answer:
    for k in kinds or []:
        if k not in tuple(ProposalKind):
            raise ModelwatchError(f"--kind {k}: one of {', '.join(ProposalKind)}")
    got = [
        p
        for p in _all(orgs)
        if (not kinds or p.kind in kinds) and (since is None or (p.date is not None and p.date >= since))
    ]
    out = [
        {
            "id": p.id,
            "kind": p.kind,
            "org": p.org,
            "name": p.name,
            "date": p.date,
            "tier": p.get("tier", ""),
            "target": p.target,
            "evidence": len(p.evidence),
            "sources": ", ".join(sorted({e.source for e in p.evidence})),
        }
        for p in got
    ]
    counts = Counter(p.kind for p in got)
    return Answer(
        out,
        title=f"{len(out)} proposals ({', '.join(f'{counts[k]} {k}' for k in ProposalKind if counts[k]) or 'none'})",
        caption="computed from the latest Hub sync and catalogue snapshots in the store; "
        "`modelwatch proposals show ID` lists each field's origin and the evidence; `accept ID` or `reject ID`. "
        "date = the earliest public evidence with a day (never the day of a sync); tier from a licence in "
        "licenses.toml or a closed tier a source states, else unknown.",
    )


def find(proposal_id: str) -> Proposal:
    for p in _all():
        if p.id == proposal_id:
            return p
    raise ModelwatchError(f"{proposal_id}: no such proposal; see `modelwatch proposals`")


def show(proposal_id: str) -> tuple[dict[str, Any], Answer, Answer]:
    p = find(proposal_id)
    summary: dict[str, Any] = {"id": p.id, "kind": p.kind, "org": p.org, "name": p.name}
    if p.target:
        summary["release"] = p.target
    fields = Answer([{"field": k, "value": v.value, "from": v.origin} for k, v in p.fields.items()], title="fields")
    evidence = Answer(
        [{"source": e.source, "ref": e.ref, "date": e.date, "detail": e.detail, "url": e.url} for e in p.evidence],
        title="evidence",
    )
    return summary, fields, evidence


# ------------------------------------------------------------------ review into the curated files

ORG_OMISSIONS_HEADER = (
    "# Organizations a catalogue lists that the registry leaves out on purpose, and why\n"
    "# (written by `modelwatch reject`; format: docs/data-format.md, Deliberate omissions).\n"
)


@dataclass
class Written:
    path: Path
    record: str
    action: str


def _edit(rel: str, new_text: str) -> Path:
    """Check the edited file with the whole registry in memory; write it atomically, or nothing."""
    from modelwatch.normalize.validate import validate
    from modelwatch.publish.curated import write_atomic
    from modelwatch.sources.registry import load_registry

    root = config.data_dir()
    before = {p.line() for p in validate(load_registry(root))}
    after = validate(load_registry(root, {rel: new_text}))
    new = [p for p in after if p.line() not in before]
    if new:
        more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
        raise ModelwatchError(f"refused, nothing written: {new[0].line()}{more}")
    path = root / rel
    write_atomic(path, new_text)
    return path


def _read(rel: str) -> str:
    path = config.data_dir() / rel
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ModelwatchError(f"{path}: no such organization file; accept the organization first") from None


def _note(p: Proposal) -> str:
    parts = [f"{k}: {p.fields[k].origin}" for k in ("date", "tier") if k in p.fields and p.fields[k].value]
    return f"From modelwatch proposal {p.id}. " + "; ".join(parts) + "."


def accept(proposal_id: str, overrides: dict[str, Any]) -> Written:
    from modelwatch.publish import curated

    p = find(proposal_id)
    given = {k: v for k, v in overrides.items() if v not in (None, "")}
    if p.kind == "organization":
        org = {k: p.get(k, "") for k in ("id", "name", "country")}
        org.update({k: v for k, v in given.items() if k in ("name", "country", "kind", "source", "parent")})
        if not org.get("kind"):
            raise ModelwatchError(f"{p.id}: no source states the organization's kind; give --kind")
        if not org.get("source"):
            org["source"] = next((e.url for e in p.evidence if e.url), "")
        rel = f"orgs/{org['id']}.toml"
        if (config.data_dir() / rel).exists():
            raise ModelwatchError(f"{rel} exists already; add the alias to it by hand")
        path = _edit(rel, curated.new_org_file(org, p.get("aliases", {})))
        return Written(path, org["id"], "created")
    rel = f"orgs/{p.org}.toml"
    text = _read(rel)
    if p.kind == "omission":
        omission = {k: v.value for k, v in p.fields.items()}
        omission.update({"reason": given["note"]} if given.get("note") else {})
        path = _edit(rel, curated.add_omission(text, rel, omission))
        return Written(path, p.name, "omitted")
    if p.kind == "change":
        changes = {k: v.value for k, v in p.fields.items()}
        changes.update({k: v for k, v in given.items() if k in ("date", "tier", "license", "note")})
        path = _edit(rel, curated.change_release(text, rel, p.target, changes))
        return Written(path, p.target, "changed")
    record = {k: v.value for k, v in p.fields.items()}
    record.update(given)
    if record.get("date") is None:
        raise ModelwatchError(f"{p.id}: no source gives the day it became public; give --date")
    if not record.get("modality"):
        raise ModelwatchError(f"{p.id}: no source states the modality; give --modality")
    if not record.get("note"):
        record["note"] = _note(p)
    path = _edit(rel, curated.add_release(text, rel, record))
    return Written(path, str(record["id"]), "added")


def reject(proposal_id: str, reason: str) -> Written:
    from modelwatch.publish import curated

    if not reason.strip():
        raise ModelwatchError("give the reason with --reason")
    p = find(proposal_id)
    if p.kind == "omission":
        raise ModelwatchError(
            f"{p.id}: to leave the model out, accept the omission; to count it, add its release to {p.org}'s file"
        )
    sources = sorted({e.source for e in p.evidence})
    first_url = next((e.url for e in p.evidence if e.url), "")
    # what the omission names: the proposal itself, or each contradicting row or repo of a change
    named: list[tuple[str, str, dt.date | None]] = [(p.name, first_url, None)]
    if p.kind == "change" and "date" in p.fields:
        named = [(p.evidence[0].ref, p.evidence[0].url, p.fields["date"].value)]
    elif p.kind == "change":
        named = [(e.ref, e.url, None) for e in p.evidence]
    if p.kind == "organization":  # no file of its own: the registry's list of organizations left out
        from modelwatch.sources.datafiles import OMITTED_ORGS

        rel = OMITTED_ORGS
        path = config.data_dir() / rel
        text = path.read_text(encoding="utf-8") if path.exists() else ORG_OMISSIONS_HEADER
    else:
        rel = f"orgs/{p.org}.toml"
        text = _read(rel)
    for name, url, date in named:
        omission = {
            "name": name,
            "catalogue": ", ".join(s for s in sources if s != "hub") or "hub",
            "date": date,
            "reason": reason.strip(),
            "url": url,
        }
        text = curated.add_omission(text, rel, omission)
    path = _edit(rel, text)
    return Written(path, p.name, "rejected")


# ------------------------------------------------------------------ one command to refresh


@dataclass
class UpdateResult:
    fetched: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    new: Answer = field(default_factory=lambda: Answer([]))


def update(orgs: list[str] | None = None, sources: list[str] | None = None, hub_transport: Any = None) -> UpdateResult:
    """Fetch every reachable source into new snapshots; then the proposals that are new."""
    from modelwatch.service.catalogues import import_catalogue
    from modelwatch.service.core import reading
    from modelwatch.service.hub import sync_hub

    chosen = sources or list(UPDATE_SOURCES)
    for s in chosen:
        if s not in UPDATE_SOURCES:
            raise ModelwatchError(f"--source {s}: one of {', '.join(UPDATE_SOURCES)}")
    with reading() as con:
        _check_orgs(con, orgs)
        before = {p.id for p in compute(con, orgs)}
    result = UpdateResult()
    for s in chosen:
        try:
            if s == "hub":
                r = sync_hub(orgs or [], transport=hub_transport)
                result.fetched.append(
                    f"hub: {r.write.repos} repos ({r.write.new_repos} new), import {r.write.import_id}"
                )
            else:
                imp = import_catalogue(s, None, fetch=True)
                state = "already imported" if imp.already else "imported"
                result.fetched.append(f"{s}: {state} {imp.rows} rows as snapshot {imp.import_id} (as of {imp.as_of})")
        except ModelwatchError as exc:
            result.failed.append(f"{s}: {exc}")
    with reading() as con:
        new = [p for p in compute(con, orgs) if p.id not in before]
    per: dict[str, Counter[str]] = {}
    for p in new:
        per.setdefault(p.org, Counter())[p.kind] += 1
    result.new = Answer(
        [{"org": o, **{k.value: c[k] for k in ProposalKind}, "total": sum(c.values())} for o, c in sorted(per.items())],
        title=f"{len(new)} new proposals",
        caption="see them with `modelwatch proposals --org ID`",
    )
    return result
