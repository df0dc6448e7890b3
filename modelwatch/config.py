"""Where modelwatch keeps things: the store, the curated data, the report."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLED_DATA = PACKAGE_DIR / "data"
STORE_NAME = "modelwatch.duckdb"


def home() -> Path:
    """MODELWATCH_HOME, else the user's data directory."""
    env = os.environ.get("MODELWATCH_HOME")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("modelwatch", appauthor=False))


def cache_dir() -> Path:
    """MODELWATCH_CACHE, else `cache/` under the home: files rebuilt on demand (the report's Vega bundle)."""
    env = os.environ.get("MODELWATCH_CACHE")
    return Path(env).expanduser() if env else home() / "cache"


def store_path() -> Path:
    return home() / STORE_NAME


def data_dir() -> Path:
    """MODELWATCH_DATA lets curators point at a working copy of the registry."""
    env = os.environ.get("MODELWATCH_DATA")
    return Path(env).expanduser() if env else BUNDLED_DATA


# The whole of one Hub sync (every namespace, every page, every retry) ends within this many seconds unless
# `sync hub --timeout` says otherwise: a misbehaving server costs minutes at most, never hours.
SYNC_TIMEOUT = 900.0
