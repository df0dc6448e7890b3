"""`modelwatch check`: claims in, verdicts with their evidence out."""

from __future__ import annotations

import json
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
    verdicts = claims.check(file)
    if fmt is Format.json:
        typer.echo(json.dumps(claims.verdict_json(verdicts), indent=2, ensure_ascii=False))
    elif fmt is Format.csv:
        from modelwatch.publish.terminal import to_csv

        typer.echo(to_csv(claims.verdict_rows(verdicts)), nl=False)
    else:
        from modelwatch.publish.terminal import render

        for v in verdicts:
            typer.echo(f"\n{v.claim.id}: {v.claim.text}")
            typer.echo(f"  verdict: {v.summary}" + ("  (robust: the same in every setting)" if v.robust else ""))
            if not v.decided and len({r.detail for r in v.readings}) == 1:
                continue
            rows = [{"setting": r.setting, "verdict": r.verdict, "numbers": r.detail} for r in v.readings]
            typer.echo("\n".join("  " + line for line in render(rows, "table").splitlines()))
        typer.echo(
            "\nsettings: unit (releases, artifacts, days) / level (lab = the organization itself; "
            "group = its parent group with all its labs)"
        )
    if not all(v.decided for v in verdicts):
        raise typer.Exit(1)
