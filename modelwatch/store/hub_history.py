"""The history of whole-Hub snapshots: what each imported dump leaves behind for the series, as dated Parquet.

Every `import hub-dump` adds one observation. What the series need of it is written once, by DuckDB, as three
Parquet files in date partitions under MODELWATCH_HOME, and never rewritten (the history grows by new files):

    history/hub-dump/repos/as_of=YYYY-MM-DD/<sha256>.parquet    mid, nsh, created, downloads, likes, in_dump, relation
    history/hub-dump/lineage/as_of=YYYY-MM-DD/<sha256>.parquet  mid, root, depth
    history/hub-dump/roots/as_of=YYYY-MM-DD/<sha256>.parquet    mid, id, nsh (every root the lineage reaches)

`mid` numbers the repos within one snapshot (its row in the dump), so a snapshot's files join on it; `nsh` is
a 63-bit hash of the lower-cased namespace (signed, so that every engine reads it as a plain 64-bit integer);
`relation` the strongest relation a derivative declares, as its rank (1 finetune .. 4 merge; empty for a repo with
no base model). Snapshots imported before the relation was kept lack that column (`has_relation`).
The store's table `hub_dump_snapshots` indexes them (date, dump, sizes); `prune` removes the oldest.

Files are written under a name that begins with '_' (which DuckDB's glob below and Spark both skip) and renamed
into place: a reader never sees half a file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.sources.hub_dump import SOURCE

if TYPE_CHECKING:
    import duckdb

PARTS = ("repos", "lineage", "roots")
PARTITION = "as_of"


@dataclass(frozen=True)
class Snapshot:
    as_of: str
    sha256: str
    import_id: int
    repos: int
    dump_bytes: int
    history_bytes: int


def history_dir(store: Path) -> Path:
    return store.parent / "history" / SOURCE


def part_file(store: Path, part: str, as_of: str, sha256: str) -> Path:
    return history_dir(store) / part / f"{PARTITION}={as_of}" / f"{sha256}.parquet"


def _safe_dir(folder: Path, top: Path) -> None:
    """Create `folder` below `top` one level at a time, refusing to go through a symbolic link we did not make."""
    probe = top
    for name in folder.relative_to(top).parts:
        probe = probe / name
        if probe.is_symlink():
            raise ModelwatchError(f"{probe}: is a symbolic link; the history is only written to real folders")
        probe.mkdir(exist_ok=True)


# What each part keeps of a dump: repos from the import's staged tables (no join with the store's), the lineage from
# the store's table (inside the import's transaction, so it holds the new dump).
# Creation dates are days: the series bucket by day, week or month, and a DATE costs half a TIMESTAMP. No ORDER BY:
# on 2M repos sorting cost 0.1 s more and saved no bytes (the repos and lineage files take 0.26 s to write).
_SELECT = {
    # the relation as its rank (a TINYINT): adoption claims count derivatives by relation from the series alone
    "repos": """
        SELECT k.mid, (k.nsh >> 1)::BIGINT AS nsh, k.created::DATE AS created, k.downloads, k.likes, true AS in_dump,
               rel.rank::TINYINT AS relation
        FROM hd_keys k LEFT JOIN (SELECT child, max(rank) AS rank FROM hd_edges GROUP BY child) rel ON rel.child = k.mid
        UNION ALL
        SELECT mid, (nsh >> 1)::BIGINT, NULL, NULL, NULL, false, NULL FROM hd_absent
    """,
    "lineage": "SELECT mid, root, depth::SMALLINT AS depth FROM hub_dump_lineage",
    # the ids of the roots (a few percent of the repos): the model line of a root is parsed from its name, and the
    # dump copy that holds the names may be pruned (`prune --keep-history`) while the series stay
    "roots": """
        SELECT i.mid, i.id, (r.nsh >> 1)::BIGINT AS nsh FROM hd_root_ids i JOIN hub_dump_repos r ON r.mid = i.mid
    """,
}


def write_parts(
    con: duckdb.DuckDBPyConnection, store: Path, as_of: str, sha256: str, parts: dict[str, tuple[Path, Path]]
) -> None:
    """Write the snapshot's parts under temporary names, noting each in `parts` (part -> (temporary, final)) before
    it is written: whatever happens, the caller renames them all into place or discards them all."""
    for part in PARTS:
        final = part_file(store, part, as_of, sha256)
        _safe_dir(final.parent, store.parent)
        tmp = final.parent / f"_{sha256}.part"
        parts[part] = (tmp, final)
        con.execute(
            f"COPY ({_SELECT[part]}) TO ? (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 500000)", [str(tmp)]
        )


def discard(parts: dict[str, tuple[Path, Path]]) -> None:
    for tmp, _ in parts.values():
        tmp.unlink(missing_ok=True)


def snapshots(con: duckdb.DuckDBPyConnection) -> list[Snapshot]:
    """The dated snapshots in the history, oldest first."""
    found = con.execute(
        "SELECT as_of::VARCHAR, sha256, import_id, repos, dump_bytes, history_bytes FROM hub_dump_snapshots "
        "ORDER BY as_of"
    ).fetchall()
    return [Snapshot(str(a), str(s), int(i), int(r), int(d), int(h)) for a, s, i, r, d, h in found]


def files(
    store: Path, chosen: list[Snapshot], part: str, what: str = "a file of the Hub dump history is missing"
) -> list[Path]:
    """The Parquet files of one part for the chosen snapshots; a missing one is one line naming it (and `what` it
    holds: a snapshot imported before a part existed lacks it)."""
    paths = [part_file(store, part, s.as_of, s.sha256) for s in chosen]
    for p in paths:
        if not p.is_file():
            raise ModelwatchError(
                f"{p}: {what}; restore it, or prune the history past it (`modelwatch prune --keep N`)"
            )
    return paths


def has_relation(con: duckdb.DuckDBPyConnection, repos_file: Path) -> bool:
    """Whether a snapshot's repos file keeps each derivative's relation (files written before it was kept do not)."""
    found = con.execute("SELECT count(*) FROM parquet_schema(?) WHERE name = 'relation'", [str(repos_file)]).fetchone()
    return bool(found and found[0])


def remove(store: Path, snap: Snapshot, dump_file: Path) -> tuple[int, int]:
    """Delete what the history holds of one snapshot: its parts and its copy of the dump.

    Returns the bytes freed: (dump copy, series files); a file already gone counts 0."""
    series = 0
    for part in PARTS:
        path = part_file(store, part, snap.as_of, snap.sha256)
        series += delete(path)
        with_parent = path.parent
        if with_parent.is_dir() and not any(with_parent.iterdir()):
            with_parent.rmdir()
    return delete(dump_file), series


def delete(path: Path) -> int:
    """Delete a file; the bytes it freed (0 when it was already gone)."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return 0
    path.unlink(missing_ok=True)
    return size
