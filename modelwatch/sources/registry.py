"""The curated registry: organization files and the licence table, as typed records.

Parsing is forgiving in one way only: it keeps going after a bad record, so a curator
sees every problem of a file in one run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from modelwatch.errors import Problem
from modelwatch.records import License, Omission, Organization, Release
from modelwatch.sources.datafiles import OMITTED_ORGS, data_files, data_version

__all__ = ["Registry", "data_files", "data_version", "load_registry"]


@dataclass
class Registry:
    """Everything the curated files say, plus what was wrong with them."""

    root: Path
    organizations: dict[str, Organization] = field(default_factory=dict)
    licenses: dict[str, License] = field(default_factory=dict)
    releases: list[Release] = field(default_factory=list)
    omissions: dict[str, list[Omission]] = field(default_factory=dict)
    release_files: dict[str, str] = field(default_factory=dict)
    org_files: dict[str, str] = field(default_factory=dict)
    # organizations a catalogue lists that the registry leaves out on purpose (omitted-organizations.toml)
    omitted_orgs: list[Omission] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _explain(err: ValidationError) -> str:
    parts = []
    for e in err.errors():
        loc = ".".join(str(x) for x in e["loc"] if not isinstance(x, int))
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown field"
        elif e["type"] == "missing":
            msg = "missing"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts)


def _read_toml(path: Path, rel: str, problems: list[Problem], text: str | None = None) -> dict[str, Any] | None:
    try:
        data = text.encode("utf-8") if text is not None else path.read_bytes()
    except IsADirectoryError:
        problems.append(Problem(rel, "file", "is a directory, not a TOML file"))
        return None
    except FileNotFoundError:
        problems.append(Problem(rel, "file", "cannot be read: a symbolic link to nothing"))
        return None
    except OSError as exc:
        problems.append(Problem(rel, "file", f"cannot be read: {exc.strerror or exc}"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(Problem(rel, "file", f"not UTF-8 text (byte {exc.start})"))
        return None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(Problem(rel, "file", f"not valid TOML: {exc}"))
    except RecursionError:
        problems.append(Problem(rel, "file", "not valid TOML: arrays or tables nested too deeply"))
    return None


def _tables(doc: dict[str, Any], key: str, rel: str, problems: list[Problem]) -> list[Any]:
    """The `[[key]]` array of tables; anything else (`[key]`, `key = "x"`, `key = 3`) is one problem."""
    value = doc.get(key, [])
    if isinstance(value, list):
        return value
    problems.append(Problem(rel, key, f"must be an array of tables ([[{key}]]), not {_kind(value)}"))
    return []


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a single table"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return type(value).__name__


def _record_name(kind: str, raw: Any, key: str, i: int) -> str:
    """`release qwen3`, or `release #3` when the record has no usable id (not a table, not a string)."""
    ident = raw.get(key) if isinstance(raw, dict) else None
    if isinstance(ident, str) and ident.strip():
        return f"{kind} {ident.strip()}"
    return f"{kind} #{i + 1}" if i >= 0 else f"{kind} ?"


def _load_licenses(reg: Registry) -> None:
    path = reg.root / "licenses.toml"
    rel = "licenses.toml"
    if not path.exists():
        reg.problems.append(Problem(rel, "file", "missing: every open release needs a licence table"))
        return
    doc = _read_toml(path, rel, reg.problems)
    if doc is None:
        return
    for key in set(doc) - {"license"}:
        reg.problems.append(Problem(rel, key, "unknown table (expected [[license]])"))
    for i, raw in enumerate(_tables(doc, "license", rel, reg.problems)):
        name = _record_name("license", raw, "id", i)
        if not isinstance(raw, dict):
            reg.problems.append(Problem(rel, name, "not a table"))
            continue
        try:
            lic = License.model_validate(raw)
        except ValidationError as exc:
            reg.problems.append(Problem(rel, name, _explain(exc)))
            continue
        if lic.id in reg.licenses:
            reg.problems.append(Problem(rel, name, "duplicate licence id"))
            continue
        reg.licenses[lic.id] = lic


def _load_omitted_orgs(reg: Registry, text: str | None = None) -> None:
    path = reg.root / OMITTED_ORGS
    if text is None and not path.exists():
        return
    doc = _read_toml(path, OMITTED_ORGS, reg.problems, text)
    if doc is None:
        return
    for key in set(doc) - {"omission"}:
        reg.problems.append(Problem(OMITTED_ORGS, key, "unknown table (expected [[omission]])"))
    for i, raw in enumerate(doc.get("omission", [])):
        name = f"omission {raw.get('name') or '#' + str(i + 1)}" if isinstance(raw, dict) else f"omission #{i + 1}"
        try:
            reg.omitted_orgs.append(Omission.model_validate(raw))
        except ValidationError as exc:
            reg.problems.append(Problem(OMITTED_ORGS, name, _explain(exc)))


def _load_org_file(reg: Registry, path: Path, text: str | None = None) -> None:
    rel = path.relative_to(reg.root).as_posix()
    doc = _read_toml(path, rel, reg.problems, text)
    if doc is None:
        return
    for key in set(doc) - {"organization", "release", "omission"}:
        reg.problems.append(Problem(rel, key, "unknown table (expected [organization], [[release]], [[omission]])"))
    raw_org = doc.get("organization")
    if not isinstance(raw_org, dict):
        reg.problems.append(Problem(rel, "organization", "missing [organization] table"))
        return
    try:
        org = Organization.model_validate(raw_org)
    except ValidationError as exc:
        reg.problems.append(Problem(rel, _record_name("organization", raw_org, "id", -1), _explain(exc)))
        return
    if org.id != path.stem:
        reg.problems.append(Problem(rel, f"organization {org.id}", f"id must match the file name {path.stem!r}"))
    if org.id in reg.organizations:
        reg.problems.append(
            Problem(rel, f"organization {org.id}", f"duplicate organization id (also in {reg.org_files[org.id]})")
        )
        return
    reg.organizations[org.id] = org
    reg.org_files[org.id] = rel
    for i, raw in enumerate(_tables(doc, "release", rel, reg.problems)):
        name = _record_name("release", raw, "id", i)
        if not isinstance(raw, dict):
            reg.problems.append(Problem(rel, name, "not a table"))
            continue
        if "org" in raw or "rule" in raw:
            reg.problems.append(Problem(rel, name, "unknown field: 'org' and 'rule' are set by modelwatch"))
            continue
        try:
            release = Release.model_validate({**raw, "org": org.id})
        except ValidationError as exc:
            reg.problems.append(Problem(rel, name, _explain(exc)))
            continue
        reg.releases.append(release)
        reg.release_files.setdefault(release.id, rel)
    for i, raw in enumerate(_tables(doc, "omission", rel, reg.problems)):
        name = _record_name("omission", raw, "name", i)
        try:
            reg.omissions.setdefault(org.id, []).append(Omission.model_validate(raw))
        except ValidationError as exc:
            reg.problems.append(Problem(rel, name, _explain(exc)))


def load_registry(root: Path, edits: dict[str, str] | None = None) -> Registry:
    """Parse every curated file under `root`; cross-checks live in normalize.validate.

    `edits` maps an organization file's name (`orgs/<id>.toml`) to new text that is read instead of
    the file (or as a new file): an edit is checked in memory before anything is written.
    """
    reg = Registry(root=root)
    edits = edits or {}
    if not root.is_dir():
        reg.problems.append(Problem(str(root), "directory", "data directory not found"))
        return reg
    _load_licenses(reg)
    _load_omitted_orgs(reg, edits.get(OMITTED_ORGS))
    paths = {p.relative_to(root).as_posix(): p for p in data_files(root) if p.parent.name == "orgs"}
    paths.update({rel: root / rel for rel in edits if rel not in paths and rel.startswith("orgs/")})
    for rel, path in sorted(paths.items()):
        _load_org_file(reg, path, edits.get(rel))
    if not reg.organizations and not any(p.record == "file" for p in reg.problems):
        reg.problems.append(Problem(str(root / "orgs"), "directory", "no organization files"))
    return reg
