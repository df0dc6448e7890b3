"""Catalogue imports (Epoch AI, OpenRouter, models.dev), their snapshots, and `compare`."""

from __future__ import annotations

import datetime as dt
import importlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.files import write_bytes
from modelwatch.service.core import Answer

if TYPE_CHECKING:
    from types import ModuleType

    from modelwatch.records import CatalogueFile

SOURCES = {"epoch": "Epoch AI", "openrouter": "OpenRouter", "modelsdev": "models.dev"}
_DOWNLOAD_NAMES = {"epoch": "ai_models.zip", "openrouter": "models.json", "modelsdev": "api.json"}


@dataclass
class ImportResult:
    source: str
    import_id: int
    path: str
    rows: int
    as_of: dt.date | None
    already: bool
    attribution: str
    variant: str = ""
    resolved_rows: int = 0
    unresolved: list[tuple[str, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _module(source: str) -> ModuleType:
    if source not in SOURCES:
        raise ModelwatchError(f"unknown catalogue {source!r}; one of {', '.join(SOURCES)}")
    return importlib.import_module(f"modelwatch.sources.{source}")


def download(source: str) -> Path:
    """Fetch the publisher's current file into MODELWATCH_HOME/catalogues/; return its path."""
    from modelwatch.sources import _http

    module = _module(source)
    try:
        data = _http.fetch_bytes(module.URL)
    except ModelwatchError as exc:
        raise ModelwatchError(
            f"cannot download {SOURCES[source]} ({exc}); download it yourself and run `modelwatch import {source} PATH`"
        ) from None
    folder = config.home() / "catalogues" / source
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{dt.date.today().isoformat()}-{_DOWNLOAD_NAMES[source]}"
    write_bytes(path, data)
    return path


def _refine_tiers(cf: CatalogueFile, con: object) -> None:
    """An open row whose licence the licence table knows gets that licence's tier."""
    from modelwatch.store.catalogues import license_index

    index = license_index(con)  # type: ignore[arg-type]
    for r in cf.rows:
        if r.license and r.openness == "open" and not r.tier.is_open:
            tier = index.tier(r.license)
            if tier.is_open:
                r.tier = tier


def import_catalogue(source: str, path: Path | None, fetch: bool = False, as_of: dt.date | None = None) -> ImportResult:
    from modelwatch.normalize.catalogue_names import resolve_orgs
    from modelwatch.service.core import build
    from modelwatch.store import catalogues as store
    from modelwatch.store.connection import checkpoint, connect

    module = _module(source)
    if fetch:
        path = download(source)
    if path is None:
        raise ModelwatchError(f"give a PATH to {SOURCES[source]}'s file, or --download")
    cf: CatalogueFile = module.load(path)  # parsed in full before the store is touched
    if as_of is not None:
        cf.as_of = as_of
    build()  # the registry (and its alias table) must be current
    con = connect(config.store_path())
    try:
        old = store.find_import(con, source, cf.sha256)
        if old is not None:
            return ImportResult(
                source, old.import_id, old.path, old.rows, old.as_of, True, old.attribution, old.variant
            )
        _refine_tiers(cf, con)
        index = store.org_index(con)
        refs = [resolve_orgs(r, index) for r in cf.rows]
        missing = Counter(ref.name for rr in refs for ref in rr if ref.org_id is None)
        unresolved = sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))
        import_id = store.write(con, cf, refs, [f"{n} ({c})" for n, c in unresolved])
        checkpoint(con, f"the {source} import")
    finally:
        con.close()
    return ImportResult(
        source=source,
        import_id=import_id,
        path=cf.path,
        rows=len(cf.rows),
        as_of=cf.as_of,
        already=False,
        attribution=cf.attribution,
        variant=cf.variant,
        resolved_rows=sum(1 for rr in refs if any(ref.org_id for ref in rr)),
        unresolved=unresolved,
        warnings=cf.warnings,
    )


def _catalogue_tables(con: object) -> bool:
    row = con.execute(  # type: ignore[attr-defined]
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'catalogue_imports'"
    ).fetchone()
    return bool(row and row[0])


def imports(source: str | None = None) -> Answer:
    """Every catalogue snapshot in the store."""
    from modelwatch.service.core import reading
    from modelwatch.store.catalogues import snapshots

    if source is not None:
        _module(source)
    with reading() as con:
        snaps = snapshots(con, source) if _catalogue_tables(con) else []
    rows = [
        {
            "snapshot": s.import_id,
            "source": s.source,
            "variant": s.variant,
            "as_of": s.as_of,
            "retrieved_at": s.retrieved_at.replace(microsecond=0),
            "rows": s.rows,
            "unresolved_names": len(s.unresolved),
            "sha256": s.sha256[:12],
            "path": s.path,
        }
        for s in snaps
    ]
    credits = sorted({s.attribution for s in snaps})
    return Answer(rows, title=f"{len(rows)} catalogue snapshots", caption="; ".join(credits))


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
    from modelwatch.analyze.compare import compare as run
    from modelwatch.analyze.counts import Filters, check_known
    from modelwatch.service.core import reading
    from modelwatch.store.catalogues import pick_snapshot

    _module(source)
    if tolerance < 0 or window < 0:
        raise ModelwatchError("--tolerance and --window are days, 0 or more")
    with reading() as con:
        if not _catalogue_tables(con):
            raise ModelwatchError(f"no {source} snapshot imported yet; run `modelwatch import {source} PATH`")
        check_known(con, Filters(orgs=orgs or []))
        snap = pick_snapshot(con, source, snapshot, as_of)
        findings, per_org = run(con, snap, year=year, orgs=orgs, tolerance=tolerance, window=window)
    scope = [str(year) if year else "all years"] + (["org " + ", ".join(orgs)] if orgs else [])
    label = f"{SOURCES[source]} snapshot {snap.import_id} (as of {snap.as_of or 'unknown'})"
    unit = {"epoch": "rows (models or checkpoints)", "openrouter": "rows (listed models)"}.get(
        source, "rows (provider model SKUs)"
    )
    caption = (
        f"Source: {snap.attribution}. Source unit: {unit}; modelwatch units: releases, artifacts, days "
        "(announced-but-unavailable releases not counted). A row naming several organizations counts for each."
    )
    if summary:
        return Answer(per_org, title=f"{label} vs the registry, per organization ({'; '.join(scope)})", caption=caption)
    counts = Counter(f["kind"] for f in findings)
    caption += (
        f" Dates: {'listing' if source == 'openrouter' else 'publication' if source == 'epoch' else 'release'} "
        f"dates; a date conflict is a gap over {tolerance} days; names match within {window} days. "
        "registry_only leaves out releases after the snapshot's date. "
        + ", ".join(
            f"{k}: {counts.get(k, 0)}" for k in ("source_only", "registry_only", "date_conflict", "tier_conflict")
        )
    )
    return Answer(findings, title=f"{label} vs the registry ({'; '.join(scope)})", caption=caption)
