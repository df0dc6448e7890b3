"""Which files make up the curated registry, and their combined hash.

Separate from the parser so that checking freshness costs no pydantic import.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

OMITTED_ORGS = "omitted-organizations.toml"


def data_files(root: Path) -> list[Path]:
    files = [root / name for name in ("licenses.toml", OMITTED_ORGS) if (root / name).exists()]
    return files + sorted((root / "orgs").glob("*.toml"))


def data_version(root: Path) -> str:
    """Hash of every curated file: the store records which data it was built from."""
    digest = hashlib.sha256()
    for path in data_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        try:
            digest.update(path.read_bytes())
        except OSError as exc:
            # a folder or a dangling link under a .toml name: the loader reports it; the hash only
            # has to differ from any readable state
            digest.update(f"\0unreadable: {type(exc).__name__}".encode())
    return digest.hexdigest()[:16]
