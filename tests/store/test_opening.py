"""Opening the store: a store left behind by an older modelwatch is migrated before anything reads it,
with its data intact; a store from a newer one is refused in one line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from modelwatch.sources.datafiles import data_version
from modelwatch.store.schema import MIGRATIONS
from tests.conftest import Run

Mw = Callable[..., Run]
NOW = len(MIGRATIONS)
EPOCH_SHA = "e" * 64
SYNC_SHA = "f" * 64


def _old_store(path: Path, version: int, data_dir: Path) -> None:
    """A store as modelwatch at schema `version` left it, built from the curated files as they are now
    (so only the schema is behind), holding a release, and from version 2 on a catalogue snapshot, from
    version 3 on a Hub sync."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    try:
        for sql in MIGRATIONS[:version]:
            con.execute(sql)
        con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        con.execute(
            "INSERT INTO meta VALUES ('schema_version', ?), ('data_version', ?), ('data_dir', ?)",
            [str(version), data_version(data_dir), str(data_dir)],
        )
        registry = data_version(data_dir)
        _import(con, version, "registry", str(data_dir), registry, "data-version", "2025-06-01", 2)
        con.execute(
            "INSERT INTO organizations VALUES ('oldlab', 'Old Lab', NULL, 'oldlab', 'FR', 'lab', NULL, 'curated', "
            "NULL, NULL, 'orgs/oldlab.toml', 1)"
        )
        con.execute(
            "INSERT INTO releases VALUES ('oldlab-one', 'oldlab', 'One', 'one', '2025-03-01', NULL, NULL, "
            "'open_unrestricted', 'open', 'apache-2.0', 'language', [], NULL, 'curated', 1, 'orgs/oldlab.toml', 1)"
        )
        if version >= 2:
            _import(con, version, "epoch", "/old/all_ai_models.csv", EPOCH_SHA, "content", "2025-05-01", 1)
            con.execute("INSERT INTO catalogue_imports VALUES (2, 'epoch', 'all', 'Epoch AI (CC BY 4.0)', [], [])")
            con.execute(
                "INSERT INTO catalogue_rows VALUES (2, 1, 'one', 'One', '2025-03-01', 'published', 'unknown', "
                "'unknown', '', '', [], [], '', '{}')"
            )
        if version >= 3:
            _import(con, version, "hub", "https://huggingface.co", SYNC_SHA, "sync-figures", "2025-05-02", 0)
    finally:
        con.close()


def _import(
    con: duckdb.DuckDBPyConnection, version: int, source: str, path: str, digest: str, kind: str, as_of: str, n: int
) -> None:
    """One row of the import log as schema `version` spells it (from 7 on: `digest` and `digest_kind`)."""
    if version < 7:
        con.execute(
            "INSERT INTO imports VALUES (nextval('import_seq'), ?, ?, ?, now()::TIMESTAMP, ?, ?)",
            [source, path, digest, as_of, n],
        )
    else:
        con.execute(
            "INSERT INTO imports VALUES (nextval('import_seq'), ?, ?, ?, ?, now()::TIMESTAMP, ?, ?)",
            [source, path, digest, kind, as_of, n],
        )


def _imports(path: Path) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT import_id, source, digest, digest_kind FROM imports ORDER BY 1").fetchall()
    finally:
        con.close()


@pytest.mark.parametrize("version", range(1, NOW))
def test_every_older_schema_is_migrated_before_a_command_reads_it(
    mw: Mw, env: Path, data_dir: Path, version: int
) -> None:
    store = env / "modelwatch.duckdb"
    _old_store(store, version, data_dir)

    # the command that met a table of a newer schema ("hub_dump_repos does not exist") now says what to do
    r = mw("ecosystem")
    assert (r.code, r.err.splitlines()) == (
        2,
        [
            f"modelwatch: upgraded the store at {store} from schema {version} to {NOW}",
            "modelwatch: error: no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first",
        ],
    )

    # what the old store held is all there, and the migrated store answers without another upgrade
    r = mw("releases", "-f", "json")
    assert (r.code, r.err) == (0, "")
    assert [(x["id"], x["org"], x["date"]) for x in r.json()] == [("oldlab-one", "oldlab", "2025-03-01")]  # type: ignore[union-attr]
    registry = data_version(data_dir)
    expected = [
        (1, "registry", registry, "data-version"),
        (2, "epoch", EPOCH_SHA, "content"),
        (3, "hub", SYNC_SHA, "sync-figures"),
    ]
    assert _imports(store) == expected[: min(version, 3)]
    if version >= 2:
        r = mw("import", "list", "-f", "json")
        got = [(x["snapshot"], x["source"], x["digest"], x["digest_kind"]) for x in r.json()]  # type: ignore[union-attr]
        assert got == [(2, "epoch", "e" * 12, "content")]


def test_a_store_of_a_newer_modelwatch_is_refused_in_one_line(mw: Mw, env: Path, data_dir: Path) -> None:
    store = env / "modelwatch.duckdb"
    _old_store(store, NOW - 1, data_dir)  # its tables do not matter: its version is read first
    con = duckdb.connect(str(store))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(NOW + 1)])
    con.close()
    for args in (["releases"], ["build"]):
        r = mw(*args)
        assert (r.code, r.err.splitlines()) == (
            2,
            [f"modelwatch: error: store schema {NOW + 1} is newer than this modelwatch ({NOW}); upgrade modelwatch"],
        )
