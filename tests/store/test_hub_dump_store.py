"""The imported Hub dump lives on as a content-addressed snapshot beside the store: what a user can rely on."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from modelwatch.store.hub_dump import attach_models
from tests.analyze.test_ecosystem import tiny_dump
from tests.conftest import Run

Mw = Callable[..., Run]


def _snapshots(home: Path) -> list[Path]:
    return sorted((home / "snapshots" / "hub-dump").iterdir())


def _store(home: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(home / "modelwatch.duckdb"), read_only=True)


def test_the_dump_is_kept_under_its_sha256_and_the_import_names_it(mw: Mw, env: Path, tmp_path: Path) -> None:
    dump = tiny_dump(tmp_path / "tiny.parquet")
    digest = hashlib.sha256(dump.read_bytes()).hexdigest()
    r = mw("import", "hub-dump", str(dump))
    assert r.code == 0, r.err
    assert _snapshots(env) == [env / "snapshots" / "hub-dump" / f"{digest}.parquet"]
    assert f"(sha256 {digest[:12]})" in r.out
    con = _store(env)
    try:
        assert con.execute("SELECT path, digest FROM imports WHERE source = 'hub-dump'").fetchall() == [
            (str(dump.resolve()), digest)
        ]
    finally:
        con.close()


def test_the_store_answers_after_the_users_file_is_gone(mw: Mw, tmp_path: Path) -> None:
    dump = tiny_dump(tmp_path / "tiny.parquet")
    assert mw("import", "hub-dump", str(dump)).code == 0
    dump.unlink()
    r = mw("ecosystem", "--by", "line", "--format", "json")
    assert r.code == 0, r.err
    assert [row["line"] for row in r.json()][:2] == ["dragon/dragon-2", "eagle-lab/eagle-1"]  # type: ignore[index]


def test_a_new_import_adds_a_snapshot_and_a_failed_one_adds_nothing(mw: Mw, env: Path, tmp_path: Path) -> None:
    first = tiny_dump(tmp_path / "tiny.parquet")
    assert mw("import", "hub-dump", str(first)).code == 0
    second = tmp_path / "second.parquet"
    pq.write_table(pa.table({"id": ["a/base", "b/ft"], "tags": [[], ["base_model:finetune:a/base"]]}), second)
    assert mw("import", "hub-dump", str(second), "--as-of", "2025-08-31").code == 0
    kept = _snapshots(env)
    assert [p.name for p in kept] == sorted(
        hashlib.sha256(f.read_bytes()).hexdigest() + ".parquet" for f in (first, second)
    )
    broken = tmp_path / "broken.parquet"
    pq.write_table(pa.table({"id": ["x/y"], "createdAt": [1], "tags": [["base_model:x/z"]]}), broken)
    broken.write_bytes(broken.read_bytes()[:-12])  # the footer is cut off
    r = mw("import", "hub-dump", str(broken))
    assert r.code == 2 and "broken.parquet" in r.err
    assert _snapshots(env) == kept  # nothing added, nothing lost, no partial copy left behind


def test_a_missing_snapshot_is_one_line_naming_it(mw: Mw, env: Path, tmp_path: Path) -> None:
    assert mw("import", "hub-dump", str(tiny_dump(tmp_path / "tiny.parquet"))).code == 0
    (snapshot,) = _snapshots(env)
    snapshot.unlink()
    assert mw("ecosystem", "--format", "json").code == 0  # the counts need only the store
    r = mw("ecosystem", "--by", "line")
    assert r.code == 2
    assert r.err.strip().splitlines() == [
        f"modelwatch: error: {snapshot}: the snapshot of the imported Hub dump is missing; import the dump again"
    ]


@pytest.mark.parametrize(
    ("repo", "expected"),
    [
        # id, namespace, downloads, license, relation, in dump
        ("DragonAI/Dragon-2-7B", ("DragonAI/Dragon-2-7B", "DragonAI", 1000, "apache-2.0", None, True)),
        ("dave/merge", ("dave/merge", "dave", 3, "apache-2.0", "merge", True)),
        ("erin/card-ft", ("erin/card-ft", "erin", 2, "apache-2.0", "finetune", True)),
        ("ghost/deleted", ("ghost/deleted", "ghost", None, None, None, False)),  # named as a parent only
    ],
)
def test_every_repo_detail_is_readable_from_the_snapshot(
    mw: Mw, env: Path, tmp_path: Path, repo: str, expected: tuple[object, ...]
) -> None:
    assert mw("import", "hub-dump", str(tiny_dump(tmp_path / "tiny.parquet"))).code == 0
    con = _store(env)
    try:
        attach_models(con)
        got = con.execute(
            "SELECT id, namespace, downloads, license, relation, in_dump FROM hub_dump_models WHERE id = ?", [repo]
        ).fetchall()
        assert got == [expected]
        assert con.execute("SELECT count(*) FROM hub_dump_models").fetchone() == (16,)  # 15 repos + 1 absent parent
    finally:
        con.close()


def test_a_store_from_before_snapshots_asks_for_the_dump_again(mw: Mw, env: Path) -> None:
    from modelwatch.store.schema import MIGRATIONS

    env.mkdir(parents=True)
    con = duckdb.connect(str(env / "modelwatch.duckdb"))
    for sql in MIGRATIONS[:4]:  # a store whose dump tables held one row per repo, ids included
        con.execute(sql)
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    con.execute("INSERT INTO meta VALUES ('schema_version', '4')")
    con.execute("INSERT INTO imports VALUES (7, 'hub-dump', '/old.parquet', 'abc', now()::TIMESTAMP, NULL, 1)")
    con.execute("INSERT INTO hub_dump_models (mid, id, namespace, in_dump, import_id) VALUES (1, 'a/b', 'a', true, 7)")
    con.close()
    assert mw("build").code == 0
    r = mw("ecosystem")
    assert r.code == 2
    assert "run `modelwatch import hub-dump PATH` first" in r.err


def test_absent_parents_never_take_the_place_of_a_row_without_an_id(mw: Mw, env: Path, tmp_path: Path) -> None:
    path = tmp_path / "holes.parquet"
    table = {"id": ["a/ft", None], "tags": pa.array([["base_model:ghost/gone"], []], pa.list_(pa.string()))}
    pq.write_table(pa.table(table), path)
    assert mw("import", "hub-dump", str(path), "--as-of", "2025-01-31").code == 0
    con = _store(env)
    try:
        attach_models(con)
        assert con.execute("SELECT mid, id, in_dump FROM hub_dump_models ORDER BY mid").fetchall() == [
            (1, "a/ft", True),
            (3, "ghost/gone", False),  # row 2 of the file has no id: number 2 stays unused
        ]
    finally:
        con.close()


def test_the_import_names_each_stage_as_it_starts(env: Path, tmp_path: Path) -> None:
    from modelwatch.service.ecosystem import import_hub_dump

    heard: list[str] = []
    import_hub_dump(tiny_dump(tmp_path / "tiny.parquet"), on_stage=heard.append)
    assert heard == [
        "copying the dump",
        "reading repos",
        "reading base-model links",
        "writing the store and walking the graph",
    ]


def _two_repo_dump(path: Path, downloads: list[int], modified: list[str]) -> Path:
    table = pa.table(
        {
            "id": ["DragonAI/Dragon-2-7B", "someone/dragon-2-ft"],
            "createdAt": pa.array([dt.datetime(2025, 3, 10), dt.datetime(2025, 4, 1)], pa.timestamp("us")),
            "lastModified": pa.array([dt.datetime.fromisoformat(m) for m in modified], pa.timestamp("us")),
            "downloads": pa.array(downloads, pa.int64()),
            "tags": [[], ["base_model:finetune:DragonAI/Dragon-2-7B"]],
        }
    )
    pq.write_table(table, path)
    return path


def test_counts_near_two_to_the_63_are_unknown_not_an_overflow(mw: Mw, tmp_path: Path) -> None:
    dump = _two_repo_dump(tmp_path / "d.parquet", [2**63 - 10, 2**63 - 20], ["2025-05-01", "2025-05-01"])
    assert mw("import", "hub-dump", str(dump)).code == 0
    r = mw("ecosystem", "--format", "json")
    assert r.code == 0, r.err
    rows = r.json()
    assert isinstance(rows, list)
    assert [(row["org"], row["downloads"], row["derivative_downloads"]) for row in rows] == [
        ("dragon", 0, 0),
        ("other (unregistered)", 0, 0),
    ]


def test_a_dump_without_repos_is_refused_and_the_previous_one_kept(mw: Mw, env: Path, tmp_path: Path) -> None:
    assert mw("import", "hub-dump", str(tiny_dump(tmp_path / "tiny.parquet"))).code == 0
    empty = tmp_path / "empty.parquet"
    pq.write_table(pa.table({"id": pa.array([], pa.string())}), empty)
    r = mw("import", "hub-dump", str(empty))
    assert (r.code, r.err) == (2, f"modelwatch: error: {empty}: no repos in the file (no row has an id); "
                                  "the previous dump is kept\n")  # fmt: skip
    assert mw("ecosystem", "--format", "json").code == 0


def test_a_date_in_year_9999_does_not_date_the_dump(mw: Mw, tmp_path: Path) -> None:
    dump = _two_repo_dump(tmp_path / "d.parquet", [5, 7], ["2025-05-01", "9999-12-31"])
    r = mw("import", "hub-dump", str(dump))
    assert r.code == 0, r.err
    assert "as of 2025-05-01" in r.out
