"""The year review: what `modelwatch report` writes and the site's home page shows, gathered once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelwatch.service.core import _asked, partial_note, reading

if TYPE_CHECKING:
    from pathlib import Path

    import duckdb

    from modelwatch.analyze.review import ReportData
    from modelwatch.analyze.verdicts import ClaimRow
    from modelwatch.publish.report import ReportResult


def gather(
    con: duckdb.DuckDBPyConnection,
    year: int,
    modalities: list[str] | None = None,
    claims: list[ClaimRow] | None = None,
) -> ReportData:
    """Every number of the year review of `year`, with the data version and the coverage caveat."""
    from modelwatch.analyze.counts import Filters
    from modelwatch.analyze.review import review
    from modelwatch.store.connection import get_meta

    kinds = list(modalities or [])
    asked, _ = _asked(con, Filters(year=year, modalities=kinds))  # a year outside the registry is refused
    partial = partial_note(con, asked)
    return review(con, year, kinds, get_meta(con, "data_version") or "", partial, claims)


def year_review(year: int, modalities: list[str] | None = None) -> ReportData:
    with reading() as con:
        return gather(con, year, modalities)


def report(
    year: int, out_dir: Path, claims_file: Path | None = None, modalities: list[str] | None = None
) -> ReportResult:
    from modelwatch.files import ensure_dir
    from modelwatch.publish.report import build_report

    ensure_dir(out_dir)  # a file in the way is refused before any work
    judged = None
    if claims_file is not None:
        from modelwatch.analyze.claims_file import load_claims

        claims = load_claims(claims_file)
    with reading() as con:
        if claims_file is not None:
            from modelwatch.analyze.claims import judge_all
            from modelwatch.analyze.verdicts import claim_rows
            from modelwatch.service.proposals import pending_dates

            judged = claim_rows(judge_all(con, claims, lambda: pending_dates(con)))
        data = gather(con, year, modalities, judged)
    return build_report(data, out_dir)
