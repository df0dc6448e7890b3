"""docs/cli.md: every command's `--help`, generated from the command line itself.

python scripts/cli_reference.py           # rewrite docs/cli.md (`make docs`)
python scripts/cli_reference.py --check   # exit 1 when docs/cli.md is stale (`make lint`)
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "cli.md"
WIDTH = 100  # fixed, so that the text does not depend on the terminal that generated it

HEADER = """\
# Command-line reference

Generated from the commands' own `--help` by `make docs` (`python scripts/cli_reference.py`);
`make lint` fails when this file is stale. Do not edit it by hand: edit the help in `modelwatch/cli/`.
"""


def commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group, depth first in name order: (("import", "epoch"), command).

    Commands are typer's (its own copy of click), so they are read by duck typing."""
    from typer.main import get_command

    from modelwatch.cli import app

    def walk(cmd: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
        yield path, cmd
        subs = getattr(cmd, "commands", None) or {}
        for name in sorted(subs):
            if not subs[name].hidden:
                yield from walk(subs[name], (*path, name))

    yield from walk(get_command(app), ())


def help_text(path: tuple[str, ...], cmd: Any) -> str:
    """What `modelwatch PATH --help` prints."""
    import typer

    ctx = typer.Context(cmd, info_name=" ".join(("modelwatch", *path)), terminal_width=WIDTH, max_content_width=WIDTH)
    text: str = cmd.get_help(ctx)
    return text


def render() -> str:
    parts = [HEADER]
    for path, cmd in commands():
        title = " ".join(("modelwatch", *path))
        parts.append(f"## {title}\n\n```\n{help_text(path, cmd).rstrip()}\n```\n")
    return "\n".join(parts)


def main(argv: list[str]) -> int:
    text = render()
    if argv == ["--check"]:
        if DOC.exists() and DOC.read_text(encoding="utf-8") == text:
            return 0
        print(f"{DOC.relative_to(ROOT)} is stale: run `make docs` and commit it", file=sys.stderr)
        return 1
    from modelwatch.files import write_text

    write_text(DOC, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
