"""The library calls behind the commands: one function per command.

Front ends (the CLI, a web app) call these and never reach into the stages themselves.
"""

from modelwatch.service.core import (
    Answer,
    build,
    export,
    leaderboard,
    organizations,
    reading,
    releases,
    validate,
)
from modelwatch.service.review import report, year_review

__all__ = [
    "Answer",
    "build",
    "export",
    "leaderboard",
    "organizations",
    "reading",
    "releases",
    "report",
    "validate",
    "year_review",
]
