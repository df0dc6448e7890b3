"""Reading a Hub dump's schema: which columns are used, which are missing, what is refused."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from modelwatch.errors import ModelwatchError
from modelwatch.sources.hub_dump import inspect, staging_select, tags_select


def _write(path: Path, columns: dict[str, list[object]]) -> Path:
    pq.write_table(pa.table(columns), path)
    return path


@pytest.mark.parametrize(
    ("columns", "used", "missing_has"),
    [
        ({"id": ["a/b"], "tags": [["base_model:x/y"]]}, ["id", "tags"], ["author", "createdAt", "cardData"]),
        ({"id": ["a/b"], "cardData": ['{"base_model": "x/y"}']}, ["id", "cardData"], ["tags"]),
        ({"id": ["a/b"], "downloads": [3], "likes": [1], "extra": [1]}, ["id", "downloads", "likes"], ["tags"]),
    ],
)
def test_inspect_names_the_columns_used_and_missing(
    tmp_path: Path, columns: dict[str, list[object]], used: list[str], missing_has: list[str]
) -> None:
    dump = inspect(_write(tmp_path / "d.parquet", columns))
    assert dump.used == used
    assert set(missing_has) <= set(dump.missing)
    assert dump.rows == 1
    assert "NULL" in staging_select(dump)


def test_a_dump_without_tags_has_no_tag_query(tmp_path: Path) -> None:
    dump = inspect(_write(tmp_path / "d.parquet", {"id": ["a/b"]}))
    assert tags_select(dump) is None
    assert not dump.has_lineage


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "no such file"),
        (b"not parquet at all", "not a readable Parquet file"),
        ({"name": ["a/b"]}, "column 'id' is missing"),
        ({"id": ["a/b"], "tags": [3]}, "expected a list of strings"),
    ],
)
def test_bad_files_are_refused_with_one_line(tmp_path: Path, content: object, message: str) -> None:
    path = tmp_path / "d.parquet"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, dict):
        _write(path, content)
    with pytest.raises(ModelwatchError, match=message):
        inspect(path)
