"""Ecosystems on the whole Hub: whose base models the world fine-tunes, quantizes and downloads.

SQL over the hub_dump tables (see modelwatch.store.hub_dump) and the registry's Hub aliases.

Rules, the same in every view:
- a derivative is a repo with a base model; it belongs to each ROOT its base-model
  chains reach (a merge of two roots counts once for each); `direct` ones name the root itself;
- the root's Hub namespace is resolved to an organization through the registry's Hub aliases
  (org_aliases, kind 'hub'); unresolved roots go to "other (unregistered)";
- third-party repos only: a derivative published by the root's own organization (or, for an
  unregistered root, from the root's own namespace) is a member of that release, not adoption
  (counting rules 3 and 7); third-party repos are never releases;
- a repo's relation is the strongest it declares: merge > adapter > quantized > finetune;
- `--year` keeps repos and derivatives created (Hub creation date) in that year;
- downloads are the dump's `downloads` (the Hub's recent 30-day count).
"""

from __future__ import annotations

import tomllib
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.query import Row, rows
from modelwatch.config import BUNDLED_DATA
from modelwatch.errors import ModelwatchError
from modelwatch.store.hub_dump import register_ids
from modelwatch.vocabulary import BASE_RELATIONS, EcoBy

if TYPE_CHECKING:
    import duckdb

UNREGISTERED = "other (unregistered)"
NO_COUNTRY = "unregistered"


# Hub namespace (as the import hashed it: lower-cased) -> the registered organization that publishes there
HUB_CTE = """hub AS (
            SELECT hash(lower(alias)) AS nsh, min(org_id) AS org_id FROM org_aliases WHERE kind = 'hub'
            GROUP BY lower(alias)
        )"""


def _load_regions() -> tuple[dict[str, str], str]:
    """Country -> region from the curated data file (modelwatch/data/regions.toml)."""
    with (BUNDLED_DATA / "regions.toml").open("rb") as fh:
        doc = tomllib.load(fh)
    return {cc: region for region, codes in doc["regions"].items() for cc in codes}, str(doc["rest"])


REGIONS, REST = _load_regions()


def _region_case(col: str) -> str:
    whens = " ".join(f"WHEN '{c}' THEN '{r}'" for c, r in REGIONS.items())
    return f"CASE WHEN {col} IS NULL THEN '{NO_COUNTRY}' ELSE (CASE {col} {whens} ELSE '{REST}' END) END"


def _pairs_sql(year: int | None, lines: bool = False) -> tuple[str, list[Any]]:
    """CTEs: m (repos with their org), pairs (derivative x root, with first/third party), the key helpers.

    Namespaces are matched through the same 64-bit hash of the lower-cased name the import stored.
    """
    where = "year(c.created) = ?" if year is not None else "true"
    params: list[Any] = [year] if year is not None else []
    sql = f"""
        {HUB_CTE}, m AS NOT MATERIALIZED (
            SELECT d.mid, d.nsh, d.created, d.downloads, d.relation, d.in_dump, hub.org_id, o.group_id, o.country
            FROM hub_dump_repos d LEFT JOIN hub ON hub.nsh = d.nsh LEFT JOIN organizations o ON o.id = hub.org_id
        ), roots AS MATERIALIZED (
            -- roots (8% of the synthetic 2M dump) looked up once: joining lineage to all of m cost 20% more
            SELECT * FROM m WHERE mid IN (SELECT DISTINCT root FROM hub_dump_lineage)
        ), pairs AS MATERIALIZED (  -- else DuckDB pushes `NOT first_party` into the join, 2-3x slower
            SELECT l.mid, l.root, l.depth, c.relation, c.created, coalesce(c.downloads, 0) AS downloads,
                   {"coalesce(f.line, i.id)" if lines else "NULL"} AS root_id, r.org_id AS root_org,
                   r.group_id AS root_group, r.country AS root_country,
                   CASE WHEN r.org_id IS NOT NULL THEN c.org_id IS NOT DISTINCT FROM r.org_id
                        ELSE c.org_id IS NULL AND c.nsh = r.nsh END AS first_party
            FROM hub_dump_lineage l JOIN m c ON c.mid = l.mid JOIN roots r ON r.mid = l.root
            {"LEFT JOIN eco_lines f ON f.mid = l.root JOIN eco_root_ids i ON i.mid = l.root" if lines else ""}
            WHERE {where}
        )
    """
    return sql, params


def _key(by: str, regions: bool, prefix: str) -> str:
    """The grouping key of a root (prefix 'root_') or of a repo's own organization (prefix '')."""
    if by == "org":
        return f"coalesce({prefix}org, '{UNREGISTERED}')" if prefix else f"coalesce(org_id, '{UNREGISTERED}')"
    if by == "group":
        return f"coalesce({prefix}group{'_id' if not prefix else ''}, '{UNREGISTERED}')"
    col = f"{prefix}country"
    return _region_case(col) if regions else f"coalesce({col}, '{NO_COUNTRY}')"


def line_key(org_id: str, repo_id: str) -> str:
    """A registered organization's root repo -> `org/line` (names.py: sizes, variants, packaging dropped)."""
    from modelwatch.normalize.names import parse_repo_id

    return f"{org_id}/{parse_repo_id(repo_id).family or repo_id.rpartition('/')[2].lower()}"


def register_lines(con: duckdb.DuckDBPyConnection) -> None:
    """Temporary tables `eco_root_ids (mid, id)` of every root, and `eco_lines (mid, line)`: the model line
    of each root of a registered organization.

    Only these roots are parsed (a few thousand on the whole Hub); other roots are their own line (the repo id).
    Ids are read from the dump's snapshot, the only place that keeps them.
    """
    register_ids(con, "eco_root_ids", "SELECT root FROM hub_dump_lineage")
    found = rows(
        con,
        f"""
        WITH {HUB_CTE}
        SELECT i.mid, i.id, hub.org_id
        FROM eco_root_ids i JOIN hub_dump_repos r ON r.mid = i.mid JOIN hub ON hub.nsh = r.nsh
        """,
    )
    # two list parameters unnested side by side: no pyarrow import (0.3 s) for a few thousand rows
    con.execute(
        "CREATE OR REPLACE TEMP TABLE eco_lines AS SELECT unnest(?::INTEGER[]) AS mid, unnest(?::VARCHAR[]) AS line",
        [[r["mid"] for r in found], [line_key(r["org_id"], r["id"]) for r in found]],
    )


def has_dump(con: duckdb.DuckDBPyConnection) -> Row | None:
    """The latest dump import (id, path, sha256, as_of, rows), or None."""
    found = rows(
        con,
        "SELECT import_id, path, digest AS sha256, as_of, rows FROM imports WHERE source = 'hub-dump' "
        "AND import_id = (SELECT max(import_id) FROM hub_dump_repos) ORDER BY import_id DESC LIMIT 1",
    )
    return found[0] if found else None


def require_dump(con: duckdb.DuckDBPyConnection) -> Row:
    """The latest dump import, refused before the first one."""
    dump = has_dump(con)
    if dump is None:
        raise ModelwatchError("no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first")
    return dump


def ecosystems(
    con: duckdb.DuckDBPyConnection, by: str, year: int | None, top: int | None, *, monthly: bool, regions: bool
) -> tuple[Row, list[Row]]:
    """The latest dump import, and its rows per root key (`summary`) or, with `monthly`, the share of each
    month's new derivatives (`monthly_share`)."""
    if top is not None and top < 0:
        raise ModelwatchError(f"--top {top}: give a count of rows, 0 or more (0 = all)")
    dump = require_dump(con)
    if monthly:
        return dump, monthly_share(con, year=year, regions=regions, top=top)
    return dump, summary(con, by=by, year=year, top=top, regions=regions)


def summary(
    con: duckdb.DuckDBPyConnection,
    by: str = "org",
    year: int | None = None,
    top: int | None = 20,
    regions: bool = False,
) -> list[Row]:
    """Repos, downloads and third-party derivatives (by relation, direct and transitive) per key."""
    by = EcoBy(by)  # ValueError for anything else
    if by is EcoBy.region:
        by, regions = EcoBy.country, True
    ctes, params = _pairs_sql(year)
    in_year = "year(created) = ?" if year is not None else "true"
    if by is EcoBy.line:
        register_lines(con)
        ctes, params = _pairs_sql(year, lines=True)
        root_key = "root_id"
        # first-party line members: the roots themselves and their derivatives by the same owner
        own = f"""
            SELECT coalesce(f.line, i.id) AS key, m.mid, coalesce(m.downloads, 0) AS downloads
            FROM m JOIN eco_root_ids i ON i.mid = m.mid LEFT JOIN eco_lines f ON f.mid = m.mid
            WHERE m.in_dump
                  AND {in_year.replace("created", "m.created")}
            UNION
            SELECT root_id, mid, downloads FROM pairs WHERE first_party"""
        labels = (
            "SELECT root_id AS key, any_value(coalesce(root_org, '" + UNREGISTERED + "')) AS org, "
            "any_value(coalesce(root_country, '')) AS country FROM pairs GROUP BY 1"
        )
    else:
        root_key = _key(by, regions, "root_")
        own = (
            f"SELECT {_key(by, regions, '')} AS key, mid, coalesce(downloads, 0) AS downloads "
            f"FROM m WHERE in_dump AND {in_year}"
        )
        labels = {
            "org": "SELECT id AS key, country FROM organizations",
            "group": "SELECT group_id AS key, min(country) AS country FROM organizations GROUP BY 1",
            "country": "SELECT NULL::VARCHAR AS key, NULL::VARCHAR AS _none",
        }[by]
    if year is not None:
        params = [*params, year]
    rel_cols = ", ".join(f"count(*) FILTER (WHERE relation = '{r}') AS {r}" for r in BASE_RELATIONS)
    rel_out = ", ".join(f"coalesce(d.{r}, 0) AS {r}" for r in BASE_RELATIONS)
    sql = f"""
        WITH {ctes},
        own AS ({own}),
        third AS (
            SELECT {root_key} AS key, mid, min(depth) AS depth, any_value(relation) AS relation,
                   any_value(downloads) AS downloads
            FROM pairs WHERE NOT first_party GROUP BY ALL
        ),
        total AS (SELECT count(DISTINCT mid) AS n FROM pairs WHERE NOT first_party),
        deriv AS (
            SELECT key, count(*) AS derivatives, count(*) FILTER (WHERE depth = 1) AS direct, {rel_cols},
                   sum(downloads) AS derivative_downloads
            FROM third GROUP BY key
        ),
        owned AS (SELECT key, count(*) AS repos, sum(downloads) AS downloads FROM own GROUP BY key),
        labels AS ({labels})
        SELECT coalesce(d.key, o.key) AS key, l.* EXCLUDE (key),
               coalesce(o.repos, 0) AS repos, coalesce(o.downloads, 0)::BIGINT AS downloads,
               coalesce(d.derivatives, 0) AS derivatives, coalesce(d.direct, 0) AS direct, {rel_out},
               coalesce(d.derivative_downloads, 0)::BIGINT AS derivative_downloads,
               round(coalesce(d.derivatives, 0) / nullif((SELECT n FROM total), 0), 4)::DOUBLE AS share
        FROM deriv d {"LEFT" if by is EcoBy.line else "FULL"} JOIN owned o ON o.key = d.key
        LEFT JOIN labels l ON l.key = coalesce(d.key, o.key)
        ORDER BY derivatives DESC, repos DESC, key
        {"LIMIT " + str(int(top)) if top else ""}
    """
    label = EcoBy.region.value if regions and by is EcoBy.country else by.value
    result = []
    for rank, r in enumerate(rows(con, sql, params), 1):
        row: Row = {"rank": rank, label: r.pop("key")}
        r.pop("_none", None)
        if by in ("org", "group"):
            row["country"] = r.pop("country", None) or ""
        if by is EcoBy.line:
            row["org"] = r.pop("org", None) or UNREGISTERED
            row["country"] = r.pop("country", None) or ""
        row.update(r)
        result.append(row)
    return result


def monthly_share(
    con: duckdb.DuckDBPyConnection, year: int | None = None, regions: bool = False, top: int | None = 6
) -> list[Row]:
    """Per month: new third-party derivatives, and the share whose root is in each country (or region)."""
    ctes, params = _pairs_sql(year)
    key = _key("country", regions, "root_")
    sql = f"""
        WITH {ctes},
        t AS (  -- group on dates; only the few result months are formatted as text
            SELECT DISTINCT date_trunc('month', created) AS m, mid, {key} AS key
            FROM pairs WHERE NOT first_party AND created IS NOT NULL
        )
        SELECT strftime(m, '%Y-%m') AS month, key, n FROM (
            SELECT m, key, count(*) AS n FROM t GROUP BY ALL
            UNION ALL
            SELECT m, NULL, count(DISTINCT mid) FROM t GROUP BY m
        )
        ORDER BY month, key
    """
    counts = rows(con, sql, params)
    totals = {r["month"]: int(r["n"]) for r in counts if r["key"] is None}
    by_key: dict[str, int] = {}
    for r in counts:
        if r["key"] is not None:
            by_key[r["key"]] = by_key.get(r["key"], 0) + int(r["n"])
    ranked = sorted(by_key, key=lambda k: (-by_key[k], k))
    keep = ranked[:top] if top else ranked
    rest = [k for k in ranked if k not in keep]
    if rest:  # the others, counted once per repo: need a second pass over distinct repos
        others = rows(
            con,
            f"""
            WITH {ctes}
            SELECT strftime(m, '%Y-%m') AS month, n FROM (
                SELECT date_trunc('month', created) AS m, count(DISTINCT mid) AS n
                FROM pairs WHERE NOT first_party AND created IS NOT NULL AND {key} IN ({", ".join("?" * len(rest))})
                GROUP BY 1
            )
            """,
            params + rest,
        )
        other = {r["month"]: int(r["n"]) for r in others}
    cells = {(r["month"], r["key"]): int(r["n"]) for r in counts if r["key"] is not None}
    result: list[Row] = []
    for month in sorted(totals):
        row: Row = {"month": month, "derivatives": totals[month]}
        for k in keep:
            row[k] = round(cells.get((month, k), 0) / totals[month], 4)
        if rest:
            row["others"] = round(other.get(month, 0) / totals[month], 4)
        result.append(row)
    return result
