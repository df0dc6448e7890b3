"""Errors a user can cause. The CLI prints them as one line, never a traceback."""

from __future__ import annotations

import re
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
        return one_line(f"{self.file}: {self.record}: {self.message}")


def collapsed(problems: list[Problem]) -> list[str]:
    """One line per distinct problem of a file: the same message for many records (every licence of a
    licences file refused for one reason) is its first record's line, saying how many more share it."""
    first: dict[tuple[str, str], Problem] = {}
    count: dict[tuple[str, str], int] = {}
    for p in problems:
        key = (p.file, p.message)
        first.setdefault(key, p)
        count[key] = count.get(key, 0) + 1
    out = []
    for key, p in first.items():
        more = count[key] - 1
        out.append(p.line() + (f" (and {more} more record(s) of {p.file} with the same problem)" if more else ""))
    return out


class DataError(ModelwatchError):
    """Input data is invalid; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        first = problems[0].line() if problems else "invalid data"
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(first + more)


# Characters that would break a one-line message or act on the terminal: C0 and C1 controls
# (newlines, ESC sequences, BEL) and the bidirectional overrides that reorder what is shown.
UNSAFE_CHARS = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]")
LINE_LIMIT = 500


def escaped(text: str) -> str:
    """Text with controls and bidi overrides escaped (\x1b, \u202e ...), however long: what a terminal
    is shown of a value from a file or a catalogue, so it can neither retitle the terminal nor split a row."""
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return UNSAFE_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def one_line(text: str, limit: int = LINE_LIMIT) -> str:
    """A message fit for one terminal line: controls escaped (\\r\\n, \\x1b ...), text that is not valid
    Unicode escaped, and cut at `limit` characters. Values from files and catalogues pass through here."""
    text = escaped(text)
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text
