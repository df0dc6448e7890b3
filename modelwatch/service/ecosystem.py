"""Whole-Hub ecosystems: import a full Hub metadata dump, then ask whose base models the world builds on."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.errors import ModelwatchError
from modelwatch.service.core import Answer, reading, writing

if TYPE_CHECKING:
    from modelwatch.store.hub_dump import DumpImport, Pruned

RULES = (
    "Derivatives are third-party repos only (a repo by the root's own organization is part of its release), "
    "attributed to the organization of the ROOT base model its chains reach (a merge of two roots counts for "
    "both); direct = built on the root itself; relation = the strongest declared (merge > adapter > quantized > "
    "finetune); downloads = the dump's recent (30-day) downloads."
)


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


HISTORY_RULES = (
    "Each period is observed through the last snapshot dated inside it. new_derivatives = third-party derivatives "
    "created (Hub creation date) inside the period; derivatives = all third-party derivatives in that snapshot; "
    "share = of all new third-party derivatives that period (a repo with roots under two keys counts for both)."
)


LINE_RULE = (
    "A line's repos / downloads are its first-party members (the roots and their derivatives by the same owner); "
    "a registered organization's roots are grouped by model line, any other root is its own line. "
)


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

    if engine not in tuple(engines.EngineName):
        raise ModelwatchError(f"--engine {engine!r}: one of {', '.join(engines.EngineName)}")
    with reading() as con:
        found = engines.inputs(con, by)
        if found is None:
            raise ModelwatchError("no Hub dump history yet; run `modelwatch import hub-dump PATH` (once per dump)")
        if engine == "duckdb":
            run = engines.duckdb_engine(con, found)
            rows = history(run, found.dates, by=by, every=every, top=top)
    if engine == "spark":
        spark = engines.spark_session(spark_master)
        run = engines.spark_engine(spark, found)
        rows = history(run, found.dates, by=by, every=every, top=top)
    first, last, n = found.dates[0].isoformat(), found.dates[-1].isoformat(), len(found.dates)
    level = {"org": "organization", "line": "model line"}.get(by, by)
    title = f"Adoption per {every} by the {level} of the root model ({n} snapshots, {first} to {last})"
    caption = f"Hub dump history on {engine}. {HISTORY_RULES} {LINE_RULE if by == 'line' else ''}{RULES}"
    return Answer(rows, title=title, caption=caption, meta={"first": first, "last": last, "engine": engine})


def ecosystem(
    by: str = "org", year: int | None = None, top: int | None = 20, monthly: bool = False, regions: bool = False
) -> Answer:
    from modelwatch.analyze import ecosystem as eco

    if top is not None and top < 0:
        raise ModelwatchError(f"--top {top}: give a count of rows, 0 or more (0 = all)")
    with reading() as con:
        dump = eco.has_dump(con)
        if dump is None:
            raise ModelwatchError("no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first")
        if monthly:
            rows = eco.monthly_share(con, year=year, regions=regions, top=top)
        else:
            rows = eco.summary(con, by=by, year=year, top=top, regions=regions)
    scope = str(year) if year else "all years"
    snapshot = f"Hub dump as of {dump['as_of']} (import {dump['import_id']}, {dump['rows']:,} repos)"
    meta = {"as_of": str(dump["as_of"]), "import_id": str(dump["import_id"]), "sha256": str(dump["sha256"])}
    if monthly:
        level = "region" if regions else "country"
        title = f"Share of new third-party derivatives per month by the {level} of their root model ({scope})"
        caption = (
            f"{snapshot}. derivatives = new third-party derivatives that month (Hub creation date); each other "
            f"column = the share of them whose root base model comes from that {level}; a repo with roots in two "
            f"{level}s counts in both, so a row can add up to more than 100%. {RULES}"
        )
        return Answer(rows, title=title, caption=caption, meta=meta)
    level = {"org": "root organization", "group": "root group", "line": "model line"}.get(
        by, "root region" if regions or by == "region" else "root country"
    )
    title = f"Hub ecosystems per {level} ({scope}{'; top ' + str(top) if top else ''})"
    caption = (
        f"{snapshot}. repos / downloads = "
        + (
            "the line's first-party members (a registered organization's roots are grouped by model line: "
            "the repo name without size; any other root is its own line)"
            if by == "line"
            else "repos in the organizations' own namespaces"
        )
        + "; derivatives = distinct third-party repos whose root is there (share = of all third-party "
        f"derivatives). {RULES}"
    )
    return Answer(rows, title=title, caption=caption, meta=meta)
