"""Whole-Hub ecosystems: `import hub-dump PATH` and `ecosystem`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from modelwatch.cli.app import FormatOpt, ProgressBar, app, day_option, show
from modelwatch.cli.catalogues import import_app
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import DEPRECATED_BY, EcoBy, EngineName, Every


def _undeprecate(token: str) -> str:
    """An old `--by` value read as its new one (click compares choices after this), said so on stderr."""
    new = DEPRECATED_BY.get(token)
    if new is None:
        return token
    print(f"modelwatch: {token!r} is deprecated; it is now {new!r} (--by {new})", file=sys.stderr)
    return new


@import_app.command("hub-dump")
def hub_dump(
    path: Annotated[
        Path | None,
        typer.Argument(help="A full Hub metadata dump in Parquet (the hub-stats models table).", show_default=False),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The date the dump describes (YYYY-MM-DD); default: its latest repo date."),
    ] = None,
    memory_limit: Annotated[
        str | None, typer.Option("--memory-limit", help="Cap DuckDB's memory, e.g. 2GB (it spills to disk).")
    ] = None,
    keep: Annotated[
        int | None, typer.Option("--keep", help="Then keep only the newest N snapshots of the history.", min=1)
    ] = None,
    download: Annotated[
        bool,
        typer.Option("--download", help="Fetch the hub-stats dataset's models table from the Hub instead of PATH."),
    ] = False,
    since: Annotated[
        str | None,
        typer.Option("--since", help="With --download: backfill one revision per period from this day (YYYY-MM-DD)."),
    ] = None,
    every: Annotated[
        Every, typer.Option("--every", help="With --download --since: one revision per day, week or month.")
    ] = Every.month,
    keep_history: Annotated[
        bool,
        typer.Option(
            "--keep-history", help="With --download: keep every imported revision's dump copy (default: the newest)."
        ),
    ] = False,
    dataset: Annotated[
        str, typer.Option("--dataset", help="With --download: the Hub dataset holding the models table.")
    ] = "cfahlgren1/hub-stats",
    file: Annotated[
        str, typer.Option("--file", help="With --download: the models table's path in the dataset.")
    ] = "models.parquet",
) -> None:
    """Add a full Hub metadata dump to the history as a dated snapshot (all or nothing).

    With --download, the dump is the hub-stats dataset's models table, fetched from the Hub; with --since,
    one revision per period of the dataset is imported (a backfill of the history, dated from each revision's
    data; revisions already in the history are not fetched again).
    """
    from modelwatch.errors import ModelwatchError
    from modelwatch.service import ecosystem

    if download:
        if path is not None:
            raise ModelwatchError("give PATH or --download, not both")
        if as_of is not None or keep is not None:
            raise ModelwatchError("--download dates each revision from its data; --as-of and --keep go with PATH")
        _backfill(day_option(since, "--since"), every.value, keep_history, dataset, file, memory_limit)
        return
    if path is None:
        raise ModelwatchError("give PATH (a Hub dump in Parquet), or --download")
    if since is not None or keep_history or every is not Every.month:
        raise ModelwatchError("--since, --every and --keep-history go with --download")
    if sys.stderr.isatty():  # stages on the terminal; nothing (and no rich import) when piped
        stages = ecosystem.import_stages()
        with ProgressBar() as bar:
            bar.start(stages[0], len(stages))
            r = ecosystem.import_hub_dump(path, as_of=as_of, memory_limit=memory_limit, on_stage=bar.stage, keep=keep)
    else:
        r = ecosystem.import_hub_dump(path, as_of=as_of, memory_limit=memory_limit, keep=keep)
    if r.unchanged:
        typer.echo(f"{path}: already in the history (import {r.import_id}, as of {r.as_of}); nothing changed")
        return
    typer.echo(
        f"imported {r.rows:,} repos from {r.path} (import {r.import_id}, as of {r.as_of}, {r.seconds} s): "
        f"{r.edges:,} base-model links, {r.derivatives:,} derivatives, {r.roots:,} roots, "
        f"{r.absent_parents:,} parents absent from the dump, {r.unrooted:,} derivatives in cycles with no root"
    )
    typer.echo(f"columns used: {', '.join(r.used)}")
    typer.echo(f"snapshot: {r.snapshot} (sha256 {r.sha256[:12]})")
    if r.missing:
        typer.echo(f"columns missing (left empty): {', '.join(r.missing)}")
    mib = 1 << 20
    typer.echo(
        f"history: snapshot as of {r.as_of} added"
        + ("" if r.current else " (older than the newest: `ecosystem` still reads the newest)")
        + f"; it costs {r.dump_bytes / mib:.1f} MiB (the dump) + {r.history_bytes / mib:.1f} MiB (its series)"
    )
    if r.pruned:
        typer.echo(f"pruned {len(r.pruned)} older snapshots: {', '.join(r.pruned)}")


def _backfill(since: object, every: str, keep_history: bool, dataset: str, file: str, memory_limit: str | None) -> None:
    import datetime as dt

    from modelwatch.service.backfill import backfill

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    assert since is None or isinstance(since, dt.date)
    r = backfill(since, every, keep_history, dataset, file, say, memory_limit)
    skipped = f"; {len(r.skipped)} skipped (not a readable dump)" if r.skipped else ""
    typer.echo(
        f"{dataset}: {len(r.imported)} revisions imported ({', '.join(r.imported) or 'none'}), {r.present} already "
        f"in the history{skipped}; fetched {r.fetched_bytes:,} bytes"
        + (f", freed {r.freed_bytes:,} bytes of older dump copies (their series stay)" if r.freed_bytes else "")
    )
    if r.skipped:
        raise typer.Exit(1)


@app.command()
def prune(
    keep: Annotated[int, typer.Option("--keep", help="How many of the newest snapshots to keep whole.", min=1)],
    keep_history: Annotated[
        bool,
        typer.Option("--keep-history", help="Of the older snapshots delete only the dump copies; keep their series."),
    ] = False,
) -> None:
    """Keep the newest N snapshots of the Hub dump history; delete the files of the older ones."""
    from modelwatch.service import ecosystem

    r = ecosystem.prune_history(keep, keep_history=keep_history)
    dates = f": {', '.join(r.dates)}" if r.dates else ""
    if r.kept_history:
        typer.echo(
            f"dropped the dump copies of {len(r.dates)} snapshots{dates}; freed {r.dump_bytes:,} bytes "
            "(their series stay in the history)"
        )
    else:
        typer.echo(
            f"pruned {len(r.dates)} snapshots{dates}; freed {r.dump_bytes + r.history_bytes:,} bytes "
            f"(dump copies {r.dump_bytes:,}, series {r.history_bytes:,})"
        )


@app.command(context_settings={"token_normalize_func": _undeprecate})
def ecosystem(
    year: Annotated[
        int | None,
        typer.Option(
            "--year", "-y", min=1, max=9999, help="Only repos and derivatives created in this year (Hub date)."
        ),
    ] = None,
    by: Annotated[
        EcoBy,
        typer.Option(
            "--by", help="Attribute derivatives to the root's org, group, country, region, or model line (org/line)."
        ),
    ] = EcoBy.org,
    top: Annotated[int, typer.Option("--top", help="Rows (or, with --monthly, columns) to show; 0 = all.")] = 20,
    monthly: Annotated[
        bool, typer.Option("--monthly", help="Share of new derivatives per month by the root's country.")
    ] = False,
    regions: Annotated[
        bool, typer.Option("--regions", help="Group countries into China, United States, Europe, rest of world.")
    ] = False,
    history: Annotated[
        bool, typer.Option("--history", help="Adoption per period over the history of imported dumps.")
    ] = False,
    every: Annotated[
        Every, typer.Option("--every", help="With --history: one row per day, week or month.")
    ] = Every.month,
    engine: Annotated[
        EngineName, typer.Option("--engine", help="With --history: run on DuckDB, or on Spark (modelwatch[spark]).")
    ] = EngineName.duckdb,
    spark_master: Annotated[
        str | None, typer.Option("--spark-master", help="With --engine spark: the master URL (default local[*]).")
    ] = None,
    fmt: FormatOpt = Format.table,
) -> None:
    """Whose base models the Hub builds on: repos, downloads and derivatives per root organization."""
    from modelwatch.service import ecosystem as service

    answer = service.ecosystem(
        by=by.value,
        year=year,
        top=top,
        monthly=monthly,
        regions=regions,
        history=history,
        every=every.value,
        engine=engine.value,
        spark_master=spark_master,
    )
    show(answer, fmt)
