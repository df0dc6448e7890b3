"""`modelwatch check`: claims in, verdicts with their evidence out."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import FormatOpt, app, show
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import EngineName


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
    engine: Annotated[
        EngineName, typer.Option("--engine", help="Adoption claims: read the Hub dump history on DuckDB or Spark.")
    ] = EngineName.duckdb,
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="With --engine spark: the master URL (default local[*]).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Judge each claim under every unit (releases, artifacts, days) and level (lab, group).

    Adoption claims (derivatives, downloads) are judged from the Hub dump history under every relation
    (finetune, quantized, adapter, merge, all) and level.

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

    judged = claims.check(file, engine.value, spark_master)
    typer.echo(as_text(judged, fmt.value))
    if not all(c.decided for c in judged):
        raise typer.Exit(1)
