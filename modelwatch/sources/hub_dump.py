"""A full Hub metadata dump in Parquet (the public `hub-stats` models table): what it holds, as SQL.

No rows pass through Python here: this module reads the file's schema, decides which columns
it can use, and writes the SQL that DuckDB runs over `read_parquet` to normalize them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from modelwatch.errors import ModelwatchError

SOURCE = "hub-dump"
RELATIONS = ("finetune", "quantized", "adapter", "merge")
# When a repo names one parent under several relations, the strongest wins (a merge of a quantized model is a merge).
RELATION_RANK = {"merge": 4, "adapter": 3, "quantized": 2, "finetune": 1}

# Normalized column -> (dump column, SQL over the dump column `c`), in the order the store wants them.
_TS = "TRY_CAST({c} AS TIMESTAMP)"
_INT = "TRY_CAST({c} AS BIGINT)"
_STR = "CAST({c} AS VARCHAR)"
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("id", _STR),
    "author": ("author", _STR),
    "created": ("createdAt", _TS),
    "last_modified": ("lastModified", _TS),
    "downloads": ("downloads", _INT),
    "downloads_all_time": ("downloadsAllTime", _INT),
    "likes": ("likes", _INT),
    "pipeline_tag": ("pipeline_tag", _STR),
    "library_name": ("library_name", _STR),
    "tags": ("tags", "{c}"),
    "card": ("cardData", "{c}"),
}
REQUIRED = ("id",)


@dataclass(frozen=True)
class DumpFile:
    """What a dump file offers: its rows, the columns used and the optional ones it lacks."""

    path: Path
    rows: int
    used: list[str]
    missing: list[str]
    types: dict[str, str] = field(default_factory=dict)

    @property
    def has_lineage(self) -> bool:
        return "tags" in self.used or "cardData" in self.used


def inspect(path: Path) -> DumpFile:
    """Read the Parquet footer only (through DuckDB); a file that is not Parquet or lacks `id` is a user error."""
    import duckdb

    if not path.is_file():
        raise ModelwatchError(f"{path}: no such file")
    con = duckdb.connect()
    try:
        lit = "'" + str(path).replace("'", "''") + "'"
        schema = con.execute(f"DESCRIBE SELECT * FROM read_parquet({lit})").fetchall()
        meta = con.execute(f"SELECT sum(num_rows) FROM parquet_file_metadata({lit})").fetchone()
    except duckdb.Error as exc:
        raise ModelwatchError(f"{path}: not a readable Parquet file ({str(exc).splitlines()[0]})") from exc
    finally:
        con.close()
    found = {str(r[0]): str(r[1]) for r in schema}
    rows = int(meta[0]) if meta and meta[0] is not None else 0
    for col in REQUIRED:
        if col not in found:
            raise ModelwatchError(f"{path}: column {col!r} is missing (found: {', '.join(found)})")
    wanted = [dump_col for dump_col, _ in COLUMNS.values()]
    used = [c for c in wanted if c in found]
    missing = [c for c in wanted if c not in found]
    types = {c: found[c] for c in used}
    if "tags" in types and types["tags"] not in ("VARCHAR[]", "VARCHAR"):
        raise ModelwatchError(f"{path}: column 'tags' is {types['tags']}, expected a list of strings")
    return DumpFile(path=path, rows=rows, used=used, missing=missing, types=types)


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def staging_select(dump: DumpFile) -> str:
    """SELECT list over `read_parquet(...)` giving one normalized row per repo (tags and cardData aside)."""
    exprs: list[str] = []
    for out, (col, template) in COLUMNS.items():
        if out in ("tags", "card"):
            continue
        if col not in dump.used:
            kind = "TIMESTAMP" if template == _TS else "BIGINT" if template == _INT else "VARCHAR"
            exprs.append(f"NULL::{kind} AS {out}")
            continue
        exprs.append(f"{template.format(c=_quote(col))} AS {out}")
    return ",\n".join(exprs)


def card_select(dump: DumpFile) -> str | None:
    """SELECT over `read_parquet(..., file_row_number = true)` giving (mid, card) where cardData names a base model."""
    if "cardData" not in dump.used:
        return None
    c = _quote("cardData")
    value = c if dump.types.get("cardData") == "VARCHAR" else f"to_json({c})::VARCHAR"
    return (
        f"SELECT mid, card FROM (SELECT (file_row_number + 1)::INTEGER AS mid, {value} AS card FROM {{source}}) "
        "WHERE card LIKE '%base_model%'"
    )


def tags_select(dump: DumpFile) -> str | None:
    """SELECT over `read_parquet(..., file_row_number = true)` giving (mid, tag) for the tags used.

    Unnesting then filtering is several times faster in DuckDB than a list_filter lambda per row.
    """
    if "tags" not in dump.used:
        return None
    c = _quote("tags")
    if dump.types.get("tags") == "VARCHAR":  # a JSON-encoded list
        c = f"TRY_CAST(json({c}) AS VARCHAR[])"
    return (
        f"SELECT mid, t FROM (SELECT (file_row_number + 1)::INTEGER AS mid, unnest({c}) AS t FROM {{source}}) "
        "WHERE starts_with(t, 'base_model:') OR starts_with(t, 'license:')"
    )


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 22), b""):
            h.update(chunk)
    return h.hexdigest()
