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
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
