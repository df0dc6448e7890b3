"""Adoption of open releases: Hub downloads, likes and third-party derivatives, per release, family,
organization or country. Figures are those of the latest Hub sync; `history` gives the series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from modelwatch.analyze.candidates import release_groups
from modelwatch.analyze.query import Row, rows
from modelwatch.vocabulary import BASE_RELATIONS, AdoptionBy

if TYPE_CHECKING:
    import duckdb


def derivatives_synced(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(rows(con, "SELECT count(*) AS n FROM hub_syncs WHERE derivatives")[0]["n"])


def adoption(
    con: duckdb.DuckDBPyConnection,
    by: str = "release",
    year: int | None = None,
    orgs: list[str] | None = None,
    modalities: list[str] | None = None,
) -> list[Row]:
    """One row per release / family / org / country, largest 30-day downloads first.

    With `modalities`, only registry releases of those modalities count: a Hub candidate has no curated modality.
    """
    if by not in tuple(AdoptionBy):
        raise ValueError(by)
    kinds = set(modalities or [])
    modality = {r["id"]: r["modality"] for r in rows(con, "SELECT id, modality FROM releases")} if kinds else {}
    stats = {
        r["repo_id"].casefold(): r
        for r in rows(con, "SELECT repo_id, downloads, downloads_all_time, likes, children FROM hub_artifacts")
    }
    deriv: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for r in rows(con, "SELECT parent_id, relation, count(*) AS n FROM hub_derivatives GROUP BY ALL"):
        deriv[r["parent_id"].casefold()][r["relation"]] += int(r["n"])
    country = {r["id"]: r["country"] for r in rows(con, "SELECT id, country FROM organizations")}
    with_derivs = derivatives_synced(con)
    acc: dict[tuple[str, ...], Row] = {}
    for g in release_groups(con, orgs):
        if year and (g.date is None or g.date.year != year):
            continue
        if kinds and modality.get(g.id) not in kinds:
            continue
        members = [m for m in g.members if m.casefold() in stats]
        if not members:
            continue
        key = {
            "release": (g.id, g.org, g.family, str(g.date or ""), g.origin),
            "family": (g.org, g.family),
            "org": (g.org,),
            "country": (country.get(g.org, ""),),
        }[by]
        row = acc.get(key)
        if row is None:
            row = acc[key] = _start(by, key, country)
        row["releases"] += 1
        row["repos"] += len(members)
        for m in members:
            s = stats[m.casefold()]
            row["downloads_30d"] += s["downloads"] or 0
            row["downloads_all_time"] += s["downloads_all_time"] or 0
            row["likes"] += s["likes"] or 0
            row["children"] += s["children"] or 0
            for rel, n in deriv.get(m.casefold(), {}).items():
                col = rel if rel in BASE_RELATIONS else "other"
                row[col] = (row.get(col) or 0) + n
    out = sorted(acc.values(), key=lambda r: (-r["downloads_30d"], str(r[next(iter(r))])))
    for r in out:
        if not with_derivs:
            for rel in (*BASE_RELATIONS, "other"):
                r[rel] = None
        else:
            for rel in (*BASE_RELATIONS, "other"):
                r.setdefault(rel, 0)
    return out


def _start(by: str, key: tuple[str, ...], country: dict[str, str]) -> Row:
    row: Row
    if by == "release":
        row = {"release": key[0], "org": key[1], "family": key[2], "date": key[3], "origin": key[4]}
    elif by == "family":
        row = {"family": key[1], "org": key[0]}
    elif by == "org":
        row = {"org": key[0], "country": country.get(key[0], "")}
    else:
        row = {"country": key[0]}
    row.update(releases=0, repos=0, downloads_30d=0, downloads_all_time=0, likes=0, children=0)
    return row


@dataclass(frozen=True)
class Measured:
    """`adoption`'s rows with the words to read them: which sync they come from, which columns are filled."""

    rows: list[Row]
    title: str
    caption: str
    derivatives: bool  # the derivative relations were synced: their columns mean something


def measure(
    con: duckdb.DuckDBPyConnection, by: str, year: int | None, orgs: list[str] | None, modalities: list[str] | None
) -> Measured:
    """Adoption after the first Hub sync; an unknown organization or modality is refused, not an empty table."""
    from modelwatch.analyze.candidates import require_sync
    from modelwatch.analyze.counts import Filters, resolve

    require_sync(con)
    # a group stands for its labs
    asked = resolve(con, Filters(orgs=list(orgs or []), modalities=list(modalities or []))).filters
    asked.where()  # refuses an unknown modality (the SQL it builds is not needed here)
    got = adoption(con, by, year, asked.orgs, modalities)
    with_derivs = derivatives_synced(con)
    last = rows(con, "SELECT max(synced_at) AS last FROM hub_syncs")[0]["last"]
    caption = (
        f"Hub sync of {f'{last:%Y-%m-%d %H:%M} UTC' if last else '?'}. downloads_30d = downloads in the 30 days "
        "before the sync; children = derivative repos the Hub counts (all relations). "
    )
    caption += (
        "finetune / quantized / adapter / merge = third-party repos naming a member as base model."
        if with_derivs
        else "No derivative data was synced: relation columns are empty; run `modelwatch sync hub --derivatives`."
    )
    scope = f"{year}" if year else "all years"
    if modalities:
        scope += f"; modality {', '.join(modalities)}"
        caption += " Only registry releases of that modality (Hub candidates have none)."
    return Measured(got, f"Adoption per {by} ({scope})", caption, with_derivs)
