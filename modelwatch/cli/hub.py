"""Hub commands: `sync hub`, `candidates`, `explain`, `adoption`."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from modelwatch import config
from modelwatch.cli.app import FormatOpt, ModalityOpt, OrgOpt, ProgressBar, YearOpt, app, show
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import AdoptionBy

sync_app = typer.Typer(help="Fetch fresh data from live sources into the store.", no_args_is_help=True)
app.add_typer(sync_app, name="sync")


@sync_app.command("hub")
def sync_hub(
    org: OrgOpt = None,
    derivatives: Annotated[
        bool,
        typer.Option("--derivatives", help="Also list third-party repos built on each repo (one request per repo)."),
    ] = False,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", help="Seconds the whole sync may take, every request and retry included; then it stops."
        ),
    ] = config.SYNC_TIMEOUT,
) -> None:
    """List every repo of the organizations' Hub namespaces; store a dated snapshot of their adoption."""
    from modelwatch.service.hub import sync_hub as sync

    with ProgressBar() as bar:
        r = sync(org or [], derivatives=derivatives, progress=bar, timeout=timeout)
    w = r.write
    typer.echo(
        f"synced {w.repos} repos ({w.new_repos} new) from {len(r.namespaces)} namespaces of {r.endpoint}; "
        f"snapshot {w.snapshot_at:%Y-%m-%d %H:%M} UTC, import {w.import_id}"
        + (f"; {w.derivatives} derivative repos" if derivatives else "")
    )


@app.command()
def candidates(org: OrgOpt = None, year: YearOpt = None, fmt: FormatOpt = Format.table) -> None:
    """Releases found on the Hub that no registry release claims, ready to review."""
    from modelwatch.service.hub import candidates as find

    show(find(org or [], year), fmt)


@app.command()
def explain(
    release: Annotated[str, typer.Argument(help="A registry release id or a candidate id.")],
    fmt: FormatOpt = Format.table,
) -> None:
    """Show one release: its members, the rule that grouped them, and its sources."""
    from modelwatch.service.hub import explain as explain_release

    summary, members = explain_release(release)
    if fmt == Format.json:
        typer.echo(json.dumps({**summary, "members": members.rows}, default=str, indent=2))
        return
    if fmt == Format.table:
        for key, value in summary.items():
            text = "\n  ".join(str(v) for v in value) if isinstance(value, list) else str(value)
            typer.echo(f"{key}: {text}")
        sys.stdout.flush()
    show(members, fmt)


@app.command()
def adoption(
    year: YearOpt = None,
    by: Annotated[AdoptionBy, typer.Option("--by", help="Aggregate per release, family, org or country.")] = (
        AdoptionBy.release
    ),
    org: OrgOpt = None,
    modality: ModalityOpt = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Downloads, likes and derivatives of the releases, from the latest Hub sync."""
    from modelwatch.service.hub import adoption as measure

    answer = measure(by.value, year, org or [], [m.strip().casefold() for m in modality or []])
    show(answer, fmt)
    if fmt != Format.table and answer.meta.get("derivatives") == "False":
        print("modelwatch: no derivative data was synced; run `modelwatch sync hub --derivatives`", file=sys.stderr)
