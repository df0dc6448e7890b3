"""Builds are all or nothing: a failure keeps the previous store intact."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from modelwatch.errors import DataError
from modelwatch.store import registry as store_registry
from modelwatch.store.opening import opened
from modelwatch.store.registry import BuildResult
from tests.conftest import Run

Mw = Callable[..., Run]


def build(data_dir: Path, store: Path) -> BuildResult:
    with opened(store, data_dir, write=True) as state:
        assert state.built is not None
        return state.built


def _count(store: Path) -> int:
    con = duckdb.connect(str(store), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM releases").fetchone()
        assert row is not None
        return int(row[0])
    finally:
        con.close()


def test_invalid_data_leaves_the_store_as_it_was(data_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    build(data_dir, store)
    (data_dir / "orgs" / "dragon.toml").write_text("[organization]\nid = ")
    with pytest.raises(DataError):
        build(data_dir, store)
    assert _count(store) == 8


def test_failure_mid_write_rolls_back(data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "s.duckdb"
    build(data_dir, store)
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write("\n# a change, so the next build writes\n")
    real_write = store_registry._write

    def write_then_fail(con: duckdb.DuckDBPyConnection, *args: object) -> None:
        real_write(con, *args)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C after the deletes and inserts

    monkeypatch.setattr(store_registry, "_write", write_then_fail)
    with pytest.raises(KeyboardInterrupt):
        build(data_dir, store)
    assert _count(store) == 8
    monkeypatch.setattr(store_registry, "_write", real_write)
    assert build(data_dir, store).changed


def test_commands_rebuild_a_stale_store(mw: Mw, data_dir: Path) -> None:
    mw("build")
    path = data_dir / "orgs" / "eagle-research.toml"
    path.write_text(path.read_text().replace("date = 2025-02-01", "date = 2024-02-01"))
    r = mw("leaderboard", "--year", "2024", "-f", "json")
    assert [row["org"] for row in r.json()] == ["dragon", "eagle-research"]  # type: ignore[union-attr]
    assert r.err.startswith("modelwatch: built the store at ")


def test_store_records_its_import(data_dir: Path, tmp_path: Path) -> None:
    store = tmp_path / "s.duckdb"
    result = build(data_dir, store)
    con = duckdb.connect(str(store), read_only=True)
    imports = con.execute("SELECT source, digest, digest_kind, rows FROM imports").fetchall()
    linked = con.execute(
        "SELECT count(*) FROM releases WHERE import_id = (SELECT max(import_id) FROM imports)"
    ).fetchone()
    con.close()
    assert imports == [("registry", result.data_version, "data-version", 8 + 4 + 3)]
    assert linked == (8,)
