"""Reading a Hub dump: which columns are used, which are missing, what is refused, and the base-model links."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelwatch.errors import ModelwatchError
from modelwatch.sources.hub_dump import RELATION_RANK, edges_select, inspect, staging_select


def _write(path: Path, columns: Mapping[str, object]) -> Path:
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


def test_a_dump_without_tags_or_cards_has_no_edge_query(tmp_path: Path) -> None:
    dump = inspect(_write(tmp_path / "d.parquet", {"id": ["a/b"]}))
    assert edges_select(dump) is None


def _edges(path: Path) -> list[tuple[int, str, str]]:
    """(child row, parent id as written, relation) for each link the dump's edge query finds."""
    import duckdb

    sql = edges_select(inspect(path))
    assert sql is not None
    source = f"read_parquet('{path}', file_row_number = true)"
    names = {n: r for r, n in RELATION_RANK.items()}
    found = duckdb.execute(sql.format(source=source)).fetchall()
    return sorted((int(child), str(parent), names[int(rank)]) for child, _, parent, rank in found)


@pytest.mark.parametrize(
    ("tags", "card", "expected"),
    [
        (["base_model:Org/M"], None, [("Org/M", "finetune")]),  # no relation said: a fine-tune
        (["base_model:Org/M", "base_model:quantized:Org/M"], None, [("Org/M", "quantized")]),
        (["base_model:merge:a/x", "base_model:merge:b/y", "license:mit"], None, [("a/x", "merge"), ("b/y", "merge")]),
        (["base_model:finetune:a/x", "base_model:adapter:A/X"], None, [("A/X", "adapter")]),  # one parent, any case
        (["base_model:distilled:a/x"], None, []),  # not a relation the Hub defines
        (["base_model:distilled:a/x", "base_model:a/x"], None, [("a/x", "finetune")]),
        (["base_model:finetune:a/x:extra", "base_model:", "base_model:a b/c"], None, []),  # no Hub id looks so
        (["transformers"], '{"base_model": "c/z", "base_model_relation": "adapter"}', [("c/z", "adapter")]),
        ([], '{"base_model": [" c/z ", "d/w"]}', [("c/z", "finetune"), ("d/w", "finetune")]),
        (["base_model:a/x"], '{"base_model": "c/z"}', [("a/x", "finetune")]),  # tags win over the card
        ([], '{"base_model": "c/z", "base_model_relation": "distilled"}', []),
        ([], '{"base_model": 7}', []),
        ([], "{not json base_model", []),
        ([], None, []),
    ],
)
def test_base_model_links_from_tags_and_cards(
    tmp_path: Path, tags: list[str], card: str | None, expected: list[tuple[str, str]]
) -> None:
    table = {"id": ["me/m"], "tags": pa.array([tags], pa.list_(pa.string())), "cardData": pa.array([card], pa.string())}
    path = _write(tmp_path / "d.parquet", table)
    assert _edges(path) == [(1, p, r) for p, r in expected]


def test_tags_written_as_json_text_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "d.parquet", {"id": ["me/m"], "tags": ['["base_model:adapter:a/x"]']})
    assert _edges(path) == [(1, "a/x", "adapter")]


PART = st.sampled_from(["finetune", "quantized", "adapter", "merge", "distilled", "Org/M", "org/m", "x/y", "", "a b"])


def _reference(tags: list[str]) -> dict[str, tuple[str, int]]:
    """The link rules in plain Python: lower-cased parent -> (smallest spelling, strongest rank)."""
    links: dict[str, tuple[str, int]] = {}
    for tag in tags:
        if not tag.startswith("base_model:"):
            continue
        parts = tag.split(":")[1:]
        if len(parts) == 1:
            parent, rank = parts[0], 1
        elif len(parts) == 2 and parts[0] in RELATION_RANK:
            parent, rank = parts[1], RELATION_RANK[parts[0]]
        else:
            continue
        if parent == "" or " " in parent:
            continue
        key = parent.lower()
        old = links.get(key)
        links[key] = (min(old[0], parent), max(old[1], rank)) if old else (parent, rank)
    return links


@settings(max_examples=60)
@given(
    rows=st.lists(
        st.lists(
            st.one_of(
                st.builds(lambda a: f"base_model:{a}", PART),
                st.builds(lambda a, b: f"base_model:{a}:{b}", PART, PART),
                st.builds(lambda a, b, c: f"base_model:{a}:{b}:{c}", PART, PART, PART),
                st.sampled_from(["license:mit", "base_model", "text-generation"]),
            ),
            max_size=5,
        ),
        min_size=1,
        max_size=8,
    )
)
def test_tag_links_match_the_rules_written_in_python(
    tmp_path_factory: pytest.TempPathFactory, rows: list[list[str]]
) -> None:
    table = {"id": [f"me/m{i}" for i in range(len(rows))], "tags": pa.array(rows, pa.list_(pa.string()))}
    path = _write(tmp_path_factory.mktemp("h") / "d.parquet", table)
    names = {n: r for r, n in RELATION_RANK.items()}
    expected = sorted(
        (i + 1, parent, names[rank]) for i, tags in enumerate(rows) for parent, rank in _reference(tags).values()
    )
    assert _edges(path) == expected


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
