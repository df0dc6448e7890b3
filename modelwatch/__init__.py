"""modelwatch: an observatory of AI model releases.

`import modelwatch as mw` costs next to nothing: the Python API (`mw.releases`, `mw.leaderboard`, `mw.check`,
`mw.ecosystem`, `mw.connect` ..., in modelwatch/api.py; docs/python.md) is imported on first use, so the
command line, which imports this package too, never pays for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from modelwatch.version import __version__

__all__ = [
    "DataError",
    "ModelwatchError",
    "Table",
    "Verdicts",
    "__version__",
    "check",
    "connect",
    "ecosystem",
    "explain",
    "export",
    "leaderboard",
    "orgs",
    "releases",
]
_API = frozenset(__all__) - {"__version__"}

if TYPE_CHECKING:
    from modelwatch.api import (
        DataError,
        ModelwatchError,
        Table,
        Verdicts,
        check,
        connect,
        ecosystem,
        explain,
        export,
        leaderboard,
        orgs,
        releases,
    )


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module("modelwatch.api"), name)
    raise AttributeError(f"module 'modelwatch' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
