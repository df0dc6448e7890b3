"""Every imported Hub dump is a dated snapshot of the history: appended as files, never rewritten, pruned on demand."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.analyze.test_history import DATES, import_all, snapshot
from tests.conftest import Run

Mw = Callable[..., Run]


def _files(home: Path) -> dict[str, tuple[int, int]]:
    """Every file of the history and of the dump copies -> (size, mtime): what must not change."""
    out = {}
    for top in ("history", "snapshots"):
        for p in sorted((home / top).rglob("*")):
            if p.is_file():
                st = p.stat()
                out[str(p.relative_to(home))] = (st.st_size, st.st_mtime_ns)
    return out


def _index(home: Path) -> list[tuple[str, str]]:
    con = duckdb.connect(str(home / "modelwatch.duckdb"), read_only=True)
    try:
        return [
            (str(d), s) for d, s in con.execute("SELECT as_of, sha256 FROM hub_dump_snapshots ORDER BY 1").fetchall()
        ]
    finally:
        con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_each_import_adds_dated_partitions(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path)
    shas = [_sha(tmp_path / f"s{i}.parquet") for i in range(3)]
    assert _index(env) == list(zip(DATES, shas, strict=True))
    names = sorted(k for k in _files(env) if k.startswith("history"))
    assert names == sorted(
        f"history/hub-dump/{part}/as_of={d}/{s}.parquet"
        for part in ("repos", "lineage", "roots")
        for d, s in zip(DATES, shas, strict=True)
    )
    # what a partition holds: one row per repo (and absent parent) with the series' columns
    con = duckdb.connect()
    part = env / "history" / "hub-dump" / "repos" / f"as_of={DATES[2]}" / f"{shas[2]}.parquet"
    got = con.execute(f"SELECT count(*), sum(downloads), sum(likes) FROM '{part}'").fetchone()
    assert got == (9, (1000 + 100 + 50 + 500 + 7 + 1 + 20 + 3 + 2) * 3, 9 * 2)
    # and the roots' ids, as the dump writes them, for the model lines
    roots = env / "history" / "hub-dump" / "roots" / f"as_of={DATES[2]}" / f"{shas[2]}.parquet"
    assert sorted(r[0] for r in con.execute(f"SELECT id FROM '{roots}'").fetchall()) == [
        "DragonAI/Dragon-2-7B",
        "eagle/Eagle-1",
    ]


def test_the_note_says_what_a_snapshot_costs(mw: Mw, env: Path, tmp_path: Path) -> None:
    r = mw("import", "hub-dump", str(snapshot(tmp_path / "s0.parquet", 0)), "--as-of", DATES[0])
    assert r.code == 0, r.err
    (line,) = [x for x in r.out.splitlines() if x.startswith("history:")]
    assert line.startswith(f"history: snapshot as of {DATES[0]} added; it costs 0.0 MiB (the dump) + 0.0 MiB")


def test_the_same_bytes_twice_change_nothing(mw: Mw, env: Path, tmp_path: Path) -> None:
    # import 1 is the registry: the store is built before the first dump goes in
    import_all(mw, tmp_path)
    before, index = _files(env), _index(env)
    again = tmp_path / "s1.parquet"
    r = mw("import", "hub-dump", str(again), "--as-of", "2026-01-01")
    assert r.code == 0, r.err
    assert r.out.strip() == f"{again}: already in the history (import 3, as of {DATES[1]}); nothing changed"
    assert _files(env) == before and _index(env) == index


def test_another_dump_for_a_date_in_the_history_is_refused_and_loses_nothing(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path)
    before, index = _files(env), _index(env)
    other = tmp_path / "other.parquet"
    pq.write_table(pa.table({"id": ["someone/else"]}), other)  # not any of the three
    r = mw("import", "hub-dump", str(other), "--as-of", DATES[0])
    assert r.code == 2
    assert r.err.strip().splitlines() == [
        f"modelwatch: error: {other}: the history already holds a different dump as of {DATES[0]} (import 2, "
        f"sha256 {index[0][1][:12]}); give this one its own date with --as-of"
    ]
    assert _files(env) == before and _index(env) == index


def test_an_older_snapshot_joins_the_history_and_ecosystem_keeps_the_newest(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path, (2,))
    r = mw("import", "hub-dump", str(snapshot(tmp_path / "s0.parquet", 0)), "--as-of", DATES[0])
    assert r.code == 0, r.err
    assert "(older than the newest: `ecosystem` still reads the newest)" in r.out
    r = mw("ecosystem", "--format", "json", "--by", "country")
    assert r.code == 0, r.err
    assert [(x["country"], x["derivatives"]) for x in r.json()] == [("US", 4), ("CN", 3), ("unregistered", 0)]  # type: ignore[attr-defined]
    assert "as of 2025-04-30 (import 2," in mw("ecosystem").out  # import 1 is the registry


def test_keep_and_prune_remove_the_oldest_snapshots_files(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path, (0, 1))
    r = mw("import", "hub-dump", str(snapshot(tmp_path / "s2.parquet", 2)), "--as-of", DATES[2], "--keep", "2")
    assert r.code == 0, r.err
    assert f"pruned 1 older snapshots: {DATES[0]}" in r.out
    gone = _sha(tmp_path / "s0.parquet")
    assert not any(gone in k for k in _files(env))
    assert [d for d, _ in _index(env)] == DATES[1:]
    sizes = {k: size for k, (size, _) in _files(env).items() if DATES[1] in k or _sha(tmp_path / "s1.parquet") in k}
    dump = sum(size for k, size in sizes.items() if k.startswith("snapshots"))
    series = sum(size for k, size in sizes.items() if k.startswith("history"))
    r = mw("prune", "--keep", "1")
    assert r.code == 0, r.err
    assert r.out.strip() == (
        f"pruned 1 snapshots: {DATES[1]}; freed {dump + series:,} bytes (dump copies {dump:,}, series {series:,})"
    )
    assert [d for d, _ in _index(env)] == DATES[2:]
    assert sorted(_files(env)) == sorted(
        [
            f"history/hub-dump/{p}/as_of={DATES[2]}/{_sha(tmp_path / 's2.parquet')}.parquet"
            for p in ("repos", "lineage", "roots")
        ]
        + [f"snapshots/hub-dump/{_sha(tmp_path / 's2.parquet')}.parquet"]
    )
    r = mw("ecosystem", "--history", "--format", "json")
    assert [x["period"] for x in r.json()] == ["2025-04"] * 3  # type: ignore[attr-defined]
    assert mw("prune", "--keep", "0").code == 2


def test_prune_keep_history_drops_only_the_older_dump_copies(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path)
    series_before = mw("ecosystem", "--history", "--every", "day", "--format", "json").out
    files, index = _files(env), _index(env)
    old_copies = [f"snapshots/hub-dump/{_sha(tmp_path / f's{i}.parquet')}.parquet" for i in (0, 1)]
    freed = sum(files[k][0] for k in old_copies)
    r = mw("prune", "--keep", "1", "--keep-history")
    assert r.code == 0, r.err
    assert r.out.strip() == (
        f"dropped the dump copies of 2 snapshots: {DATES[0]}, {DATES[1]}; freed {freed:,} bytes "
        "(their series stay in the history)"
    )
    assert _files(env) == {k: v for k, v in files.items() if k not in old_copies}  # nothing else touched
    assert _index(env) == index
    assert mw("ecosystem", "--history", "--every", "day", "--format", "json").out == series_before
    assert mw("ecosystem").code == 0  # the newest snapshot, which `ecosystem` reads, keeps its copy
    again = mw("prune", "--keep", "1", "--keep-history")
    assert (
        again.out.strip() == "dropped the dump copies of 0 snapshots; freed 0 bytes (their series stay in the history)"
    )
    # then a plain prune takes the older series too; their dump copies are already gone
    series = sum(size for k, (size, _) in _files(env).items() if DATES[2] not in k and k.startswith("history"))
    r = mw("prune", "--keep", "1")
    assert r.out.strip() == (
        f"pruned 2 snapshots: {DATES[0]}, {DATES[1]}; freed {series:,} bytes (dump copies 0, series {series:,})"
    )
    assert [d for d, _ in _index(env)] == DATES[2:]


def test_a_new_snapshot_never_rewrites_the_older_ones(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path, (0, 1))
    before = _files(env)
    import_all(mw, tmp_path, (2,))
    after = _files(env)
    assert {k: v for k, v in after.items() if k in before} == before
    assert len(after) == len(before) + 4  # three partitions and the dump copy


def test_a_failure_while_writing_the_history_leaves_no_file_and_no_index_row(
    mw: Mw, env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import modelwatch.store.hub_history as history

    import_all(mw, tmp_path, (0,))
    before, index = _files(env), _index(env)
    real = history.write_parts

    def broken(*args: object) -> None:
        real(*args)  # type: ignore[arg-type]
        raise duckdb.IOException("disk full")  # after the parts were written under temporary names

    monkeypatch.setattr(history, "write_parts", broken)
    r = mw("import", "hub-dump", str(snapshot(tmp_path / "s1.parquet", 1)), "--as-of", DATES[1])
    assert r.code == 2 and "cannot import the dump (disk full)" in r.err
    assert _index(env) == index
    assert _files(env) == before  # no temporary part, no partition, no dump copy left behind


def test_the_history_is_never_written_through_a_symbolic_link(mw: Mw, env: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env.mkdir(parents=True, exist_ok=True)
    (env / "history").symlink_to(elsewhere)
    r = mw("import", "hub-dump", str(snapshot(tmp_path / "s0.parquet", 0)), "--as-of", DATES[0])
    assert r.code == 2
    assert r.err.strip().splitlines()[-1] == (
        f"modelwatch: error: {env / 'history'}: is a symbolic link; the history is only written to real folders"
    )
    assert list(elsewhere.iterdir()) == []


def test_a_missing_history_file_is_one_line_naming_it(mw: Mw, env: Path, tmp_path: Path) -> None:
    import_all(mw, tmp_path, (0,))
    (part,) = (env / "history" / "hub-dump" / "lineage").rglob("*.parquet")
    part.unlink()
    r = mw("ecosystem", "--history")
    assert r.code == 2
    assert r.err.strip().splitlines()[-1] == (
        f"modelwatch: error: {part}: a file of the Hub dump history is missing; restore it, or prune the history "
        "past it (`modelwatch prune --keep N`)"
    )


@pytest.mark.parametrize("then", [("import",), ("prune", "--keep", "5")])
def test_what_a_killed_import_left_is_removed_by_the_next_run(
    mw: Mw, env: Path, tmp_path: Path, then: tuple[str, ...]
) -> None:
    import_all(mw, tmp_path, (0,))
    # what a kill midway leaves: a dump copy under way and a history part under way (our own names only)
    copy_part = env / "snapshots" / "hub-dump" / ("a" * 32 + ".part")
    copy_part.write_bytes(b"x" * 19_000)
    series_part = env / "history" / "hub-dump" / "repos" / f"as_of={DATES[0]}" / ("_" + "b" * 64 + ".part")
    series_part.write_bytes(b"y" * 1000)
    foreign = env / "snapshots" / "hub-dump" / "mine.part"  # not a name modelwatch writes: left alone
    foreign.write_bytes(b"keep")
    if then == ("import",):
        r = mw("import", "hub-dump", str(snapshot(tmp_path / "s1.parquet", 1)), "--as-of", DATES[1])
    else:
        r = mw(*then)
    assert r.code == 0, r.err
    assert not copy_part.exists() and not series_part.exists()
    assert foreign.read_bytes() == b"keep"
