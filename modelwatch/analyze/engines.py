"""Where the history query runs: DuckDB in-process (the default, nothing else needed) or Apache Spark.

Both read the same Parquet files of the history and the same small table of registered namespaces, and run
the same SQL (`analyze.history.history_sql`): as written on DuckDB, transpiled by sqlglot on Spark. Spark,
sqlglot and Java are needed only when Spark is asked for (`pip install 'modelwatch[spark]'`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.history import LINE, Engine, Period, history
from modelwatch.analyze.query import Row
from modelwatch.errors import ModelwatchError

if TYPE_CHECKING:
    import duckdb


NS_COLUMNS = ("nsh", "org_id", "group_id", "country", "group_country")
LINE_COLUMNS = ("nsh", "id", "line")
MISSING_ROOTS = (
    "the roots' ids of this snapshot are missing (--by line reads them; a snapshot imported before they were kept "
    "lacks them)"
)
# Registered Hub namespaces, hashed as the history files hash them (63 bits of DuckDB's hash of the lower-cased name)
NS_SQL = """
    SELECT (hash(lower(a.alias)) >> 1)::BIGINT AS nsh, min(a.org_id) AS org_id, min(o.group_id) AS group_id,
           min(o.country) AS country, min(g.country) AS group_country
    FROM org_aliases a JOIN organizations o ON o.id = a.org_id LEFT JOIN organizations g ON g.id = o.group_id
    WHERE a.kind = 'hub'
    GROUP BY lower(a.alias)
"""


def namespaces(con: duckdb.DuckDBPyConnection) -> list[tuple[Any, ...]]:
    return con.execute(NS_SQL).fetchall()


@dataclass(frozen=True)
class Inputs:
    """What either engine reads: the history's files, its dates, the registered namespaces; for model lines, the
    roots' files and the lines of the registered roots (`roots`, `lines`: empty unless asked for)."""

    base: Path
    repos: list[Path]
    lineage: list[Path]
    ns: list[tuple[Any, ...]]
    dates: list[dt.date]
    roots: list[Path] = dataclasses.field(default_factory=list)
    lines: list[tuple[Any, ...]] = dataclasses.field(default_factory=list)


def inputs(con: duckdb.DuckDBPyConnection, by: str | None = None) -> Inputs | None:
    """The history of the store `con` is open on (None when it has no snapshot yet); `by` line adds the roots."""
    from modelwatch.store import hub_history

    row = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    assert row is not None
    store = Path(str(row[0]))
    snaps = hub_history.snapshots(con)
    if not snaps:
        return None
    ns = namespaces(con)
    roots = hub_history.files(store, snaps, "roots", what=MISSING_ROOTS) if by == LINE else []
    return Inputs(
        base=hub_history.history_dir(store),
        repos=hub_history.files(store, snaps, "repos"),
        lineage=hub_history.files(store, snaps, "lineage"),
        ns=ns,
        dates=[dt.date.fromisoformat(s.as_of) for s in snaps],
        roots=roots,
        lines=root_lines(con, roots, ns) if roots else [],
    )


def root_lines(con: duckdb.DuckDBPyConnection, roots: list[Path], ns: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """(nsh, id, line) of every root of a registered organization in the history: the names are parsed here, once
    per distinct root (a few thousand on the whole Hub), the same way `ecosystem --by line` parses them."""
    from modelwatch.analyze.ecosystem import line_key

    orgs = {int(r[0]): str(r[1]) for r in ns}
    con.execute("SET VARIABLE h_roots_paths = ?::VARCHAR[]", [[str(p) for p in roots]])
    found = con.execute(
        "SELECT DISTINCT nsh, id FROM read_parquet(getvariable('h_roots_paths')) WHERE list_contains(?, nsh)",
        [list(orgs)],
    ).fetchall()
    return [(nsh, id_, line_key(orgs[nsh], id_)) for nsh, id_ in found]


def on_duckdb(
    con: duckdb.DuckDBPyConnection, by: str = "region", every: str = "month", top: int | None = None
) -> list[Row]:
    """The history series computed on the store's own DuckDB connection ([] without a history)."""
    found = inputs(con, by)
    if found is None:
        return []
    return history(duckdb_engine(con, found), found.dates, by=by, every=every, top=top)


def require_inputs(con: duckdb.DuckDBPyConnection, by: str, engine: str) -> Inputs:
    """The history's inputs for `engine`, refused before the first dump import."""
    from modelwatch.vocabulary import EngineName

    if engine not in tuple(EngineName):
        raise ModelwatchError(f"--engine {engine!r}: one of {', '.join(EngineName)}")
    found = inputs(con, by)
    if found is None:
        raise ModelwatchError("no Hub dump history yet; run `modelwatch import hub-dump PATH` (once per dump)")
    return found


def duckdb_engine(con: duckdb.DuckDBPyConnection, found: Inputs) -> Engine:
    """Run on `con` (temporary views and tables only: a read-only store connection will do)."""
    ns, lines = found.ns, found.lines

    def one(sql: str, chosen: list[Period]) -> list[tuple[Any, ...]]:
        wanted = {p.as_of for p in chosen}
        hive = "hive_partitioning = true, hive_types = {'as_of': DATE}"
        for name, paths in (("h_repos", found.repos), ("h_lineage", found.lineage), ("h_roots", found.roots)):
            if not paths:
                continue
            picked = [p for p in paths if _as_of(p) in wanted]
            # the paths reach DuckDB as a value (a session variable), never pasted into the SQL text
            con.execute(f"SET VARIABLE {name}_paths = ?::VARCHAR[]", [[str(p) for p in picked]])
            con.execute(
                f"CREATE OR REPLACE TEMP VIEW {name} AS SELECT * FROM read_parquet(getvariable('{name}_paths'), {hive})"
            )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE h_periods AS SELECT unnest(?::DATE[]) AS as_of, unnest(?::DATE[]) AS period, "
            "unnest(?::DATE[]) AS period_end, unnest(?::INTEGER[]) AS sid",
            [[p.as_of for p in chosen], [p.start for p in chosen], [p.end for p in chosen], list(range(len(chosen)))],
        )
        return con.execute(sql).fetchall()

    def run(sql: str, chosen: list[Period]) -> list[tuple[Any, ...]]:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE h_ns AS SELECT unnest(?::BIGINT[]) AS nsh, unnest(?::VARCHAR[]) AS org_id, "
            "unnest(?::VARCHAR[]) AS group_id, unnest(?::VARCHAR[]) AS country, unnest(?::VARCHAR[]) AS group_country",
            [[r[i] for r in ns] for i in range(len(NS_COLUMNS))],
        )
        con.execute(
            "CREATE OR REPLACE TEMP TABLE h_lines AS SELECT unnest(?::BIGINT[]) AS nsh, unnest(?::VARCHAR[]) AS id, "
            "unnest(?::VARCHAR[]) AS line",
            [[r[i] for r in lines] for i in range(len(LINE_COLUMNS))],
        )
        # Periods are independent: one query per period keeps memory at one snapshot's worth however long the
        # history (the whole history in one query grew by ~47 MiB per 200k-repo snapshot), for the same total work.
        found: list[tuple[Any, ...]] = []
        for period in chosen:
            found.extend(one(sql, [period]))
        return found

    return run


def _as_of(path: Path) -> Any:
    return dt.date.fromisoformat(path.parent.name.partition("=")[2])


def to_spark_sql(sql: str) -> str:
    """DuckDB's SQL -> Spark SQL, through sqlglot."""
    import sqlglot

    return str(sqlglot.transpile(sql, read="duckdb", write="spark")[0])


def spark_session(master: str | None = None) -> Any:
    """A Spark session: `master`, else SPARK_MASTER, else local[*]; other settings from the usual SPARK_* places.

    Local runs get what a laptop-sized job wants (no web UI, few shuffle partitions); on a cluster, the
    cluster's spark-defaults.conf (SPARK_CONF_DIR) decides.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise ModelwatchError(
            "--engine spark needs PySpark: pip install 'modelwatch[spark]' (and Java 17 or later)"
        ) from exc
    master = master or os.environ.get("SPARK_MASTER") or "local[*]"
    builder = SparkSession.builder.appName("modelwatch-history").master(master)
    builder = builder.config("spark.ui.enabled", "false").config("spark.ui.showConsoleProgress", "false")
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    if master.startswith("local"):
        builder = builder.config("spark.sql.shuffle.partitions", str(max(2, 2 * (os.cpu_count() or 1))))
        builder = builder.config("spark.driver.memory", os.environ.get("SPARK_DRIVER_MEMORY", "2g"))
    try:
        spark = builder.getOrCreate()
        spark.sparkContext.setLogLevel("ERROR")
        return spark
    except Exception as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelwatchError(f"cannot start Spark at {master} ({first})") from exc


def on_spark(master: str | None, found: Inputs, by: str, every: str, top: int | None) -> list[Row]:
    """The history series computed by Spark over the same inputs (the store need not stay open)."""
    return history(spark_engine(spark_session(master), found), found.dates, by=by, every=every, top=top)


def spark_engine(spark: Any, found: Inputs) -> Engine:
    """Run on a Spark session, reading the same Parquet files (on a cluster they must be on a shared file system)."""

    def run(sql: str, chosen: list[Period]) -> list[tuple[Any, ...]]:
        from pyspark.sql import functions as F
        from pyspark.sql import types as T

        wanted = {p.as_of for p in chosen}
        for name, part, paths in (("h_repos", "repos", found.repos), ("h_lineage", "lineage", found.lineage),
                                  ("h_roots", "roots", found.roots)):  # fmt: skip
            if not paths:
                continue
            picked = [str(p) for p in paths if _as_of(p) in wanted]
            frame = spark.read.option("basePath", str(found.base / part)).parquet(*picked)
            frame.withColumn("as_of", F.col("as_of").cast("date")).createOrReplaceTempView(name)
        spark.createDataFrame(
            [(p.as_of, p.start, p.end, i) for i, p in enumerate(chosen)],
            T.StructType(
                [T.StructField(c, T.DateType()) for c in ("as_of", "period", "period_end")]
                + [T.StructField("sid", T.IntegerType())]
            ),
        ).createOrReplaceTempView("h_periods")
        spark.createDataFrame(
            [tuple(r) for r in found.ns],
            T.StructType(
                [T.StructField("nsh", T.LongType())] + [T.StructField(c, T.StringType()) for c in NS_COLUMNS[1:]]
            ),
        ).createOrReplaceTempView("h_ns")
        spark.createDataFrame(
            [tuple(r) for r in found.lines],
            T.StructType(
                [T.StructField("nsh", T.LongType())] + [T.StructField(c, T.StringType()) for c in ("id", "line")]
            ),
        ).createOrReplaceTempView("h_lines")
        return [tuple(r) for r in spark.sql(to_spark_sql(sql)).collect()]

    return run
