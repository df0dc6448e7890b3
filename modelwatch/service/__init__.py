"""The library calls behind the commands: one function per command.

Front ends (the CLI, a web app) call these and never reach into the stages themselves.
"""

from modelwatch.analyze.counts import Filters  # what every query is narrowed by: the front ends build one
from modelwatch.service.core import (
    Answer,
    build,
    connect,
    export,
    leaderboard,
    organizations,
    reading,
    releases,
    validate,
)
from modelwatch.service.filters import filters
from modelwatch.service.review import report, year_review

__all__ = [
    "Answer",
    "Filters",
    "build",
    "connect",
    "export",
    "filters",
    "leaderboard",
    "organizations",
    "reading",
    "releases",
    "report",
    "validate",
    "year_review",
]
