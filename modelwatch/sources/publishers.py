"""The catalogue publishers by name (Epoch AI, OpenRouter, models.dev): their importer, and their current file.

The importers know nothing of each other; `modelwatch.vocabulary.Catalogue` names them, and this finds them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from types import ModuleType

from modelwatch.errors import ModelwatchError
from modelwatch.files import write_bytes
from modelwatch.vocabulary import Catalogue

# what the publisher's current file is called once downloaded (the importer reads it by its content)
_FILE_NAMES = {Catalogue.epoch: "ai_models.zip", Catalogue.openrouter: "models.json", Catalogue.modelsdev: "api.json"}


def catalogue(source: str) -> Catalogue:
    """The catalogue named `source`; an unknown name is one line."""
    try:
        return Catalogue(source)
    except ValueError:
        raise ModelwatchError(f"unknown catalogue {source!r}; one of {', '.join(Catalogue)}") from None


def importer(source: str) -> ModuleType:
    """The module that reads `source`'s files (`load(path)`, `URL`)."""
    return importlib.import_module(f"modelwatch.sources.{catalogue(source).value}")


def download(source: str, folder: Path, day: dt.date) -> Path:
    """Fetch the publisher's current file into `folder`, as a pending file named for `day`; return its path.

    The caller keeps it (`keep_download`) once it has read as the format, or removes it: a refused
    download never replaces, nor sits beside, the files of earlier downloads."""
    from modelwatch.sources import _http

    module = importer(source)
    try:
        data = _http.fetch_bytes(module.URL)
    except ModelwatchError as exc:
        raise ModelwatchError(
            f"cannot download {Catalogue(source).label} ({exc}); "
            f"download it yourself and run `modelwatch import {source} PATH`"
        ) from None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".{day.isoformat()}-{_FILE_NAMES[Catalogue(source)]}.part"
    write_bytes(path, data)
    return path


def keep_download(pending: Path) -> Path:
    """A pending download that read as its format, under its own name (`2026-12-08-models.json`)."""
    kept = pending.with_name(pending.name.removeprefix(".").removesuffix(".part"))
    pending.replace(kept)
    return kept
