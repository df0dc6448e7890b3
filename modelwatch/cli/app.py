"""The command-line application, its shared options, and the error boundary."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from modelwatch.errors import DataError, ModelwatchError

if TYPE_CHECKING:
    from modelwatch.analyze.counts import Filters
    from modelwatch.service.core import Answer

app = typer.Typer(
    help="modelwatch: who released which AI models, when, from where, and how openly.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class By(StrEnum):
    org = "org"
    group = "group"
    country = "country"


class Unit(StrEnum):
    releases = "releases"
    artifacts = "artifacts"
    days = "days"


FormatOpt = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
YearOpt = Annotated[int | None, typer.Option("--year", "-y", help="Only releases made public in this year.")]
OrgOpt = Annotated[list[str] | None, typer.Option("--org", help="Organization id (repeatable); see `modelwatch orgs`.")]
CountryOpt = Annotated[
    list[str] | None, typer.Option("--country", help="ISO 3166-1 alpha-2 country code (repeatable).")
]


def show(answer: Answer, fmt: Format) -> None:
    from modelwatch.publish.terminal import render

    typer.echo(render(answer.rows, fmt.value, title=answer.title, caption=answer.caption).rstrip("\n"))


def make_filters(
    year: int | None = None,
    org: list[str] | None = None,
    country: list[str] | None = None,
    tier: list[str] | None = None,
    openness: str | None = None,
) -> Filters:
    from modelwatch.analyze.counts import Filters

    return Filters(
        year=year, orgs=org or [], countries=[c.upper() for c in country or []], tiers=tier or [], openness=openness
    )


def main() -> None:
    try:
        app()
    except DataError as exc:
        for p in exc.problems:
            print(p.line(), file=sys.stderr)
        print(f"modelwatch: {len(exc.problems)} problem(s) found", file=sys.stderr)
        sys.exit(2)
    except ModelwatchError as exc:
        print(f"modelwatch: error: {exc}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("modelwatch: interrupted; the store is unchanged by the unfinished step", file=sys.stderr)
        sys.exit(130)
