"""Catalogue snapshots: recorded with provenance, never imported twice, never lost on failure."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest

from modelwatch.store import catalogues as store_catalogues
from modelwatch.store import connection
from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]


def _rows(home: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(home / "modelwatch.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_import_records_source_hash_rows_and_as_of(mw: Mw, env: Path, epoch_dir: Path) -> None:
    r = mw("import", "epoch", str(epoch_dir / "all_ai_models.csv"))
    assert r.code == 0, r.err
    assert "imported 8 rows" in r.out and "as of 2026-01-12" in r.out
    assert "organization names not in the alias table: Booz Allen Hamilton, McLean (1), EleutherAI (1)" in r.out
    assert "source: Epoch AI, 'Data on AI Models', https://epoch.ai/data/ai-models (CC BY 4.0)" in r.out
    [(source, rows, as_of)] = _rows(env, "SELECT source, rows, as_of::VARCHAR FROM imports WHERE source = 'epoch'")
    assert (source, rows, as_of) == ("epoch", 8, "2026-01-12")
    orgs = _rows(env, "SELECT name, org_id FROM catalogue_row_orgs ORDER BY row_no, position")
    assert ("Eagle Lab", "eagle-lab") in orgs and ("Stanford University", None) in orgs


def test_same_file_twice_changes_nothing(mw: Mw, env: Path, tmp_path: Path, epoch_dir: Path) -> None:
    mw("import", "epoch", str(epoch_dir / "all_ai_models.csv"))
    copy = tmp_path / "copy.csv"
    shutil.copy(epoch_dir / "all_ai_models.csv", copy)
    r = mw("import", "epoch", str(copy))
    assert r.code == 0 and r.out.startswith("already imported:")
    assert _rows(env, "SELECT count(*) FROM catalogue_rows") == [(8,)]


def test_the_snapshot_listing_names_the_digest_for_what_it_is(mw: Mw, env: Path, epoch_dir: Path) -> None:
    path = epoch_dir / "all_ai_models.csv"
    mw("import", "epoch", str(path))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    header, row = mw("import", "list", "-f", "csv").out.splitlines()[:2]
    assert header == "snapshot,source,variant,as_of,retrieved_at,rows,unresolved_names,digest,digest_kind,path"
    assert f",{digest},content," in row
    table = mw("import", "list").out
    assert " digest " in table and "sha256" not in table


def test_newer_snapshot_keeps_the_older_one_queryable(mw: Mw, env: Path, tmp_path: Path, epoch_dir: Path) -> None:
    mw("import", "epoch", str(epoch_dir / "all_ai_models.csv"))
    newer = tmp_path / "all_ai_models.csv"
    text = (epoch_dir / "all_ai_models.csv").read_text()
    newer.write_text(
        text.replace("Dragon Coder,Language,Dragon AI,2025-09-01", "Dragon Coder,Language,Dragon AI,2025-09-02")
    )
    r = mw("import", "epoch", str(newer), "--as-of", "2026-02-01")
    assert r.code == 0, r.err
    listing = mw("import", "list", "epoch", "--format", "json").json()
    assert [(s["snapshot"], s["as_of"]) for s in listing] == [(2, "2026-01-12"), (3, "2026-02-01")]  # type: ignore[index]

    def coder_date(*args: str) -> str:
        rows = mw("compare", "epoch", "--format", "json", *args).json()
        return str(next(f["source_date"] for f in rows if f["source_rows"] == ["Dragon Coder"]))

    assert coder_date() == "2025-09-02"  # default: the latest snapshot
    assert coder_date("--snapshot", "2") == "2025-09-01"
    assert coder_date("--as-of", "2026-01-31") == "2025-09-01"
    r = mw("compare", "epoch", "--snapshot", "9")
    assert r.code == 2 and "no epoch snapshot 9 (imported: 2, 3)" in r.err


def test_failure_mid_write_keeps_what_was_stored(
    mw: Mw, env: Path, monkeypatch: pytest.MonkeyPatch, epoch_dir: Path
) -> None:
    mw("import", "openrouter", str(FIXTURES / "catalogues" / "openrouter" / "models.json"))
    real_new_import = connection.new_import  # what store_catalogues imported

    def new_import_then_fail(*args: object) -> int:
        real_new_import(*args)  # type: ignore[arg-type]
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_catalogues, "new_import", new_import_then_fail)
    r = mw("import", "epoch", str(epoch_dir / "all_ai_models.csv"))
    assert (r.code, r.err.splitlines()[-1]) == (
        70,
        "modelwatch: error: unexpected RuntimeError: disk full (a defect; MODELWATCH_DEBUG=1 shows where)",
    )
    assert _rows(env, "SELECT source, rows FROM imports WHERE source <> 'registry'") == [("openrouter", 5)]
    assert _rows(env, "SELECT count(*) FROM catalogue_rows") == [(5,)]


def test_malformed_file_is_one_line_and_stores_nothing(mw: Mw, env: Path, tmp_path: Path) -> None:
    bad = tmp_path / "all_ai_models.csv"
    bad.write_text("Model,Organization,Published\nA,B,2025-01-01\nC,D,not a date\n")
    r = mw("import", "epoch", str(bad))
    assert r.code == 2 and r.err.strip().splitlines() == [
        f"modelwatch: error: {bad}: header: no 'publication date' column; is this Epoch AI's 'Data on AI Models' file?"
    ]
    assert mw("import", "list", "-f", "json").json() == []


def test_a_bad_row_is_skipped_and_kept_in_the_provenance(mw: Mw, env: Path, tmp_path: Path) -> None:
    path = tmp_path / "all_ai_models.csv"
    path.write_text("Model,Organization,Publication date\nA,B,2025-01-01\nC,D,not a date\n")
    r = mw("import", "epoch", str(path))
    assert r.code == 0, r.err
    assert r.out.startswith(f"imported 1 rows from {path} as epoch snapshot ")
    assert r.err.splitlines() == [
        "warning: 1 of 2 rows skipped for a problem in the row",
        "warning: skipped row 2 (C): Publication date: date 'not a date' is not YYYY-MM-DD",
    ]
    from modelwatch import config
    from modelwatch.store.opening import opened

    with opened(config.store_path(), config.data_dir()) as state:
        stored = state.con.execute("SELECT warnings FROM catalogue_imports").fetchall()
    assert stored == [
        (
            [
                "1 of 2 rows skipped for a problem in the row",
                "skipped row 2 (C): Publication date: date 'not a date' is not YYYY-MM-DD",
            ],
        )
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "epoch"), "give a PATH to Epoch AI's file, or --download"),
        (("import", "epoch", "/nonexistent/x.csv"), "/nonexistent/x.csv: no such file"),
        (("import", "epoch", "x.csv", "--download"), "give PATH or --download, not both"),
    ],
)
def test_import_mistakes(mw: Mw, args: tuple[str, ...], message: str) -> None:
    r = mw(*args)
    assert r.code == 2 and message in r.err


def test_download_offline_says_to_pass_a_path(mw: Mw, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelwatch.sources import _http

    def offline(url: str, timeout: float = 1.0) -> bytes:
        raise _http.NetworkError(f"{url}: ConnectError: no route to host")

    monkeypatch.setattr(_http, "fetch_bytes", offline)
    r = mw("import", "openrouter", "--download")
    assert r.code == 2
    assert r.err.strip() == (
        "modelwatch: error: cannot download OpenRouter (https://openrouter.ai/api/v1/models: ConnectError: "
        "no route to host); download it yourself and run `modelwatch import openrouter PATH`"
    )


def test_download_saves_the_file_then_imports_it(mw: Mw, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelwatch.sources import _http

    body = (FIXTURES / "catalogues" / "openrouter" / "models.json").read_bytes()
    monkeypatch.setattr(_http, "fetch_bytes", lambda url, timeout=1.0: body)
    r = mw("import", "openrouter", "--download")
    assert r.code == 0, r.err
    saved = list((env / "catalogues" / "openrouter").iterdir())
    assert len(saved) == 1 and saved[0].read_bytes() == body
