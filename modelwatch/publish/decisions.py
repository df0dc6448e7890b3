"""A reviewed proposal into the curated TOML files: accepted as a record, rejected as an omission.

Each edit is checked with the whole registry in memory and written atomically, or nothing is written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.publish import curated

if TYPE_CHECKING:
    from modelwatch.analyze.proposals import Proposal

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
    from modelwatch.sources.registry import load_registry

    root = config.data_dir()
    before = {p.line() for p in validate(load_registry(root))}
    after = validate(load_registry(root, {rel: new_text}))
    new = [p for p in after if p.line() not in before]
    if new:
        more = f" (and {len(new) - 1} more)" if len(new) > 1 else ""
        raise ModelwatchError(f"refused, nothing written: {new[0].line()}{more}")
    path = root / rel
    curated.write_atomic(path, new_text)
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


NOTE_MAX = 2000  # characters of a --note or --reason: a note, not a document


def check_given(given: dict[str, Any]) -> None:
    """The curator's values, refused in one line before anything is read or written: a name or note with a
    control or direction character, a blank or overlong one, a modality or kind outside the vocabulary (a
    trailing newline included)."""
    from modelwatch.records import text_problem
    from modelwatch.vocabulary import MODALITIES, ORG_KINDS

    problems = []
    if given.get("name") is not None:
        problems.append(text_problem(str(given["name"]), "--name"))
    for key, label in (("note", "--note"), ("reason", "--reason")):
        if given.get(key) is not None:
            problems.append(text_problem(str(given[key]), label, NOTE_MAX))
    for key, allowed in (("modality", MODALITIES), ("kind", ORG_KINDS)):
        if given.get(key) is not None and given[key] not in allowed:
            problems.append(f"--{key} {given[key]!r} is not one of {', '.join(sorted(allowed))}")
    problems = [p for p in problems if p]
    if problems:
        raise ModelwatchError(problems[0])


def accept(p: Proposal, overrides: dict[str, Any]) -> Written:
    """The proposal as a record of the curated files, with the curator's values over the proposed ones."""
    check_given(overrides)
    with curated.editing(config.data_dir()):  # from reading the file to renaming its new version
        return _accept(p, overrides)


def _accept(p: Proposal, overrides: dict[str, Any]) -> Written:
    given = {k: v for k, v in overrides.items() if v not in (None, "")}
    if p.kind == "organization":
        return _accept_org(p, given)
    rel = f"orgs/{p.org}.toml"
    text = _read(rel)
    if p.kind == "omission":
        omission = {k: v.value for k, v in p.fields.items()}
        omission.update({"reason": given["note"]} if given.get("note") else {})
        path = _edit(rel, curated.add_omission(text, rel, omission))
        return Written(path, p.name, "omitted")
    if p.kind == "change":
        changes = {k: v.value for k, v in p.fields.items()}
        changes.update({k: v for k, v in given.items() if k in ("date", "date_source", "tier", "license", "note")})
        path = _edit(rel, curated.change_release(text, rel, p.target, changes))
        return Written(path, p.target, "changed")
    record = {k: v.value for k, v in p.fields.items()}
    record.update(given)
    if record.get("date") is None:
        raise ModelwatchError(
            f"{p.id}: no source gives the day or a period it became public; give --date (a day, a month, a span)"
        )
    if record.get("date_source") and record["date_source"] not in record.get("sources", []):
        # the page that gives a period is one of the record's sources (validate checks the same)
        record["sources"] = [*record.get("sources", []), record["date_source"]]
    if not record.get("modality"):
        raise ModelwatchError(f"{p.id}: no source states the modality; give --modality")
    if not record.get("note"):
        record["note"] = _note(p)
    path = _edit(rel, curated.add_release(text, rel, record))
    return Written(path, str(record["id"]), "added")


def _accept_org(p: Proposal, given: dict[str, Any]) -> Written:
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


def reject(p: Proposal, reason: str) -> Written:
    """An omission naming what the proposal found, with the curator's reason, so it stays rejected."""
    check_given({"reason": reason})
    with curated.editing(config.data_dir()):  # from reading the file to renaming its new version
        return _reject(p, reason)


def _reject(p: Proposal, reason: str) -> Written:
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
    return Written(_edit(rel, text), p.name, "rejected")
