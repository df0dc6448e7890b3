"""A full Hub metadata dump in Parquet (the public `hub-stats` models table): what it holds, as SQL.

No rows pass through Python here: this module reads the file's schema, decides which columns
it can use, and writes the SQL that DuckDB runs over `read_parquet` to normalize them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from modelwatch.errors import ModelwatchError
from modelwatch.vocabulary import BASE_RELATIONS

SOURCE = "hub-dump"
ATTRIBUTION = "Hugging Face Hub metadata dump (hub-stats models table)"
# When a repo names one parent under several relations, the strongest wins (a merge of a quantized model is a merge).
RELATION_RANK = {r: n for n, r in enumerate(BASE_RELATIONS, 1)}  # finetune 1 ... merge 4

# Normalized column -> (dump column, SQL over the dump column `c`), in the order the store wants them.
_TS = "TRY_CAST({c} AS TIMESTAMP)"
_INT = "TRY_CAST({c} AS BIGINT)"
# A count outside 0 .. 10^12 is no count (the most downloaded repos count in the hundreds of millions): it is read
# as unknown, and sums over two million repos stay far inside 64 bits.
MAX_COUNT = 10**12
_COUNT = f"CASE WHEN TRY_CAST({{c}} AS BIGINT) BETWEEN 0 AND {MAX_COUNT} THEN TRY_CAST({{c}} AS BIGINT) END"
_STR = "CAST({c} AS VARCHAR)"
# the Hub's instants (UTC) as plain timestamps, without a cast through the session's time zone
_FAST_TS = {"TIMESTAMP WITH TIME ZONE": "make_timestamp(epoch_us({c}))", "TIMESTAMP": "{c}"}
COLUMNS: dict[str, tuple[str, str]] = {
    "id": ("id", _STR),
    "author": ("author", _STR),
    "created": ("createdAt", _TS),
    "last_modified": ("lastModified", _TS),
    "downloads": ("downloads", _COUNT),
    "downloads_all_time": ("downloadsAllTime", _COUNT),
    "likes": ("likes", _COUNT),
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


def inspect(path: Path) -> DumpFile:
    """Read the Parquet footer only (through DuckDB); a file that is not Parquet or lacks `id` is a user error."""
    import duckdb

    if not path.is_file():
        raise ModelwatchError(f"{path}: no such file")
    con = duckdb.connect()
    try:
        # The path is a parameter, never pasted into the SQL text.
        schema = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(path)]).fetchall()
        meta = con.execute("SELECT sum(num_rows) FROM parquet_file_metadata(?)", [str(path)]).fetchone()
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


def namespace_sql(id_col: str, author_col: str = "NULL") -> str:
    """SQL: a repo's namespace, its author if given, else the part of its id before '/'."""
    return (
        f"coalesce(nullif({author_col}, ''), CASE WHEN contains({id_col}, '/') THEN split_part({id_col}, '/', 1) "
        "ELSE '' END)"
    )


def column_sql(dump: DumpFile, out: str) -> str:
    """SQL over the dump for one normalized column; a typed NULL when the dump lacks it."""
    col, template = COLUMNS[out]
    if col not in dump.used:
        kind = "TIMESTAMP" if template == _TS else "BIGINT" if template in (_INT, _COUNT) else "VARCHAR"
        return f"NULL::{kind}"
    if template == _TS and dump.types.get(col) in _FAST_TS:  # a cast through the time zone costs 4x more
        template = _FAST_TS[dump.types[col]]
    return template.format(c=_quote(col))


def staging_select(dump: DumpFile) -> str:
    """SELECT list over `read_parquet(...)` giving one normalized row per repo (tags and cardData aside)."""
    return ",\n".join(f"{column_sql(dump, out)} AS {out}" for out in COLUMNS if out not in ("tags", "card"))


def rank_case(col: str) -> str:
    """SQL: a relation name -> its rank (0 for a name that is not a relation)."""
    whens = " ".join(f"WHEN '{r}' THEN {n}" for r, n in RELATION_RANK.items())
    return f"CASE {col} {whens} ELSE 0 END"


def edges_select(dump: DumpFile) -> str | None:
    """SELECT over `read_parquet(..., file_row_number = true)` giving one row per (child, parent) base-model link.

    Columns: child (mid), pkh (hash of the lower-cased parent id), parent_id (as written), rank (the
    strongest relation named, a plain `base_model:` tag counting as a fine-tune). Sources:
    - tags `base_model:ORG/NAME` and `base_model:<relation>:ORG/NAME`;
    - when a repo's tags name no base model, `base_model` (string or list) and `base_model_relation` in
      cardData, rewritten into the tag form so that one parser reads both.
    An unknown relation, an empty parent, or one with a space or a colon (no Hub id has one) is dropped.

    One streaming pass with no intermediate table: in DuckDB, materializing the 2.4 million tag strings
    and filtering them after the split cost more than the parse itself.
    """
    has_tags, has_card = "tags" in dump.used, "cardData" in dump.used
    if not has_tags and not has_card:
        return None
    tags = _quote("tags")
    if dump.types.get("tags") == "VARCHAR":  # a JSON-encoded list
        tags = f"TRY_CAST(json({tags}) AS VARCHAR[])"
    bm = f"list_filter({tags}, lambda x: starts_with(x, 'base_model:'))" if has_tags else "[]::VARCHAR[]"
    card = _quote("cardData")
    if has_card and dump.types.get("cardData") != "VARCHAR":
        card = f"to_json({card})::VARCHAR"
    parents = (
        "CASE json_type(card, '$.base_model') WHEN 'VARCHAR' THEN [json_extract_string(card, '$.base_model')] "
        "WHEN 'ARRAY' THEN json_extract_string(card, '$.base_model[*]') ELSE []::VARCHAR[] END"
    )
    from_card = (
        f"WHEN card LIKE '%base_model%' AND json_valid(card) THEN list_transform({parents}, lambda p: "
        "'base_model:' || coalesce(json_extract_string(card, '$.base_model_relation') || ':', '') || trim(p))"
        if has_card
        else ""
    )
    valid = "rank IS DISTINCT FROM 0"
    return f"""
        SELECT child, hash(lower(parent)) AS pkh, min(parent) FILTER (WHERE {valid}) AS parent_id,
               coalesce(max(rank) FILTER (WHERE {valid}), 1) AS rank
        FROM (
            SELECT mid AS child, s[-1] AS parent,
                   CASE len(s) WHEN 2 THEN NULL WHEN 3 THEN {rank_case("s[2]")} ELSE 0 END AS rank
            FROM (
                SELECT mid, string_split(unnest(CASE WHEN len(bm) > 0 THEN bm {from_card} END), ':') AS s
                FROM (
                    SELECT (file_row_number + 1)::INTEGER AS mid, {bm} AS bm, {card if has_card else "NULL"} AS card
                    FROM {{source}}
                )
            )
        )
        GROUP BY ALL
        HAVING bool_or({valid}) AND min(parent) <> '' AND NOT contains(min(parent), ' ')
    """
