"""The README read as a new user reads it: the command lines of its code blocks, and what they say.

Shared by the test that runs every example and the test that keeps the "Questions this answers"
excerpts true. Nothing here knows which commands exist: new commands in the README are covered
as soon as they are written there.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
# Inline mentions of a command in prose: `modelwatch sync hub`, `modelwatch check FILE --explain`.
_INLINE = re.compile(r"`(?:\S*/)?modelwatch ([^`]+)`")
_PROMPT = "$ "


@dataclass
class Example:
    """One command line of a README code block, with the lines of output shown under it (if any)."""

    lineno: int
    argv: list[str]  # the words after `modelwatch`, comments removed
    shown: list[str] = field(default_factory=list)  # output lines the README shows under a `$ ` line

    @property
    def id(self) -> str:
        return f"L{self.lineno}: modelwatch {shlex.join(self.argv)}"


def _code_lines(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line inside a code block: indented by four spaces, or fenced."""
    out: list[tuple[int, str]] = []
    fenced = False
    prev_blank = True
    in_indented = False
    for n, line in enumerate(text.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            out.append((n, line))
        elif line.startswith("    ") and line.strip() and (prev_blank or in_indented):
            in_indented = True
            out.append((n, line[4:]))
        elif line.strip():
            in_indented = False
        prev_blank = not line.strip()
    return out


def _command(line: str) -> list[str] | None:
    """The words after `modelwatch` when the line runs it (bare, with a `$ ` prompt, or by path)."""
    line = line.removeprefix(_PROMPT)
    first = line.split(maxsplit=1)
    if not first or Path(first[0]).name != "modelwatch":
        return None
    return shlex.split(line, comments=True)[1:]  # a broken quote in an example is an error worth seeing


def examples(text: str | None = None, section: str | None = None) -> list[Example]:
    """The `modelwatch` command lines of the README's code blocks (of one `## ` section if named)."""
    text = README.read_text(encoding="utf-8") if text is None else text
    lines = text.splitlines()
    lo, hi = 0, len(lines)
    if section is not None:
        heads = [i for i, line in enumerate(lines) if line.startswith("## ")]
        start = next((i for i in heads if lines[i][3:].strip() == section), None)
        if start is None:
            return []
        lo = start
        hi = next((i for i in heads if i > lo), len(lines))
    found: list[Example] = []
    last_prompt: Example | None = None
    last_n = -1
    for n, line in _code_lines(text):
        if not lo < n <= hi:
            continue
        argv = _command(line)
        if argv is not None:
            found.append(Example(n, argv))
            last_prompt = found[-1] if line.startswith(_PROMPT) else None
        elif last_prompt is not None and n == last_n + 1:
            last_prompt.shown.append(line)
        else:
            last_prompt = None
        last_n = n
    return found


def mentioned(text: str | None = None) -> list[tuple[int, list[str]]]:
    """Commands named inline in prose, `modelwatch import epoch|openrouter --download` as two."""
    text = README.read_text(encoding="utf-8") if text is None else text
    out: list[tuple[int, list[str]]] = []
    for n, line in enumerate(text.splitlines(), start=1):
        for m in _INLINE.finditer(line):
            words = m.group(1).split()
            bar = next((i for i, w in enumerate(words) if "|" in w), None)
            if bar is None:
                out.append((n, words))
            else:
                out.extend((n, [*words[:bar], alt, *words[bar + 1 :]]) for alt in words[bar].split("|"))
    return out


def make_targets(text: str | None = None) -> list[tuple[int, str]]:
    """`make TARGET` lines of the README's code blocks."""
    text = README.read_text(encoding="utf-8") if text is None else text
    out: list[tuple[int, str]] = []
    for n, line in _code_lines(text):
        words = line.split("#", 1)[0].split()
        if len(words) >= 2 and words[0] == "make":
            out.append((n, words[1]))
    return out


def normalized(line: str) -> str:
    return " ".join(line.split())
