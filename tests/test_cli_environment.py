"""A hostile environment: the store's folder, the store file, a second command, odd options.
Every case is one line on stderr, never a traceback, and loses nothing already stored."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]


def _one_line(r: Run, code: int = 2) -> str:
    lines = [x for x in r.err.splitlines() if not x.startswith("modelwatch: built the store")]
    assert (r.code, len(lines)) == (code, 1), r.err
    assert "Traceback" not in r.err
    return lines[0]


@pytest.mark.parametrize(
    ("home", "line"),
    [
        ("afile", "modelwatch: error: {tmp}/afile: MODELWATCH_HOME is not a directory; point it at a folder"),
        (
            "afile/sub",
            "modelwatch: error: {tmp}/afile/sub: cannot create the store's folder (MODELWATCH_HOME): Not a directory",
        ),
        ("/dev/null", "modelwatch: error: /dev/null: MODELWATCH_HOME is not a directory; point it at a folder"),
    ],
)
def test_a_home_that_is_not_a_folder(
    mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home: str, line: str
) -> None:
    (tmp_path / "afile").write_text("mine")
    monkeypatch.setenv("MODELWATCH_HOME", home if home.startswith("/") else str(tmp_path / home))
    for command in (("releases",), ("build",), ("export", "--out", str(tmp_path / "x"))):
        assert _one_line(mw(*command)) == line.format(tmp=tmp_path)
    assert (tmp_path / "afile").read_text() == "mine"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_home(mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "ro"
    home.mkdir()
    home.chmod(0o555)
    monkeypatch.setenv("MODELWATCH_HOME", str(home))
    assert "Permission denied" in _one_line(mw("releases"))


def test_a_truncated_store_is_one_line_and_kept(mw: Mw, env: Path) -> None:
    assert mw("build").code == 0
    store = env / "modelwatch.duckdb"
    store.write_bytes(store.read_bytes()[:100_000])
    kept = store.read_bytes()
    for command in (("releases",), ("build", "--force")):
        line = _one_line(mw(*command))
        assert line.startswith(f"modelwatch: error: {store}: cannot open the store (IO Error: ")
        assert line.endswith("it may be damaged: move it aside and run `modelwatch build`")
    assert store.read_bytes() == kept


def test_a_store_missing_a_table_is_repaired_by_build_force(mw: Mw, env: Path) -> None:
    import duckdb

    assert mw("build").code == 0
    con = duckdb.connect(str(env / "modelwatch.duckdb"))
    con.execute("DROP TABLE release_sources")
    con.close()
    assert _one_line(mw("releases")) == (
        "modelwatch: error: the store cannot answer (Catalog Error: Table with name release_sources does not "
        "exist!); run `modelwatch build --force` to repair it"
    )
    assert mw("build", "--force").code == 0
    r = mw("releases", "-f", "csv")
    assert r.code == 0 and "https://example.org/dragon/blog/dragon-2" in r.out


def test_negative_top_is_one_line(mw: Mw) -> None:
    assert _one_line(mw("ecosystem", "--top", "-5")) == (
        "modelwatch: error: --top -5: give a count of rows, 0 or more (0 = all)"
    )


def _hold_store(store: Path, seconds: float) -> subprocess.Popen[str]:
    """Another process writing to the store for `seconds`."""
    code = (
        "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('held', flush=True); "
        "time.sleep(float(sys.argv[2])); con.close()"
    )
    holder = subprocess.Popen([sys.executable, "-c", code, str(store), str(seconds)], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_reader_waits_for_a_writer(mw: Mw, env: Path) -> None:
    assert mw("build").code == 0
    holder = _hold_store(env / "modelwatch.duckdb", 1.5)
    try:
        started = time.monotonic()
        r = mw("releases", "-f", "csv")
        assert r.code == 0, r.err
        assert time.monotonic() - started >= 1.0
    finally:
        holder.wait(timeout=30)


def test_a_writer_that_does_not_finish_is_one_line(mw: Mw, env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelwatch.store import connection

    assert mw("build").code == 0
    monkeypatch.setattr(connection, "LOCK_WAIT_SECONDS", 0.5)
    holder = _hold_store(env / "modelwatch.duckdb", 60)
    try:
        assert _one_line(mw("releases")) == (
            f"modelwatch: error: {env / 'modelwatch.duckdb'}: the store is in use by another modelwatch command; "
            "try again when it has finished"
        )
    finally:
        holder.kill()
        holder.wait(timeout=30)


def test_a_defect_is_one_line_with_exit_70(mw: Mw, monkeypatch: pytest.MonkeyPatch) -> None:
    from modelwatch import service

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("something\nmodelwatch did not expect")

    monkeypatch.setattr(service, "releases", broken)
    assert _one_line(mw("releases"), code=70) == (
        "modelwatch: error: unexpected RuntimeError: something (a defect; MODELWATCH_DEBUG=1 shows where)"
    )


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            [b"reject", b"r-0000000000", b"--reason", b"bad\xfe\xff"],
            "modelwatch: error: argument 4 ('bad\\\\xfe\\\\xff') is not UTF-8 text; give it in UTF-8",
        ),
        (
            [b"releases", b"--org", b"\xe9cole"],
            "modelwatch: error: argument 3 ('\\\\xe9cole') is not UTF-8 text; give it in UTF-8",
        ),
    ],
)
def test_an_argument_that_is_not_utf8_is_one_line(env: Path, data_dir: Path, args: list[bytes], line: str) -> None:
    # bytes as a shell passes them ($'bad\xfe\xff'): a real process, so Python decodes them as it does for users
    done = subprocess.run(
        [sys.executable.encode(), b"-m", b"modelwatch", *args],
        env={**os.environ, "MODELWATCH_HOME": str(env), "MODELWATCH_DATA": str(data_dir)},
        capture_output=True,
        timeout=60,
    )
    assert (done.returncode, done.stderr.decode().splitlines()) == (2, [line])
