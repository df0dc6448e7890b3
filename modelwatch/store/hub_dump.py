"""Loading a full Hub metadata dump into the store, all or nothing, inside DuckDB.

The Parquet file is read by DuckDB itself (`read_parquet`); no row becomes a Python object.
Each import replaces the three hub_dump tables in one transaction:

- hub_dump_models: one row per repo, with an integer id (`mid`); parents that the dump names but
  does not hold (deleted or private repos) get a row too, with in_dump = false;
- hub_dump_edges: child -> parent with the relation (finetune, quantized, adapter, merge);
- hub_dump_lineage: each derivative -> each root its base-model chains reach, with the shortest depth,
  walked by a recursive CTE over the integer ids (depth cap, DISTINCT rows: cycles end).
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.sources.hub_dump import (
    RELATION_RANK,
    RELATIONS,
    SOURCE,
    DumpFile,
    card_select,
    inspect,
    sha256,
    staging_select,
    tags_select,
)
from modelwatch.store.connection import connect, new_import, transaction

if TYPE_CHECKING:
    import duckdb

MAX_DEPTH = 32  # longer base-model chains than this are not followed (the Hub's deepest are far shorter)
TABLES = ("hub_dump_lineage", "hub_dump_edges", "hub_dump_models")


@dataclass(frozen=True)
class DumpImport:
    import_id: int
    path: Path
    sha256: str
    as_of: str
    rows: int
    used: list[str]
    missing: list[str]
    edges: int
    derivatives: int
    roots: int
    absent_parents: int
    unrooted: int
    seconds: float


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rank_case(col: str) -> str:
    whens = " ".join(f"WHEN '{r}' THEN {n}" for r, n in RELATION_RANK.items())
    return f"CASE {col} {whens} ELSE 0 END"


def _stage(con: duckdb.DuckDBPyConnection, dump: DumpFile) -> None:
    """Temporary tables (outside the store's tables): normalized rows, edges, parents absent from the dump.

    Ids are joined through a 64-bit hash of the lower-cased id (the Hub treats ids case-insensitively).
    """
    rels = ", ".join(f"'{r}'" for r in RELATIONS)
    source = f"read_parquet({_literal(str(dump.path))}, file_row_number = true)"
    con.execute(
        f"""
        CREATE TEMP TABLE hd_keys AS
        SELECT (file_row_number + 1)::INTEGER AS mid, hash(lower(CAST(id AS VARCHAR))) AS kh FROM {source}
        WHERE id IS NOT NULL
        """
    )
    cards = card_select(dump)
    con.execute(
        f"CREATE TEMP TABLE hd_card AS {cards.format(source=source)}"
        if cards
        else "CREATE TEMP TABLE hd_card (mid INTEGER, card VARCHAR)"
    )
    # tags, parsed in one pass: `license:X` (rank -1, parent = X), `base_model:ORG/NAME` (no relation:
    # rank NULL) and `base_model:<relation>:ORG/NAME` (rank of the relation; unknown relations dropped)
    tags = tags_select(dump)
    con.execute(
        f"""
        CREATE TEMP TABLE hd_te AS
        SELECT mid, rank, parent FROM (
            SELECT mid,
                   CASE WHEN lic THEN -1 WHEN p > 0 THEN {_rank_case("b[1:p - 1]")} END AS rank,
                   CASE WHEN lic THEN substr(t, 9) WHEN p > 0 THEN b[p + 1:] ELSE b END AS parent
            FROM (
                SELECT mid, t, lic, b, CASE WHEN lic THEN 0 ELSE strpos(b, ':') END AS p
                FROM (SELECT mid, t, starts_with(t, 'license:') AS lic, substr(t, 12) AS b
                      FROM ({tags.format(source=source)}))
            )
        ) WHERE rank IS NULL OR rank <> 0
        """
        if tags
        else "CREATE TEMP TABLE hd_te (mid INTEGER, rank INTEGER, parent VARCHAR)"
    )
    # cardData edges, only for repos whose tags name no base model
    con.execute(
        f"""
        CREATE TEMP TABLE hd_e0 AS
        WITH card AS (
            SELECT mid, card FROM hd_card
            WHERE mid NOT IN (SELECT mid FROM hd_te WHERE rank IS DISTINCT FROM -1) AND json_valid(card)
        ), card_edges AS (
            SELECT mid, rel, trim(parent) AS parent FROM (
                SELECT mid, json_extract_string(card, '$.base_model_relation') AS rel,
                       unnest(CASE json_type(card, '$.base_model')
                              WHEN 'VARCHAR' THEN [json_extract_string(card, '$.base_model')]
                              WHEN 'ARRAY' THEN json_extract_string(card, '$.base_model[*]')
                              ELSE []::VARCHAR[] END) AS parent
                FROM card
            ) WHERE rel IS NULL OR rel IN ({rels})
        ), all_edges AS (
            SELECT mid, rank, parent FROM hd_te WHERE rank IS DISTINCT FROM -1
            UNION ALL
            SELECT mid, CASE WHEN rel IS NOT NULL THEN {_rank_case("rel")} END, parent FROM card_edges
        )
        SELECT mid AS child, hash(lower(parent)) AS pkh, min(parent) AS parent_id, coalesce(max(rank), 1) AS rank
        FROM all_edges
        WHERE parent <> '' AND NOT contains(parent, ' ')
        GROUP BY ALL
        """
    )
    row = con.execute("SELECT coalesce(max(mid), 0) FROM hd_keys").fetchone()
    top = int(row[0]) if row else 0
    con.execute(
        f"""
        CREATE TEMP TABLE hd_absent AS
        SELECT e.pkh AS kh, min(e.parent_id) AS id,
               ({top} + row_number() OVER (ORDER BY min(e.parent_id)))::INTEGER AS mid
        FROM hd_e0 e ANTI JOIN hd_keys k ON k.kh = e.pkh
        GROUP BY e.pkh
        """
    )


def _namespace(id_col: str, author_col: str = "NULL") -> str:
    return (
        f"coalesce(nullif({author_col}, ''), CASE WHEN contains({id_col}, '/') THEN split_part({id_col}, '/', 1) "
        "ELSE '' END)"
    )


def _relation_of_rank(col: str) -> str:
    whens = " ".join(f"WHEN {n} THEN '{r}'" for r, n in RELATION_RANK.items())
    return f"CASE {col} {whens} END"


def _write(con: duckdb.DuckDBPyConnection, import_id: int, dump: DumpFile) -> None:
    for table in TABLES:
        con.execute(f"DELETE FROM {table}")
    con.execute(
        f"""
        INSERT INTO hub_dump_edges
        SELECT e.child, p.mid AS parent, {_relation_of_rank("e.rank")}, {import_id}
        FROM hd_e0 e JOIN (SELECT kh, mid FROM hd_keys UNION ALL SELECT kh, mid FROM hd_absent) p ON p.kh = e.pkh
        WHERE p.mid <> e.child
        """
    )
    con.execute(
        f"""
        INSERT INTO hub_dump_models
        SELECT r.mid, r.id, {_namespace("r.id", "r.author")}, r.created, r.last_modified, r.downloads,
               r.downloads_all_time, r.likes, r.pipeline_tag, r.library_name, lic.license,
               {_relation_of_rank("rel.rank")}, true, {import_id}
        FROM (
            SELECT (file_row_number + 1)::INTEGER AS mid, {staging_select(dump)}
            FROM read_parquet({_literal(str(dump.path))}, file_row_number = true)
        ) r
        LEFT JOIN (SELECT child, max(rank) AS rank FROM hd_e0 GROUP BY child) rel ON rel.child = r.mid
        LEFT JOIN (SELECT mid, min(parent) AS license FROM hd_te WHERE rank = -1 GROUP BY mid) lic ON lic.mid = r.mid
        WHERE r.id IS NOT NULL
        UNION ALL
        SELECT mid, id, {_namespace("id")}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, false, {import_id}
        FROM hd_absent
        """
    )
    con.execute(
        f"""
        INSERT INTO hub_dump_lineage
        WITH RECURSIVE walk(root, mid, depth) AS (
            SELECT DISTINCT e.parent, e.parent, 0
            FROM hub_dump_edges e ANTI JOIN hub_dump_edges c ON c.child = e.parent
            UNION
            SELECT w.root, e.child, w.depth + 1
            FROM walk w JOIN hub_dump_edges e ON e.parent = w.mid
            WHERE w.depth < {MAX_DEPTH}
        )
        SELECT mid, root, min(depth), {import_id} FROM walk WHERE depth > 0 GROUP BY mid, root
        """
    )


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    row = con.execute(sql).fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def import_dump(store: Path, path: Path, as_of: str | None = None, memory_limit: str | None = None) -> DumpImport:
    """Replace the dump tables with the contents of `path`; on any failure the previous dump stays."""
    started = time.perf_counter()
    dump = inspect(path)
    if as_of is not None:
        try:
            dt.date.fromisoformat(as_of)
        except ValueError as exc:
            raise ModelwatchError(f"--as-of {as_of!r} is not a date (YYYY-MM-DD)") from exc
    import concurrent.futures

    import duckdb

    hasher = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    hashing = hasher.submit(sha256, path)  # hashlib releases the GIL: hashing overlaps DuckDB's work

    con = connect(store)
    try:
        con.execute("SET TimeZone = 'UTC'")
        if memory_limit:
            con.execute(f"SET memory_limit = {_literal(memory_limit)}")
        try:
            con.execute("SET preserve_insertion_order = false")
            _stage(con, dump)
            with transaction(con):
                digest = hashing.result()
                import_id = new_import(con, SOURCE, str(path.resolve()), digest, as_of or "1970-01-01", dump.rows)
                _write(con, import_id, dump)
                if as_of is None:
                    row = con.execute(
                        "SELECT max(greatest(created, last_modified))::DATE FROM hub_dump_models"
                    ).fetchone()
                    as_of = str(row[0]) if row and row[0] else dt.date.today().isoformat()
                    con.execute("UPDATE imports SET as_of = ? WHERE import_id = ?", [as_of, import_id])
            for t in ("hd_keys", "hd_card", "hd_te", "hd_e0", "hd_absent"):
                con.execute(f"DROP TABLE {t}")
        except duckdb.Error as exc:
            raise ModelwatchError(f"{path}: cannot import the dump ({str(exc).splitlines()[0]})") from exc
        con.execute("CHECKPOINT")
        edges = _count(con, "SELECT count(*) FROM hub_dump_edges")
        derivatives = _count(con, "SELECT count(DISTINCT child) FROM hub_dump_edges")
        roots = _count(con, "SELECT count(DISTINCT root) FROM hub_dump_lineage")
        absent = _count(con, "SELECT count(*) FROM hub_dump_models WHERE NOT in_dump")
        rooted = _count(con, "SELECT count(DISTINCT mid) FROM hub_dump_lineage")
    finally:
        con.close()
        hasher.shutdown(wait=True)
    return DumpImport(
        import_id=import_id,
        path=path,
        sha256=digest,
        as_of=as_of,
        rows=dump.rows,
        used=dump.used,
        missing=dump.missing,
        edges=edges,
        derivatives=derivatives,
        roots=roots,
        absent_parents=absent,
        unrooted=derivatives - rooted,
        seconds=round(time.perf_counter() - started, 2),
    )
