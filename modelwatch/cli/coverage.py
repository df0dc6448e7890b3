"""`modelwatch coverage`: how complete the registry is, and what Epoch AI lists that it lacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import FormatOpt, OrgOpt, app, show
from modelwatch.publish.terminal import Format


@app.command()
def coverage(
    org: OrgOpt = None,
    year: Annotated[
        list[int] | None, typer.Option("--year", min=1, max=9999, help="Years to count (repeatable).")
    ] = None,
    epoch: Annotated[
        Path | None, typer.Option("--epoch", help="Epoch AI file, folder or zip to check the registry against.")
    ] = None,
    gap_year: Annotated[int, typer.Option("--gap-year", help="Year of Epoch rows to check.")] = 2025,
    omissions: Annotated[
        bool, typer.Option("--omissions", help="Count the deliberate omissions per organization, by kind.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Releases per organization and year by tier; with --epoch, the Epoch rows the registry lacks and why."""
    from modelwatch.service.coverage import coverage as run
    from modelwatch.service.coverage import omissions as left_out

    if omissions:
        show(left_out(org or []), fmt)
        return

    result = run(org or [], year or [2024, 2025, 2026], epoch, gap_year)
    if fmt is Format.json:
        doc = {"counts": result.counts.rows, "gaps": result.gaps.rows if result.gaps else None, "notes": result.notes}
        typer.echo(json.dumps(doc, indent=2, default=str, ensure_ascii=False))
        return
    show(result.counts, fmt)
    if result.gaps is not None:
        typer.echo("")
        show(result.gaps, fmt)
    for note in result.notes:
        typer.echo(note, err=True)
