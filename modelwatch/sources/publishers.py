"""The catalogue publishers by name (Epoch AI, OpenRouter, models.dev): their importer, and their current file.

The importers know nothing of each other; this table is what names them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from pathlib import Path
from types import ModuleType

from modelwatch.errors import ModelwatchError
from modelwatch.files import write_bytes

LABELS = {"epoch": "Epoch AI", "openrouter": "OpenRouter", "modelsdev": "models.dev"}
# what the publisher's current file is called once downloaded (the importer reads it by its content)
_FILE_NAMES = {"epoch": "ai_models.zip", "openrouter": "models.json", "modelsdev": "api.json"}


def importer(source: str) -> ModuleType:
    """The module that reads `source`'s files (`load(path)`, `URL`); an unknown name is one line."""
    if source not in LABELS:
        raise ModelwatchError(f"unknown catalogue {source!r}; one of {', '.join(LABELS)}")
    return importlib.import_module(f"modelwatch.sources.{source}")


def download(source: str, folder: Path, day: dt.date) -> Path:
    """Fetch the publisher's current file into `folder`, named for `day`; return its path."""
    from modelwatch.sources import _http

    module = importer(source)
    try:
        data = _http.fetch_bytes(module.URL)
    except ModelwatchError as exc:
        raise ModelwatchError(
            f"cannot download {LABELS[source]} ({exc}); download it yourself and run `modelwatch import {source} PATH`"
        ) from None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{day.isoformat()}-{_FILE_NAMES[source]}"
    write_bytes(path, data)
    return path
