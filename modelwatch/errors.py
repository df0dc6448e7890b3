"""Errors a user can cause. The CLI prints them as one line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass


class ModelwatchError(Exception):
    """A problem the user can fix: bad input, missing store, bad option."""


@dataclass(frozen=True)
class Problem:
    """One finding of validation: `file: record: what is wrong`."""

    file: str
    record: str
    message: str

    def line(self) -> str:
        return f"{self.file}: {self.record}: {self.message}"


class DataError(ModelwatchError):
    """Input data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0].line() if problems else "invalid data"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)
