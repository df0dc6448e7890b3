"""Writing the user's files without harming what is already there.

Every file modelwatch writes goes to a fresh temporary file in the target folder (created with
O_EXCL, so a link planted under a predictable name is never followed) and is then renamed over the
target. A rename replaces a symbolic link itself, never the file it points to, and a reader sees
the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from modelwatch.errors import ModelwatchError


def read_input(path: Path, instead: str, max_bytes: int | None = None, kind: str = "") -> bytes:
    """A file the user named, or one line saying why not: missing, a folder (pass `instead`), unreadable,
    or larger than any `kind` of file can be (refused before it fills the memory)."""
    try:
        if max_bytes is not None and (size := path.stat().st_size) > max_bytes:
            raise ModelwatchError(
                f"{path}: {size / 2**20:.0f} MB is more than any {kind} ({max_bytes // 2**20} MB); "
                "is this the right file?"
            )
        return path.read_bytes()
    except FileNotFoundError:
        raise ModelwatchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ModelwatchError(f"{path}: is a directory; pass {instead}") from None
    except OSError as exc:
        raise ModelwatchError(f"{path}: cannot be read: {exc.strerror or exc}") from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` atomically (temporary file in the same folder, then rename)."""
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ModelwatchError(f"{folder}: cannot write here: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise ModelwatchError(f"{path}: cannot write: {exc.strerror or exc}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def ensure_dir(path: Path) -> Path:
    """Create `path` (and its parents) as a directory; refuse a file, or a link we did not make
    inside an existing folder (the folder the user named may itself be a link: that is their choice)."""
    if path.is_symlink() and not path.is_dir():
        raise ModelwatchError(f"{path}: is a broken symbolic link; remove it or choose another folder")
    if path.exists() and not path.is_dir():
        raise ModelwatchError(f"{path}: exists and is not a directory")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelwatchError(f"{path}: cannot create this folder: {exc.strerror or exc}") from None
    return path


def own_subdir(parent: Path, name: str) -> Path:
    """A folder of modelwatch's own inside a user's folder: never a link planted there."""
    sub = parent / name
    if sub.is_symlink():
        raise ModelwatchError(f"{sub}: is a symbolic link; modelwatch writes only into a real folder here")
    return ensure_dir(sub)
