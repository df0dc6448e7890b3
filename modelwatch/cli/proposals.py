"""`proposals [show ID]`, `accept ID`, `reject ID`, `update`: keeping the registry current."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from modelwatch.cli.app import FormatOpt, OrgOpt, app, day_option, period_option, show
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import ProposalKind, UpdateSource

proposals_app = typer.Typer(
    help="Draft records computed from the Hub syncs and catalogue snapshots in the store.",
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(proposals_app, name="proposals")


@proposals_app.callback()
def proposals(
    ctx: typer.Context,
    org: OrgOpt = None,
    kind: Annotated[
        list[ProposalKind] | None,
        typer.Option("--kind", metavar=f"<{'|'.join(ProposalKind)}>", help="What the proposal asks (repeatable)."),
    ] = None,
    since: Annotated[str | None, typer.Option("--since", help="Only proposals dated on or after (YYYY-MM-DD).")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the proposals: new releases, changes to releases, new organizations."""
    if ctx.invoked_subcommand is not None:
        return
    from modelwatch.service import proposals as service

    show(service.list_proposals(org or [], [k.value for k in kind or []], day_option(since, "--since")), fmt)


@proposals_app.command("show")
def show_one(
    proposal: Annotated[str, typer.Argument(help="A proposal id (see `modelwatch proposals`).")],
    fmt: FormatOpt = Format.table,
) -> None:
    """One proposal: each field with where it came from, and the evidence."""
    from modelwatch.service import proposals as service

    summary, fields, evidence = service.show(proposal)
    if fmt == Format.json:
        doc = {**summary, "fields": fields.rows, "evidence": evidence.rows}
        typer.echo(json.dumps(doc, default=str, indent=2, ensure_ascii=False))
        return
    if fmt == Format.table:
        for key, value in summary.items():
            typer.echo(f"{key}: {value}")
        sys.stdout.flush()
    show(fields, fmt)
    show(evidence, fmt)


@app.command()
def accept(
    proposal: Annotated[str, typer.Argument(help="A proposal id (see `modelwatch proposals`).")],
    name: Annotated[str | None, typer.Option("--name", help="The release's (or organization's) name.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            help="The day it became public (YYYY-MM-DD), or the narrowest period a source gives "
            "(2026-08, 2026-Q3, 2026, 2026-08-03..2026-08-14).",
        ),
    ] = None,
    date_source: Annotated[
        str | None, typer.Option("--date-source", help="The page that gives a --date coarser than a day.")
    ] = None,
    tier: Annotated[str | None, typer.Option("--tier", help="Openness tier.")] = None,
    license_: Annotated[str | None, typer.Option("--license", help="Licence id from licenses.toml.")] = None,
    modality: Annotated[str | None, typer.Option("--modality", help="Modality (see docs/data-format.md).")] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Free text for the record's note (an omission's reason).")
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="New organization: company, academic ...")] = None,
    country: Annotated[str | None, typer.Option("--country", help="New organization: ISO country code.")] = None,
) -> None:
    """Write a proposal into the curated files (the file must still validate, or nothing is written)."""
    from modelwatch.service import proposals as service

    overrides = {
        "name": name,
        "date": period_option(date, "--date"),
        "date_source": date_source,
        "tier": tier,
        "license": license_,
        "modality": modality,
        "note": note,
        "kind": kind,
        "country": country.upper() if country else None,
    }
    w = service.accept(proposal, overrides)
    typer.echo(f"{w.action} {w.record} in {w.path}")


@app.command()
def reject(
    proposal: Annotated[str, typer.Argument(help="A proposal id (see `modelwatch proposals`).")],
    reason: Annotated[str, typer.Option("--reason", help="Why the registry leaves it out.")] = "",
) -> None:
    """Record an [[omission]] with the reason and the source, so the proposal stays rejected."""
    from modelwatch.service import proposals as service

    w = service.reject(proposal, reason)
    typer.echo(f"rejected {w.record}: omission written to {w.path}")


@app.command()
def update(
    org: OrgOpt = None,
    source: Annotated[
        list[UpdateSource] | None,
        typer.Option("--source", metavar=f"<{'|'.join(UpdateSource)}>", help="What to fetch (repeatable)."),
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Fetch every reachable source into new snapshots, then summarize the new proposals per organization.

    Exits 1 when a source could not be reached or its file was refused (the others are still imported).
    """
    from modelwatch.service import proposals as service

    r = service.update(org or [], [s.value for s in source or []])
    for line in r.fetched:
        typer.echo(line, err=True)
    for line in r.failed:
        typer.echo(f"not reached: {line}", err=True)
    show(r.new, fmt)
    if r.failed:  # the others were imported; the status says not everything was
        raise typer.Exit(1)
