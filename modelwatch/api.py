"""The Python API: `import modelwatch as mw`, then `mw.releases(year=2026, country="CN", open=True)`.

Each function is the service call behind one command, given the command's options as arguments with the
same words (`year`, `org`, `country`, `tier`, `open`, `closed`, `modality`, `by`, `unit` ...), so an answer
here and the command's `--format json` are the same rows. They return a `Table` (`.to_arrow()`,
`.to_pandas()`, `.to_polars()`); `check` returns `Verdicts`. A mistake (an unknown organization, a year
outside the registry) raises `ModelwatchError` with the line the command prints. See docs/python.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import DataError, ModelwatchError
from modelwatch.publish.frames import Table, Verdicts
from modelwatch.service.filters import Values

if TYPE_CHECKING:
    import duckdb

    from modelwatch.publish.export import ExportResult
    from modelwatch.service.core import Answer

__all__ = [
    "DataError",
    "ModelwatchError",
    "Table",
    "Verdicts",
    "check",
    "connect",
    "ecosystem",
    "explain",
    "export",
    "leaderboard",
    "orgs",
    "releases",
]


def _table(answer: Answer) -> Table:
    return Table(answer.rows, answer.title, answer.caption, dict(answer.meta))


def releases(
    year: int | None = None,
    *,
    org: Values = None,
    country: Values = None,
    tier: Values = None,
    open: bool = False,
    closed: bool = False,
    modality: Values = None,
) -> Table:
    """The release events in scope, oldest first, each with its date, tier, licence and first source
    (`modelwatch releases`). `org`, `country`, `tier` and `modality` take one value or a list."""
    from modelwatch import service

    f = service.filters(year, org, country, tier, open=open, closed=closed, modality=modality)
    return _table(service.releases(f))


def leaderboard(
    year: int | None = None,
    *,
    by: str = "org",
    unit: str = "releases",
    org: Values = None,
    country: Values = None,
    modality: Values = None,
    open: bool = False,
) -> Table:
    """Organizations, groups or countries (`by`) ranked by releases, artifacts or release days (`unit`), split
    open / closed / unknown (`modelwatch leaderboard`); `open` counts open-weights releases only."""
    from modelwatch import service

    f = service.filters(year, org, country, open=open, modality=modality)
    return _table(service.leaderboard(f, by, unit))


def orgs() -> Table:
    """The organizations with their group, country and Hub namespaces (`modelwatch orgs`)."""
    from modelwatch import service

    return _table(service.organizations())


def check(path: str | Path) -> Verdicts:
    """Every claim of a claims file (docs/claims.md) judged in every unit and level (`modelwatch check`)."""
    from modelwatch.service import claims

    return Verdicts(tuple(claims.check(Path(path))))


def explain(path: str | Path, claim: str | None = None) -> Table:
    """The releases behind one claim's numbers; without `claim`, the file's claim ids
    (`modelwatch check FILE --explain [CLAIM]`)."""
    from modelwatch.service import claims

    return _table(claims.explain(Path(path), claim) if claim is not None else claims.ids(Path(path)))


def ecosystem(
    year: int | None = None,
    *,
    by: str = "org",
    top: int | None = 20,
    monthly: bool = False,
    regions: bool = False,
    history: bool = False,
    every: str = "month",
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> Table:
    """Whose base models the Hub builds on, from the imported Hub dump (`modelwatch ecosystem`); `top` 0 or
    None means every row. Needs `modelwatch import hub-dump FILE` first (the error says so)."""
    from modelwatch.service import ecosystem as service

    return _table(
        service.ecosystem(
            by=by,
            year=year,
            top=top,
            monthly=monthly,
            regions=regions,
            history=history,
            every=every,
            engine=engine,
            spark_master=spark_master,
        )
    )


def export(out: str | Path, format: str = "parquet") -> ExportResult:
    """Write releases, artifacts and organizations with their manifest, datapackage.json and dataset card into
    the folder `out` (`modelwatch export`)."""
    from modelwatch import service

    return service.export(format, Path(out))


def connect() -> duckdb.DuckDBPyConnection:
    """A read-only DuckDB connection to the store, built first when missing or stale, as every command does.

    Its tables are described in docs/schema.md. Close it when done: while it is open, a command that must
    rebuild the store (after the curated files changed) waits for it."""
    from modelwatch import service

    return service.connect()
