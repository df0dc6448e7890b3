"""Catalogue imports (Epoch AI, OpenRouter, models.dev), their snapshots, and `compare`: each step in its stage."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading, writing
from modelwatch.vocabulary import Catalogue

if TYPE_CHECKING:
    from modelwatch.records import CatalogueFile
    from modelwatch.store.catalogues import ImportResult as ImportResult


def download(source: str) -> Path:
    """Fetch the publisher's current file into MODELWATCH_HOME/catalogues/; return its path."""
    from modelwatch.sources.publishers import download as fetch

    return fetch(source, config.home() / "catalogues" / source, dt.date.today())


def import_catalogue(source: str, path: Path | None, fetch: bool = False, as_of: dt.date | None = None) -> ImportResult:
    from modelwatch.sources.publishers import importer, keep_download
    from modelwatch.store.catalogues import add

    module = importer(source)
    if fetch:
        pending = download(source)
        try:
            cf: CatalogueFile = module.load(pending)  # parsed in full before the store is touched
        except BaseException:
            pending.unlink(missing_ok=True)  # a download that is not the format is not kept
            raise
        cf.path = str(keep_download(pending))
    elif path is None:
        raise ModelwatchError(f"give a PATH to {Catalogue(source).label}'s file, or --download")
    else:
        cf = module.load(path)  # parsed in full before the store is touched
    if as_of is not None:
        cf.as_of = as_of
    with writing() as con:  # the registry (and its alias table) is current
        return add(con, cf)


def imports(source: str | None = None) -> Answer:
    """Every catalogue snapshot in the store."""
    from modelwatch.publish.catalogue_text import credits, snapshot_rows
    from modelwatch.sources.publishers import catalogue
    from modelwatch.store.catalogues import snapshots

    if source is not None:
        catalogue(source)
    with reading() as con:
        snaps = snapshots(con, source)
    rows = snapshot_rows(snaps)
    return Answer(rows, title=f"{len(rows)} catalogue snapshots", caption=credits(snaps))


def compare(
    source: str,
    year: int | None = None,
    orgs: list[str] | None = None,
    tolerance: int = 3,
    window: int = 90,
    snapshot: int | None = None,
    as_of: dt.date | None = None,
    summary: bool = False,
) -> Answer:
    from modelwatch.analyze.compare import check_days
    from modelwatch.analyze.compare import compare as run
    from modelwatch.analyze.counts import Filters, check_known
    from modelwatch.publish.catalogue_text import compare_caption, compare_title
    from modelwatch.sources.publishers import catalogue
    from modelwatch.store.catalogues import pick_snapshot

    catalogue(source)
    check_days(tolerance, window)
    with reading() as con:
        check_known(con, Filters(orgs=orgs or []))
        snap = pick_snapshot(con, source, snapshot, as_of)
        findings, per_org = run(con, snap, year=year, orgs=orgs, tolerance=tolerance, window=window)
    title = compare_title(snap, year, orgs, summary)
    if summary:
        return Answer(per_org, title=title, caption=compare_caption(snap, None, tolerance, window))
    return Answer(findings, title=title, caption=compare_caption(snap, findings, tolerance, window))
