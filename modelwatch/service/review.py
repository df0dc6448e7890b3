"""The year review: what `modelwatch report` writes and the site's home page shows, gathered once."""

from __future__ import annotations

from typing import TYPE_CHECKING

from modelwatch.service.core import reading

if TYPE_CHECKING:
    from pathlib import Path

    from modelwatch.analyze.review import ReportData
    from modelwatch.publish.report import ReportResult


def latest_year() -> int:
    """The latest year with releases: what the site opens on and `modelwatch report` reviews by default."""
    from modelwatch.analyze.review import latest_year as latest

    with reading() as con:
        return latest(con)


def year_review(year: int, modalities: list[str] | None = None, claims_file: Path | None = None) -> ReportData:
    """The year review, with the claims of `claims_file` judged (the site's home page shows them)."""
    from modelwatch.analyze.review import year_review as gather
    from modelwatch.service.claims import check

    judged = check(claims_file) if claims_file is not None else None
    with reading() as con:
        return gather(con, year, modalities or (), judged)


def report(
    year: int, out_dir: Path, claims_file: Path | None = None, modalities: list[str] | None = None
) -> ReportResult:
    """The year review's charts as files in `out_dir`, and its leaderboard; the pages are the site's (web)."""
    from modelwatch.analyze.claims_file import load_claims
    from modelwatch.analyze.review import year_review as gather
    from modelwatch.files import ensure_dir
    from modelwatch.publish.report import build_report

    ensure_dir(out_dir)  # a file in the way is refused before any work
    if claims_file is not None:  # a bad claims file is refused before any work too; the pages judge it
        load_claims(claims_file)
    with reading() as con:
        data = gather(con, year, modalities or ())
    return build_report(data, out_dir)
