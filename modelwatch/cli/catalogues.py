"""Catalogue commands: `import epoch|openrouter|modelsdev|list` and `compare`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from modelwatch.cli.app import FormatOpt, OrgOpt, YearOpt, app, day_option, show
from modelwatch.errors import ModelwatchError, one_line
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import Catalogue

if TYPE_CHECKING:
    from modelwatch.service.catalogues import ImportResult

import_app = typer.Typer(
    help="Import a catalogue snapshot (Epoch AI, OpenRouter, models.dev) into the store.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")


PathArg = Annotated[Path | None, typer.Argument(help="The file (or folder) to import.", show_default=False)]
DownloadOpt = Annotated[
    bool, typer.Option("--download", help="Fetch the publisher's current file instead of reading PATH.")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="The date the snapshot describes (YYYY-MM-DD); default: from the file.")
]


def _run(source: str, path: Path | None, download: bool, as_of: str | None) -> None:
    from modelwatch.service import catalogues

    if path is not None and download:
        raise ModelwatchError("give PATH or --download, not both")
    r = catalogues.import_catalogue(source, path, download, day_option(as_of, "--as-of"))
    _report(r)


def _report(r: ImportResult) -> None:
    if r.already:
        typer.echo(
            f"already imported: {r.path} is snapshot {r.import_id} of {r.source} ({r.rows} rows, as of {r.as_of})"
        )
        return
    typer.echo(
        f"imported {r.rows} rows from {r.path} as {r.source} snapshot {r.import_id} "
        f"({r.variant}, as of {r.as_of or 'unknown'}); {r.resolved_rows} rows resolved to an organization"
    )
    if r.unresolved:
        shown = ", ".join(f"{name} ({n})" for name, n in r.unresolved[:15])
        more = f" and {len(r.unresolved) - 15} more" if len(r.unresolved) > 15 else ""
        typer.echo(f"{len(r.unresolved)} organization names not in the alias table: {shown}{more}")
    for w in r.warnings:
        typer.echo(f"warning: {one_line(w)}", err=True)
    typer.echo(f"source: {r.attribution}")


@import_app.command("epoch")
def import_epoch(path: PathArg = None, download: DownloadOpt = False, as_of: AsOfOpt = None) -> None:
    """Epoch AI 'Data on AI Models': all_ai_models.csv, a subset CSV, the bundle folder or ai_models.zip."""
    _run("epoch", path, download, as_of)


@import_app.command("openrouter")
def import_openrouter(path: PathArg = None, download: DownloadOpt = False, as_of: AsOfOpt = None) -> None:
    """OpenRouter's model list: the JSON of https://openrouter.ai/api/v1/models."""
    _run("openrouter", path, download, as_of)


@import_app.command("modelsdev")
def import_modelsdev(path: PathArg = None, download: DownloadOpt = False, as_of: AsOfOpt = None) -> None:
    """models.dev: its api.json, or the TOML tree (providers/<provider>/models/<model>.toml)."""
    _run("modelsdev", path, download, as_of)


@import_app.command("list")
def import_list(
    source: Annotated[Catalogue | None, typer.Argument(help="Only this catalogue.")] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """List the catalogue snapshots in the store."""
    from modelwatch.service import catalogues

    show(catalogues.imports(source.value if source else None), fmt)


@app.command()
def compare(
    source: Annotated[Catalogue, typer.Argument(help="The catalogue to compare with the registry.")],
    year: YearOpt = None,
    org: OrgOpt = None,
    tolerance: Annotated[int, typer.Option("--tolerance", help="Days two dates may differ by.")] = 3,
    window: Annotated[int, typer.Option("--window", help="Days within which names are matched.")] = 90,
    snapshot: Annotated[int | None, typer.Option("--snapshot", help="Snapshot id (see `import list`).")] = None,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Use the latest snapshot as of this date (YYYY-MM-DD).")
    ] = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Counts per organization: source rows beside releases, artifacts, days.")
    ] = False,
    fmt: FormatOpt = Format.table,
) -> None:
    """Where a catalogue and the registry disagree: missing releases, date and tier conflicts."""
    from modelwatch.service import catalogues

    show(
        catalogues.compare(
            source.value, year, org, tolerance, window, snapshot, day_option(as_of, "--as-of"), summary=summary
        ),
        fmt,
    )
