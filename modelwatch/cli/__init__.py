"""Command-line wiring: parse, call one library function, print.

Each module registers its commands on the one `app`; importing them here assembles the CLI.
"""

from modelwatch.cli import catalogues, claims, core, coverage, ecosystem, hub, proposals, serve  # noqa: F401  (registers commands)
from modelwatch.cli.app import app, main

__all__ = ["app", "main"]
