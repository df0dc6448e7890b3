"""`modelwatch check`: claims in, verdicts with their evidence out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import FormatOpt, app, show
from modelwatch.publish.terminal import Format


@app.command()
def check(
    file: Annotated[Path, typer.Argument(help="A claims file (TOML); see docs/claims.md.")],
    claim: Annotated[
        str | None, typer.Argument(help="With --explain: the claim whose releases to list.", show_default=False)
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="List the releases behind CLAIM; without CLAIM, list the claim ids."),
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Judge each claim under every unit (releases, artifacts, days) and level (lab, group).

    `check FILE --explain` lists the claim ids; `check FILE --explain CLAIM` lists the releases behind
    one claim's numbers. Exit status 0 when every claim was decided, 1 when the data could not decide
    one, 2 for a bad file.
    """
    from modelwatch.service import claims

    # The claim id is a positional argument, not the option's value, so that a bare `--explain` can
    # list the ids (an option whose value may be left out is not something the parser offers).
    if explain or claim is not None:
        show(claims.explain(file, claim) if claim is not None else claims.ids(file), fmt)
        return
    from modelwatch.publish.claims import as_text

    judged = claims.check(file)
    typer.echo(as_text(judged, fmt.value))
    if not all(c.decided for c in judged):
        raise typer.Exit(1)
