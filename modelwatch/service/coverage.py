"""`modelwatch coverage`: registry completeness per organization and year, checked against Epoch AI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelwatch.service.core import Answer, reading


@dataclass
class Coverage:
    counts: Answer
    gaps: Answer | None = None
    notes: list[str] = field(default_factory=list)


def omissions(orgs: list[str]) -> Answer:
    from modelwatch.analyze import coverage as cov

    with reading() as con:  # the organizations as the store knows them, so a typo is refused
        from modelwatch.analyze.counts import Filters, check_known

        known = check_known(con, Filters(orgs=orgs)).orgs
    return Answer(cov.omissions(known), title=cov.OMISSIONS_TITLE, caption=cov.OMISSIONS_CAPTION)


def coverage(orgs: list[str], years: list[int], epoch: Path | None, gap_year: int) -> Coverage:
    from modelwatch.analyze import coverage as cov
    from modelwatch.service.catalogues import import_catalogue

    # the snapshot of the file given, even when a newer one was imported before
    imported = import_catalogue("epoch", epoch) if epoch is not None else None
    with reading() as con:
        counts = Answer(cov.counts(con, orgs, years), title=cov.COUNTS_TITLE, caption=cov.COUNTS_CAPTION)
        if imported is None:
            return Coverage(counts)
        gaps = cov.gaps(con, imported.import_id, gap_year, orgs)
    note = f"Epoch AI snapshot {imported.import_id} ({imported.rows} rows). {imported.attribution}"
    return Coverage(counts, Answer(gaps, title=cov.gaps_title(gap_year, orgs), caption=cov.GAPS_CAPTION), [note])
