"""After a commit, a failure to compact the store says the data is saved."""

from __future__ import annotations

import duckdb
import pytest

from modelwatch.errors import ModelwatchError
from modelwatch.store.connection import checkpoint


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
