"""The history query on Spark gives exactly what it gives on DuckDB, on the same snapshots.

Skipped when PySpark or Java is absent (`pip install 'modelwatch[spark]'` and a Java 17+). One Spark session
serves the whole module: starting one costs seconds.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.analyze.test_history import import_all
from tests.conftest import Run

pytest.importorskip("pyspark")
pytest.importorskip("sqlglot")
if not (shutil.which("java") or os.environ.get("JAVA_HOME")):
    pytest.skip("Spark needs Java", allow_module_level=True)

from modelwatch.analyze import engines
from modelwatch.analyze.history import BY, LINE, Engine, history
from modelwatch.vocabulary import Every

Mw = Callable[..., Run]


# A few hundred rows: a query's cost is Spark's planning and code generation, not the data. One core, one
# shuffle partition and no generated code halve each query's seconds here; the SQL and its answers are the same.
SMALL_DATA = {
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.sql.adaptive.enabled": "false",
}


# A JVM that lives half a minute: the quick compiler only and one garbage collector thread (the JIT threads of a
# long-running JVM cost more CPU here than the queries).
SHORT_JVM = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    from pyspark.sql import SparkSession

    # started here with the JVM's options; `spark_session` then sets up the same session as `--engine spark`
    SparkSession.builder.master("local[1]").config("spark.driver.extraJavaOptions", SHORT_JVM).getOrCreate()
    session = engines.spark_session("local[1]")
    assert str(session.sparkContext.getConf().get("spark.driver.extraJavaOptions")).endswith(SHORT_JVM)
    for name, value in SMALL_DATA.items():
        session.conf.set(name, value)
    yield session
    session.stop()


def _generated_history(mw: Mw, tmp_path: Path) -> None:
    """Four daily snapshots of one generated dump: repos appear on their creation day, downloads move daily."""
    from tests.support.gen_hub_dump import generate

    base = generate(tmp_path / "base.parquet", 600, seed=5, namespaces=["DragonAI", "eagle", "eagle-research", "Qwen"])
    con = duckdb.connect()
    last = con.execute(f"SELECT max(createdAt)::DATE FROM '{base}'").fetchone()
    assert last is not None
    for i in range(4):
        day = last[0] - dt.timedelta(days=40 * (3 - i))
        out = tmp_path / f"day{i}.parquet"
        con.execute(
            f"COPY (SELECT * REPLACE ((downloads * {i + 1} + hash(id, {i}) % 7)::BIGINT AS downloads) FROM '{base}' "
            f"WHERE createdAt::DATE <= DATE '{day}') TO '{out}'"
        )
        r = mw("import", "hub-dump", str(out), "--as-of", str(day))
        assert r.code == 0, r.err


def _engines(spark: Any) -> tuple[Engine, Engine, list[dt.date], duckdb.DuckDBPyConnection]:
    store = Path(os.environ["MODELWATCH_HOME"]) / "modelwatch.duckdb"
    con = duckdb.connect(str(store), read_only=True)
    found = engines.inputs(con, LINE)
    assert found is not None and found.lines  # registered roots with their lines
    return engines.duckdb_engine(con, found), engines.spark_engine(spark, found), found.dates, con


def test_both_engines_agree_on_generated_snapshots(spark: Any, mw: Mw, tmp_path: Path) -> None:
    _generated_history(mw, tmp_path)
    assert mw("ecosystem").code == 0  # builds the registry into the store
    on_duckdb, on_spark, dates, con = _engines(spark)
    try:
        # every key and every period once (each Spark query costs seconds on a small machine); model lines by month
        for by, every in zip(BY, (Every.day, Every.week, Every.day, Every.week, Every.month), strict=True):
            expected = history(on_duckdb, dates, by=by, every=every)
            assert expected, (by, every)
            assert history(on_spark, dates, by=by, every=every) == expected, (by, every)
        # something to agree on: new derivatives in more than one period, several keys
        rows = history(on_duckdb, dates, by="country", every="month")
        assert len({r["period"] for r in rows if r["new_derivatives"]}) >= 2
        assert len({r["country"] for r in rows}) >= 3
        # model lines: identical on both engines, several lines of registered organizations and of other roots
        lines = history(on_duckdb, dates, by=LINE, every="month")  # the same as Spark's, checked above
        assert len({r["line"] for r in lines if "/" in r["line"] and r["line"].split("/")[0].islower()}) >= 2
        assert len({r["line"] for r in lines}) >= 10
        # and the last period is `ecosystem --by line` on the newest snapshot
        last = max(r["period"] for r in lines)
        summary = {r["line"]: r for r in mw("ecosystem", "--by", "line", "--top", "0", "--format", "json").json()}
        for r in (r for r in lines if r["period"] == last):
            got = (r["repos"], r["downloads"], r["derivatives"], r["derivative_downloads"])
            want = summary[r["line"]]
            assert got == (want["repos"], want["downloads"], want["derivatives"], want["derivative_downloads"])
        assert len([r for r in lines if r["period"] == last]) == len(summary)
    finally:
        con.close()


def test_the_command_line_answers_the_same_on_spark(spark: Any, mw: Mw, tmp_path: Path) -> None:
    import_all(mw, tmp_path)
    for args in (("--by", "region", "--every", "week"),):
        on_duckdb = mw("ecosystem", "--history", "--format", "json", *args)
        on_spark = mw("ecosystem", "--history", "--format", "json", "--engine", "spark", *args)
        assert on_duckdb.code == 0 and on_spark.code == 0, on_spark.err
        assert on_spark.json() == on_duckdb.json()


ADOPTION_CLAIMS = """
[[claim]]
id = "cn-most-new"
text = "Chinese base models drew the largest share of new derivatives."
metric = "new_derivative_share"
subject = "CN"
period = "{period}"
op = "most"

[[claim]]
id = "dragon-more-derivatives"
text = "Dragon's base models had more derivatives than Eagle's."
metric = "derivatives"
subject = "dragon"
period = "{period}"
op = ">"
than = "eagle-lab"

[[claim]]
id = "line-most-new"
text = "A dragon line was the most-derived."
metric = "new_derivatives"
subject = "{line}"
period = "{period}"
op = "most"
"""


def test_adoption_claims_are_judged_the_same_on_spark(spark: Any, mw: Mw, tmp_path: Path) -> None:
    _generated_history(mw, tmp_path)
    dates = [r["as_of"] for r in mw("ecosystem", "--history", "--every", "day", "--format", "json").json()]
    lines = mw("ecosystem", "--by", "line", "--format", "json").json()
    line = next(r["line"] for r in lines if r["line"].startswith("dragon/"))
    first, last = sorted(set(dates))[1], sorted(set(dates))[-1]  # a period the history spans
    path = tmp_path / "claims.toml"
    path.write_text(ADOPTION_CLAIMS.format(period=f"{first}..{last}", line=line), encoding="utf-8")
    on_duckdb = mw("check", str(path), "--format", "json")
    on_spark = mw("check", str(path), "--format", "json", "--engine", "spark")
    assert on_duckdb.code in (0, 1) and on_spark.code == on_duckdb.code, on_spark.err
    assert on_spark.json() == on_duckdb.json()
    verdicts = on_duckdb.json()
    assert all(v["basis"].startswith("Hub dump snapshot") for v in verdicts)
    assert sum(r["verdict"] != "undecidable" for v in verdicts for r in v["readings"]) >= 10  # something to agree on
