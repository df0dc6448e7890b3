"""`import hub-dump --download`: the Hub dump history backfilled from the hub-stats dataset's own revisions.

One revision per period is listed (sources.hub_dump_revisions), those already in the history are skipped before
anything is fetched (the Hub's SHA-256 of the file is the history's), the bytes left to fetch are said, then each
revision is downloaded into a folder of our own, imported as a dated snapshot (dated from the data it holds, as
every import is), and its download deleted. Interrupted, the next run picks up where it stopped: what was imported
is in the history and is skipped. Disk stays bounded: the dump copies of the snapshots this run imported are
deleted as it goes (their series stay), except the newest snapshot's, which `ecosystem` reads; `keep_history`
keeps them all.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from modelwatch import config
from modelwatch.errors import ModelwatchError
from modelwatch.service.core import reading, writing
from modelwatch.sources.hub_dump_revisions import DATASET, MODELS_FILE, Revision, download, list_revisions


@dataclass
class Backfill:
    """What a backfill did: revisions listed, imported (their dates), already there, skipped (with why)."""

    listed: int = 0
    imported: list[str] = field(default_factory=list)  # the snapshots' dates
    present: int = 0  # already in the history: not fetched
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (commit, why): not a readable dump
    fetched_bytes: int = 0
    freed_bytes: int = 0  # dump copies of older snapshots deleted as it went
    download_s: float = 0.0  # seconds spent downloading, and importing (store opened, dump imported, copies pruned)
    import_s: float = 0.0


def _known() -> set[str]:
    from modelwatch.store import hub_history

    with reading() as con:
        return {s.sha256 for s in hub_history.snapshots(con)}


def _own_folder() -> Path:
    top = config.home() / "downloads"
    top.mkdir(parents=True, exist_ok=True)
    if top.is_symlink():
        raise ModelwatchError(f"{top}: is a symbolic link; downloads are only written to real folders")
    return Path(tempfile.mkdtemp(prefix="hub-stats-", dir=top))


def backfill(
    since: dt.date | None = None,
    every: str = "month",
    keep_history: bool = False,
    dataset: str = DATASET,
    path: str = MODELS_FILE,
    say: Callable[[str], None] = lambda _: None,
    memory_limit: str | None = None,
) -> Backfill:
    """Import one revision per period of the dataset's models table since `since` (without it, the newest)."""
    from modelwatch.store import hub_history
    from modelwatch.store.hub_dump import import_dump, snapshot_dir

    revisions = list_revisions(dataset, path, every, since)
    result = Backfill(listed=len(revisions))
    known = _known()
    todo: list[Revision] = []
    for rev in revisions:
        if rev.size is None:
            result.skipped.append((rev.commit, f"no {path} at this revision"))
        elif rev.sha256 is not None and rev.sha256 in known:
            result.present += 1
        else:
            todo.append(rev)
    total = sum(r.size or 0 for r in todo)
    which = f"one per {every} since {since}" if since else "the newest"
    say(
        f"{dataset}: {len(revisions)} revisions of {path} ({which}): "
        f"{result.present} already in the history, {len(todo)} to fetch, {total:,} bytes"
    )
    ours: list[str] = []  # SHA-256 of the snapshots this run added: only their dump copies are ever deleted
    folder = _own_folder() if todo else None
    try:
        for n, rev in enumerate(todo, 1):
            label = f"[{n}/{len(todo)}] revision {rev.commit[:12]} of {rev.created.date()} ({rev.size or 0:,} bytes)"
            assert folder is not None
            started = time.perf_counter()
            file = download(rev, folder, dataset, path)
            result.fetched_bytes += file.stat().st_size
            result.download_s += time.perf_counter() - started
            started = time.perf_counter()
            try:
                with writing() as con:
                    r = import_dump(con, file, memory_limit=memory_limit)
                    if not r.unchanged:
                        ours.append(r.sha256)
                        result.imported.append(r.as_of)
                    if not keep_history:
                        newest = hub_history.snapshots(con)[-1].sha256
                        for sha in ours:
                            if sha != newest:
                                result.freed_bytes += hub_history.delete(
                                    snapshot_dir(config.store_path()) / f"{sha}.parquet"
                                )
                took = time.perf_counter() - started
                result.import_s += took
                done = f"already in the history (as of {r.as_of})" if r.unchanged else f"imported as of {r.as_of}"
                say(f"{label}: {done} ({took:.2f} s)")
            except ModelwatchError as exc:  # not a readable dump, or its date is taken: counted, and the run goes on
                result.skipped.append((rev.commit, str(exc).replace(str(file), path)))
                say(f"{label}: skipped: {str(exc).replace(str(file), path)}")
            finally:
                file.unlink(missing_ok=True)  # our own download, whatever happened to its import
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)  # a folder this run made, holding only what it downloaded
    return result
