"""Command-line wiring: parse, call one library function, print."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from modelwatch.errors import DataError, ModelwatchError

if TYPE_CHECKING:
    from modelwatch.analyze.counts import Filters

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


def _print(answer: object, fmt: Format) -> None:
    from modelwatch.publish.terminal import render

    rows = getattr(answer, "rows")  # noqa: B009 - Answer is imported lazily
    title, caption = getattr(answer, "title", ""), getattr(answer, "caption", "")
    typer.echo(render(rows, fmt.value, title=title, caption=caption))


def _filters(
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


@app.command()
def releases(
    year: YearOpt = None,
    org: OrgOpt = None,
    country: CountryOpt = None,
    tier: Annotated[list[str] | None, typer.Option("--tier", help="Openness tier (repeatable).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only open-weights releases.")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Only closed (API / hosted) releases.")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """List release events with their date, tier, licence and source."""
    if open_ and closed:
        raise ModelwatchError("--open and --closed exclude each other")
    from modelwatch import service

    openness = "open" if open_ else "closed" if closed else None
    _print(service.releases(_filters(year, org, country, tier, openness)), fmt)


@app.command()
def leaderboard(
    year: YearOpt = None,
    by: Annotated[By, typer.Option("--by", help="Count per lab (org), per group, or per country.")] = By.org,
    unit: Annotated[Unit, typer.Option("--unit", help="What one counts.")] = Unit.releases,
    org: OrgOpt = None,
    country: CountryOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rank organizations, groups or countries by releases, split open / closed."""
    from modelwatch import service

    _print(service.leaderboard(_filters(year, org, country), by.value, unit.value), fmt)


@app.command()
def orgs(fmt: FormatOpt = Format.table) -> None:
    """List the organizations with their group, country and Hub namespaces."""
    from modelwatch import service

    _print(service.organizations(), fmt)


@app.command()
def validate() -> None:
    """Check the curated data files; print one line per problem."""
    from modelwatch import service

    problems = service.validate()
    if problems:
        raise DataError(problems)
    typer.echo("ok: the curated data is valid")


@app.command()
def build(force: Annotated[bool, typer.Option("--force", help="Rebuild even if up to date.")] = False) -> None:
    """Load the curated data into the store (atomically; a failure keeps the old store)."""
    from modelwatch import service

    r = service.build(force=force)
    state = "built" if r.changed else "already up to date"
    typer.echo(
        f"{state}: {r.store} (data {r.data_version}: {r.organizations} organizations, "
        f"{r.releases} releases, {r.artifacts} artifacts)"
    )


@app.command()
def report(
    year: Annotated[int, typer.Option("--year", "-y", help="The year to review.")] = 2025,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the site into.")] = Path("report"),
) -> None:
    """Write the year review: index.html and charts (PNG, SVG, Vega-Lite); print the leaderboard."""
    from modelwatch import service
    from modelwatch.publish.terminal import render

    result = service.report(year, out)
    rows = [
        {k: r[k] for k in ("rank", "name", "country", "releases", "open", "closed", "unknown", "open_share")}
        for r in result.leaderboard
    ]
    typer.echo(render(rows, "table", title=f"Releases per organization in {year} (unit: release events)"))
    typer.echo(f"wrote {result.index} and {len(result.files) - 1} chart files")


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


if __name__ == "__main__":
    main()
