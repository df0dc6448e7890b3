"""Chart images rendered once per spec: `report` run again on the same data redraws nothing.

Rendering a chart to PNG and SVG takes a large part of a report's time. An image depends only on its
Vega-Lite spec, the scale and the renderer's version, so it is kept in the cache folder under a hash
of the three and read back when asked for again. The cache holds the newest `KEEP` images; older ones
(files of this module's naming only) are removed as new ones are written.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.files import own_subdir, write_bytes

KEEP = 200
_OURS = re.compile(r"[0-9a-f]{64}\.(png|svg)")


def png(spec: dict[str, Any], scale: int = 2) -> bytes:
    import vl_convert as vlc

    return _cached(spec, f"png-{scale}", "png", lambda: bytes(vlc.vegalite_to_png(spec, scale=scale)))


def svg(spec: dict[str, Any]) -> str:
    import vl_convert as vlc

    return _cached(spec, "svg", "svg", lambda: str(vlc.vegalite_to_svg(spec)).encode()).decode()


def _cached(spec: dict[str, Any], form: str, suffix: str, render: Callable[[], bytes]) -> bytes:
    from importlib.metadata import version

    key = json.dumps([spec, form, version("vl-convert-python")], sort_keys=True, ensure_ascii=False)
    folder = config.cache_dir() / "charts"
    path = folder / f"{hashlib.sha256(key.encode()).hexdigest()}.{suffix}"
    try:
        if not folder.is_symlink() and path.is_file() and not path.is_symlink():
            return path.read_bytes()
    except OSError:
        pass  # an unreadable cache is no cache
    image = render()
    try:
        write_bytes(own_subdir(folder.parent, folder.name) / path.name, image)
        _prune(folder)
    except (OSError, ModelwatchError):
        pass  # a cache that cannot be written costs time, never the report
    return image


def _prune(folder: Path) -> None:
    ours = [p for p in folder.iterdir() if _OURS.fullmatch(p.name) and p.is_file() and not p.is_symlink()]
    if len(ours) <= KEEP:
        return
    ours.sort(key=lambda p: p.stat().st_mtime)
    for old in ours[: len(ours) - KEEP]:
        old.unlink(missing_ok=True)
