"""Whole-Hub ecosystems: `import hub-dump PATH` and `ecosystem`."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import Format, FormatOpt, ProgressBar, app, show
from modelwatch.cli.catalogues import import_app


class EcoBy(StrEnum):
    org = "org"
    group = "group"
    country = "country"
    family = "family"


@import_app.command("hub-dump")
def hub_dump(
    path: Annotated[Path, typer.Argument(help="A full Hub metadata dump in Parquet (the hub-stats models table).")],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The date the dump describes (YYYY-MM-DD); default: its latest repo date."),
    ] = None,
    memory_limit: Annotated[
        str | None, typer.Option("--memory-limit", help="Cap DuckDB's memory, e.g. 2GB (it spills to disk).")
    ] = None,
) -> None:
    """Import a full Hub metadata dump (replaces the previous one, all or nothing)."""
    from modelwatch.service import ecosystem

    if sys.stderr.isatty():  # stages on the terminal; nothing (and no rich import) when piped
        from modelwatch.store.hub_dump import STAGES

        with ProgressBar() as bar:
            bar.start(STAGES[0], len(STAGES))
            r = ecosystem.import_hub_dump(path, as_of=as_of, memory_limit=memory_limit, on_stage=bar.stage)
    else:
        r = ecosystem.import_hub_dump(path, as_of=as_of, memory_limit=memory_limit)
    typer.echo(
        f"imported {r.rows:,} repos from {r.path} (import {r.import_id}, as of {r.as_of}, {r.seconds} s): "
        f"{r.edges:,} base-model links, {r.derivatives:,} derivatives, {r.roots:,} roots, "
        f"{r.absent_parents:,} parents absent from the dump, {r.unrooted:,} derivatives in cycles with no root"
    )
    typer.echo(f"columns used: {', '.join(r.used)}")
    typer.echo(f"snapshot: {r.snapshot} (sha256 {r.sha256[:12]})")
    if r.missing:
        typer.echo(f"columns missing (left empty): {', '.join(r.missing)}")


@app.command()
def ecosystem(
    year: Annotated[
        int | None, typer.Option("--year", "-y", help="Only repos and derivatives created in this year (Hub date).")
    ] = None,
    by: Annotated[
        EcoBy, typer.Option("--by", help="Attribute derivatives to the root's org, group, country or family.")
    ] = EcoBy.org,
    top: Annotated[int, typer.Option("--top", help="Rows (or, with --monthly, columns) to show; 0 = all.")] = 20,
    monthly: Annotated[
        bool, typer.Option("--monthly", help="Share of new derivatives per month by the root's country.")
    ] = False,
    regions: Annotated[
        bool, typer.Option("--regions", help="Group countries into China, United States, Europe, rest of world.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Whose base models the Hub builds on: repos, downloads and derivatives per root organization."""
    from modelwatch.service import ecosystem as service

    show(service.ecosystem(by=by.value, year=year, top=top or None, monthly=monthly, regions=regions), fmt)
