"""Whole-Hub ecosystems: import a full Hub metadata dump, then ask whose base models the world builds on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading, writing
from modelwatch.vocabulary import EcoBy, EngineName, Every

if TYPE_CHECKING:
    from modelwatch.store.hub_dump import DumpImport, Pruned


def import_hub_dump(
    path: Path,
    as_of: str | None = None,
    memory_limit: str | None = None,
    on_stage: Callable[[str], None] | None = None,
    keep: int | None = None,
) -> DumpImport:
    from modelwatch.store.hub_dump import import_dump

    with writing() as con:
        return import_dump(con, path, as_of=as_of, memory_limit=memory_limit, on_stage=on_stage, keep=keep)


def import_stages() -> tuple[str, ...]:
    """The stages `import_hub_dump` names as it starts each (a front end shows them)."""
    from modelwatch.store.hub_dump import STAGES

    return STAGES


def prune_history(keep: int, keep_history: bool = False) -> Pruned:
    """Keep the newest `keep` snapshots of the Hub dump history; of the older ones delete the files (with
    `keep_history`, only their dump copies)."""
    from modelwatch.store.hub_dump import prune

    with writing() as con:
        return prune(con, keep, keep_history=keep_history)


def ecosystem_history(
    by: str = "country",
    every: str = "month",
    top: int | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> Answer:
    """The adoption series over the history of imported Hub dumps, on DuckDB or Spark."""
    from modelwatch.analyze import engines
    from modelwatch.analyze.history import history
    from modelwatch.publish.ecosystem_text import history_words

    with reading() as con:
        found = engines.require_inputs(con, by, engine)
        on_store = (
            history(engines.duckdb_engine(con, found), found.dates, by, every, top) if engine == "duckdb" else None
        )
    rows = on_store if on_store is not None else engines.on_spark(spark_master, found, by, every, top)
    title, caption = history_words(found.dates, by, every, engine)
    meta = {"first": found.dates[0].isoformat(), "last": found.dates[-1].isoformat(), "engine": engine}
    return Answer(rows, title=title, caption=caption, meta=meta)


def ecosystem(
    by: str = "org",
    year: int | None = None,
    top: int | None = 20,
    monthly: bool = False,
    regions: bool = False,
    history: bool = False,
    every: str = "month",
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> Answer:
    """`modelwatch ecosystem` with its options' words: the latest dump's rows per root key, each month's share
    (`monthly`), or with `history` the series over every imported dump. `top` 0 or None means all."""
    from modelwatch.analyze.ecosystem import ecosystems
    from modelwatch.publish.ecosystem_text import summary_words
    from modelwatch.service.filters import choice, year_of

    key = choice(by, EcoBy, "--by").value
    top = top or None
    if history:
        if year is not None or monthly:
            raise ModelwatchError("--history works without --year or --monthly")
        every = choice(every, Every, "--every").value
        engine = choice(engine, EngineName, "--engine").value
        key = "region" if regions else key
        return ecosystem_history(by=key, every=every, top=top, engine=engine, spark_master=spark_master)
    year = year_of(year)
    with reading() as con:
        dump, rows = ecosystems(con, key, year, top, monthly=monthly, regions=regions)
    title, caption = summary_words(dump, key, year, top, monthly, regions)
    meta = {"as_of": str(dump["as_of"]), "import_id": str(dump["import_id"]), "sha256": str(dump["sha256"])}
    return Answer(rows, title=title, caption=caption, meta=meta)
