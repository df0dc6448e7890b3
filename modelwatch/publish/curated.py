"""Records into the curated TOML files, format-preserving: the rest of a file stays byte-identical.

tomlkit keeps comments, order and layout; an appended `[[release]]` lands after the last release,
before the omissions. Empty values are not written: the loader fills the defaults.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError

RELEASE_ORDER = (
    "id",
    "name",
    "family",
    "date",
    "date_source",
    "announced",
    "hub_created",
    "tier",
    "license",
    "modality",
    "sizes",
    "members",
    "api_models",
    "developers",
    "sources",
    "note",
)
OMISSION_ORDER = ("name", "kind", "catalogue", "date", "reason", "url")
ORG_ORDER = ("id", "name", "parent", "country", "kind", "homepage", "source", "coverage_start", "coverage_end")


def _table(values: dict[str, Any], order: tuple[str, ...], keep_empty: tuple[str, ...] = ()) -> Any:
    import tomlkit

    table = tomlkit.table()
    for key in order:
        value = values.get(key)
        if value in (None, "", [], {}) and key not in keep_empty:
            continue
        table.add(key, value)
    return table


def _parse(text: str, label: str) -> Any:
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        return tomlkit.parse(text)
    except TOMLKitError as exc:
        raise ModelwatchError(f"{label}: not valid TOML: {exc}") from None


def _block(name: str, table: Any) -> str:
    """`[[name]]` and the table's lines, as tomlkit writes them."""
    import tomlkit

    doc = tomlkit.document()
    aot = tomlkit.aot()
    aot.append(table)
    doc.append(name, aot)
    return str(tomlkit.dumps(doc)).strip("\n") + "\n"


_HEADER = re.compile(r"^\[\[?\s*([A-Za-z0-9_.-]+)\s*\]\]?\s*(#.*)?$")


def _insert(text: str, block: str, before: str | None, after: str | None = None) -> str:
    """`block` after the last `[[after]]` table, before the first `[[before]]` table that follows it (and the
    comments heading that); every byte of `text` is kept. Files that keep releases and omissions in date
    order interleave them: the new record still lands after the last release."""
    lines = text.splitlines(keepends=True)
    at = len(lines)

    def table_at(i: int) -> str | None:
        m = _HEADER.match(lines[i].strip())
        return m.group(1) if m and lines[i].lstrip().startswith("[[") else None

    start = max((i for i in range(len(lines)) if after is not None and table_at(i) == after), default=0)
    if before is not None:
        for i in range(start, len(lines)):
            if table_at(i) == before:
                at = i
                while at > 0 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
                    at -= 1
                break
    head, tail = "".join(lines[:at]), "".join(lines[at:])
    if head and not head.endswith("\n"):
        head += "\n"
    sep = "\n" if head.strip() else ""
    if tail:
        return head + sep + block + ("" if tail.startswith("\n") else "\n") + tail
    return head + sep + block


def add_release(text: str, label: str, release: dict[str, Any]) -> str:
    _parse(text, label)
    return _insert(text, _block("release", _table(release, RELEASE_ORDER)), before="omission", after="release")


def add_omission(text: str, label: str, omission: dict[str, Any]) -> str:
    _parse(text, label)
    return _insert(text, _block("omission", _table(omission, OMISSION_ORDER)), before=None)


def change_release(text: str, label: str, release_id: str, changes: dict[str, Any]) -> str:
    """Set fields of one release; `members` are added to the ones it lists."""
    import tomlkit

    doc = _parse(text, label)
    found = [t for t in doc.get("release", []) if t.get("id") == release_id]
    if not found:
        raise ModelwatchError(f"{label}: no release {release_id!r} in the file")
    table = found[0]
    for key, value in changes.items():
        if key == "members":
            old = list(table.get("members", []))
            merged = old + [m for m in value if m.casefold() not in {o.casefold() for o in old}]
            if "members" in table:
                table["members"] = merged
            else:
                table.add("members", merged)
        elif key in table:
            table[key] = value
        else:
            table.add(key, value)
    return str(tomlkit.dumps(doc))


def new_org_file(org: dict[str, Any], aliases: dict[str, list[str]]) -> str:
    import tomlkit

    doc = tomlkit.document()
    # country and source stay empty until a curator sets them (the loader requires the keys)
    empty = {"country": "", "source": ""}
    table = _table({**empty, **org}, ORG_ORDER, keep_empty=("country", "source"))
    if aliases:
        table.add("aliases", _table(aliases, tuple(sorted(aliases))))
    doc.add("organization", table)
    return str(tomlkit.dumps(doc))


# Another `accept` or `reject` editing the curated files is waited for this long (like the store's lock).
EDIT_WAIT_SECONDS = 30.0


@contextlib.contextmanager
def editing(root: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the curated folder's edit lock from reading a file to renaming its new version.

    Two reviews at once would otherwise both read the same file and the second rename would drop the
    first one's record while both reported success. The lock is a file beside the folder (never inside
    it: the folder holds curated data only), taken with flock, so a killed holder releases it."""
    import fcntl

    lock = root.parent / f".{root.name}.edit-lock"
    if lock.is_symlink():
        raise ModelwatchError(f"{lock}: is a symbolic link; refusing to use it as the edit lock")
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + (EDIT_WAIT_SECONDS if wait is None else wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise ModelwatchError(
                        f"another modelwatch is editing the curated files in {root} (lock {lock}); nothing "
                        "written: try again when it is done"
                    ) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # releases the lock


def write_atomic(path: Path, text: str) -> None:
    """Temp file beside the target, then rename; never through a symlink."""
    if path.is_symlink():
        raise ModelwatchError(f"{path}: is a symbolic link; refusing to write through it")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o777)
        else:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
