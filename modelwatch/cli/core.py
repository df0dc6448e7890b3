"""The core commands: releases, leaderboard, orgs, validate, build, report."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import CountryOpt, FormatOpt, ModalityOpt, OrgOpt, YearOpt, app, show
from modelwatch.errors import DataError
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import ExportFormat, Level, Unit


@app.command()
def releases(
    year: YearOpt = None,
    org: OrgOpt = None,
    country: CountryOpt = None,
    tier: Annotated[list[str] | None, typer.Option("--tier", help="Openness tier (repeatable).")] = None,
    open_: Annotated[bool, typer.Option("--open", help="Only open-weights releases.")] = False,
    closed: Annotated[bool, typer.Option("--closed", help="Only closed (API / hosted) releases.")] = False,
    modality: ModalityOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List release events with their date, tier, licence and source."""
    from modelwatch import service

    f = service.filters(year, org, country, tier, open=open_, closed=closed, modality=modality)
    show(service.releases(f), fmt)


@app.command()
def leaderboard(
    year: YearOpt = None,
    by: Annotated[Level, typer.Option("--by", help="Count per lab (org), per group, or per country.")] = Level.org,
    unit: Annotated[Unit, typer.Option("--unit", help="What one counts.")] = Unit.releases,
    org: OrgOpt = None,
    country: CountryOpt = None,
    modality: ModalityOpt = None,
    open_: Annotated[bool, typer.Option("--open", help="Count open-weights releases only (rank by them).")] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Rank organizations, groups or countries by releases, split open / closed."""
    from modelwatch import service

    f = service.filters(year, org, country, open=open_, modality=modality)
    show(service.leaderboard(f, by.value, unit.value), fmt)


@app.command()
def orgs(fmt: FormatOpt = Format.table) -> None:
    """List the organizations with their group, country and Hub namespaces."""
    from modelwatch import service

    show(service.organizations(), fmt)


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
    year: Annotated[
        int | None,
        typer.Option("--year", "-y", min=2, max=9999, help="The year to review (default: the latest with releases)."),
    ] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the site into.")] = Path("report"),
    claims: Annotated[
        Path | None, typer.Option("--claims", help="Also judge the claims of this file and show the verdicts.")
    ] = None,
    modality: ModalityOpt = None,
) -> None:
    """Write the year review as the site's pages (index.html, the releases explorer, a page per release and
    organization) and its charts (PNG, SVG, Vega-Lite); print the leaderboard."""
    from modelwatch.publish.terminal import render
    from modelwatch.service.claims import refuse_unusable
    from modelwatch.service.review import latest_year
    from modelwatch.web.report import write_report

    if claims is not None:
        refuse_unusable(claims)
    year = year if year is not None else latest_year()
    result = write_report(year, out, claims, [m.strip().casefold() for m in modality or []])
    rows = [
        {k: r[k] for k in ("rank", "name", "country", "releases", "open", "closed", "unknown", "open_share")}
        for r in result.leaderboard
    ]
    caption = result.partial or ""
    typer.echo(
        render(rows, "table", title=f"Releases per organization in {year} (unit: release events)", caption=caption)
    )
    typer.echo(f"wrote {result.index} and {len(result.files) - 1} more files in {result.out_dir}")


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory to write the files into.")],
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="File format.")] = ExportFormat.parquet,
) -> None:
    """Export releases, artifacts and organizations, with a manifest of schema and provenance, a Frictionless
    datapackage.json and a dataset card (README.md) with the licence, sources and coverage (docs/schema.md)."""
    from modelwatch import service

    r = service.export(fmt.value, out)
    counts = ", ".join(f"{n} {t}" for t, n in r.rows.items())
    typer.echo(f"wrote {len(r.files)} files to {r.out_dir} ({counts})")
