"""Writing atomically: an error or Ctrl-C inside a transaction leaves the store as it was; after a commit,
a failure to compact the store says the data is saved."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pytest

from modelwatch.errors import ModelwatchError
from modelwatch.store.connection import checkpoint, transaction


class _FullDisk:
    """A connection whose disk filled up between the commit and the checkpoint."""

    def execute(self, sql: str) -> None:
        raise duckdb.IOException('Could not write file "store.duckdb": No space left on device')


def test_a_failed_checkpoint_says_the_data_is_saved() -> None:
    with pytest.raises(ModelwatchError) as err:
        checkpoint(_FullDisk(), "the epoch import")  # type: ignore[arg-type]
    assert str(err.value) == (
        "the epoch import is saved, but the store could not be compacted afterwards (Could not write file "
        '"store.duckdb": No space left on device); free some disk space, and the next command finishes it'
    )


@pytest.mark.parametrize(
    ("failure", "rows_after"),
    [
        (None, [(2, "new")]),
        (KeyboardInterrupt, [(1, "old")]),  # Ctrl-C after the old rows were deleted, while writing the new ones
        (duckdb.ConversionException, [(1, "old")]),  # a value the store refuses
    ],
)
def test_a_transaction_is_all_or_nothing(
    tmp_path: Path, failure: type[BaseException] | None, rows_after: list[tuple[int, str]]
) -> None:
    con = duckdb.connect(str(tmp_path / "store.duckdb"))
    con.execute("CREATE TABLE t (id INTEGER, what VARCHAR)")
    con.execute("INSERT INTO t VALUES (1, 'old')")
    expected = pytest.raises(failure) if failure is not None else contextlib.nullcontext()
    with expected, transaction(con):
        con.execute("DELETE FROM t")
        con.execute("INSERT INTO t VALUES (2, 'new')")
        if failure is not None:
            raise failure("stopped midway")
    assert con.execute("SELECT * FROM t").fetchall() == rows_after
    con.close()
