"""Adoption over time: the ecosystem rules of `analyze.ecosystem` applied to each period of the snapshot history.

A period (a day, a week starting Monday, or a calendar month) is observed through the LAST snapshot dated inside it
(the Hub's download count is a rolling 30-day figure: one observation per period, never a sum of several).
Per period and key (the root's organization, group, country, region or model line):

- new_derivatives: third-party derivatives whose Hub creation date falls inside the period (a repo is never dated
  by the day a snapshot first saw it; one with no creation date is never new);
- derivatives: all third-party derivatives in that snapshot, derivative_downloads their downloads;
- repos, downloads: the key's own repos and their downloads (a model line's: its first-party members, the roots
  and their derivatives by the same owner, as `ecosystem --by line` counts them);
- share: new_derivatives / all new third-party derivatives that period (a merge reaching two keys counts for both,
  so shares can add up to more than 100%, but the total counts each repo once).

The query is written once, in DuckDB's SQL, over three tables: h_repos and h_lineage (the history's Parquet
files) and h_ns (registered Hub namespaces); by model line also h_roots (the roots' ids, a third Parquet part) and
h_lines (the lines of registered roots, parsed in Python once per distinct root). Engines
(`modelwatch.analyze.engines`) run it as it is on DuckDB, or transpiled to Spark SQL. It returns integers only:
shares are divided here, in Python, so that every engine gives the same answer to the last digit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from modelwatch.analyze.ecosystem import NO_COUNTRY, UNREGISTERED, _region_case
from modelwatch.analyze.query import Row
from modelwatch.vocabulary import BASE_RELATIONS, EcoBy, Every

# every ecosystem key; the model line reads the roots' ids each snapshot keeps beside its series
BY = tuple(EcoBy)
LINE = EcoBy.line.value


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day of the period
    end: dt.date  # first day after it
    as_of: dt.date  # the snapshot observing it: the last one inside it


def period_start(day: dt.date, every: str) -> dt.date:
    if every == "day":
        return day
    if every == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


def _next(start: dt.date, every: str) -> dt.date:
    if every == "day":
        return start + dt.timedelta(days=1)
    if every == "week":
        return start + dt.timedelta(days=7)
    return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def periods(dates: list[dt.date], every: str) -> list[Period]:
    """Each period holding a snapshot, observed through its last one."""
    if every not in tuple(Every):
        raise ValueError(f"every must be one of {', '.join(Every)}")
    last: dict[dt.date, dt.date] = {}
    for day in dates:
        start = period_start(day, every)
        last[start] = max(day, last.get(start, day))
    return [Period(s, _next(s, every), last[s]) for s in sorted(last)]


# Keys at group level for countries and regions: those of the root organization's group (adoption claims judge a
# country at both levels, as release claims do); not offered by `ecosystem --history`.
GROUP_KEYS = ("group_country", "group_region")


def _key(by: str, prefix: str) -> str:
    if by == "org":
        return f"COALESCE({prefix}org_id, '{UNREGISTERED}')"
    if by == "group":
        return f"COALESCE({prefix}group_id, '{UNREGISTERED}')"
    if by in ("region", "group_region"):
        return _region_case(f"{prefix}{'group_' if by == 'group_region' else ''}country")
    return f"COALESCE({prefix}{'group_' if by == 'group_country' else ''}country, '{NO_COUNTRY}')"


RANKS = tuple(range(1, len(BASE_RELATIONS) + 1))  # a derivative's relation as the series keep it: 1 finetune .. 4 merge


def _per_relation(has_relation: bool) -> tuple[str, str, str]:
    """Extra columns of `deriv`, `totals` and the final SELECT: per relation rank k, derivatives (d_k), new ones
    (n_k), their downloads (dd_k), and of every key together the distinct new (an_k) and all (ad_k) derivatives.
    Without the relation in a snapshot's files, they are NULL (the caller says why)."""
    if not has_relation:
        nulls = ", ".join(f"CAST(NULL AS BIGINT) AS {c}_{k}" for k in RANKS for c in ("d", "n", "dd", "an", "ad"))
        return "", "", ",\n       " + nulls
    deriv = "".join(
        f""",
           SUM(CASE WHEN relation = {k} THEN 1 ELSE 0 END) AS d_{k},
           SUM(CASE WHEN relation = {k} THEN is_new ELSE 0 END) AS n_{k},
           SUM(CASE WHEN relation = {k} THEN COALESCE(downloads, 0) ELSE 0 END) AS dd_{k}"""
        for k in RANKS
    )
    totals = "".join(
        f""",
           COUNT(DISTINCT CASE WHEN is_new = 1 AND relation = {k} THEN mid END) AS an_{k},
           COUNT(DISTINCT CASE WHEN relation = {k} THEN mid END) AS ad_{k}"""
        for k in RANKS
    )
    out = "".join(
        f""",
       COALESCE(d.d_{k}, 0) AS d_{k}, COALESCE(d.n_{k}, 0) AS n_{k}, COALESCE(d.dd_{k}, 0) AS dd_{k},
       COALESCE(t.an_{k}, 0) AS an_{k}, COALESCE(t.ad_{k}, 0) AS ad_{k}"""
        for k in RANKS
    )
    return deriv, totals, out


# The model line of a root: its registered organization's line (h_lines, parsed from the name in Python: the same
# `org/line` as `ecosystem --by line`), else the root's own repo id.
_LINE = "COALESCE(ln.line, ro.id)"
_LINE_JOIN = "LEFT JOIN h_lines ln ON ln.nsh = ro.nsh AND ln.id = ro.id"


_NL = "\n"
_ROOTS = """
ro AS (
    SELECT CAST(p.sid AS BIGINT) * 4294967296 + x.mid AS rk, x.id, x.nsh
    FROM h_roots x JOIN h_periods p ON p.as_of = x.as_of
),"""
# A line's own repos are its first-party members (as `ecosystem --by line` counts them): the roots themselves and
# their derivatives by the same owner, each once; a line with no third-party derivative gets no row (else every
# unregistered root would be a line of its own, in every period).
_LINE_MEMBERS = f"""
    SELECT period, key, COUNT(*) AS repos, SUM(COALESCE(downloads, 0)) AS downloads FROM (
        SELECT DISTINCT period, key, mid, downloads FROM (
            SELECT c.period, {_LINE} AS key, c.rk AS mid, c.downloads
            FROM ro JOIN r c ON c.rk = ro.rk {_LINE_JOIN}
            WHERE c.in_dump
            UNION ALL
            SELECT period, key, mid, downloads FROM pairs WHERE first_party
        ) own
    ) members GROUP BY period, key"""


def _repos_and_links(relation: str) -> str:
    """The CTEs every history query starts with: each snapshot's repos keyed by one integer per (snapshot, repo),
    and the lineage edges keyed the same way."""
    return f"""WITH r AS (
    SELECT p.period, p.period_end, CAST(p.sid AS BIGINT) * 4294967296 + x.mid AS rk, x.nsh, x.created,
           x.downloads, x.in_dump, {relation} AS relation, n.org_id, n.group_id, n.country, n.group_country
    FROM h_repos x JOIN h_periods p ON p.as_of = x.as_of LEFT JOIN h_ns n ON n.nsh = x.nsh
),
lin AS (
    SELECT CAST(p.sid AS BIGINT) * 4294967296 + l.mid AS ck, CAST(p.sid AS BIGINT) * 4294967296 + l.root AS rootk
    FROM h_lineage l JOIN h_periods p ON p.as_of = l.as_of
)"""


def history_sql(by: str, relations: bool = False, has_relation: bool = True) -> str:
    """The history query in DuckDB's SQL (plain enough to transpile): one row per period and key, integers only.

    Tables: h_periods (as_of, period, period_end, sid: a number per snapshot),
    h_repos (as_of, mid, nsh, created, downloads, likes, in_dump[, relation]), h_lineage (as_of, mid, root, depth),
    h_ns (nsh, org_id, group_id, country, group_country); by line also h_roots (as_of, mid, id, nsh) and h_lines
    (nsh, id, line). With `relations`, the columns of RELATION_COLUMNS follow COLUMNS (the adoption claims' query;
    `has_relation` False when the snapshots' files lack the relation: those columns are then NULL).
    """
    if by not in (*BY, *GROUP_KEYS):
        raise ValueError(f"by must be one of {', '.join(BY)}")
    line = by == LINE
    deriv_rel, totals_rel, out_rel = _per_relation(has_relation) if relations else ("", "", "")
    relation = "x.relation" if relations and has_relation else "CAST(NULL AS TINYINT)"
    owned = (
        _LINE_MEMBERS
        if line
        else f"""
    SELECT period, {_key(by, "")} AS key, COUNT(*) AS repos, SUM(COALESCE(downloads, 0)) AS downloads
    FROM r WHERE in_dump GROUP BY period, {_key(by, "")}"""
    )
    # Repos are keyed by one integer per (snapshot, repo): joined on (as_of, mid) pairs, DuckDB's optimizer
    # joined on as_of alone first (a cross product per snapshot, 30 s on 40k rows instead of milliseconds).
    return f"""
{_repos_and_links(relation)},{_ROOTS if line else ""}
pairs AS (
    SELECT c.period, c.rk AS mid, c.downloads, c.relation,
           CASE WHEN c.created >= c.period AND c.created < c.period_end THEN 1 ELSE 0 END AS is_new,
           {_LINE if line else _key(by, "rt.")} AS key,
           CASE WHEN rt.org_id IS NOT NULL THEN COALESCE(c.org_id = rt.org_id, FALSE)
                ELSE c.org_id IS NULL AND c.nsh = rt.nsh END AS first_party
    FROM lin l
    JOIN r c ON c.rk = l.ck
    JOIN r rt ON rt.rk = l.rootk{f"{_NL}    JOIN ro ON ro.rk = l.rootk {_LINE_JOIN}" if line else ""}
),
third AS (
    SELECT DISTINCT period, key, mid, is_new, downloads, relation FROM pairs WHERE NOT first_party
),
deriv AS (
    SELECT period, key, COUNT(*) AS derivatives, SUM(is_new) AS new_derivatives,
           SUM(COALESCE(downloads, 0)) AS derivative_downloads{deriv_rel}
    FROM third GROUP BY period, key
),
owned AS ({owned}
),
totals AS (
    SELECT period, COUNT(DISTINCT mid) AS all_derivatives,
           COUNT(DISTINCT CASE WHEN is_new = 1 THEN mid END) AS all_new{totals_rel}
    FROM third GROUP BY period
)
SELECT COALESCE(d.period, o.period) AS period, COALESCE(d.key, o.key) AS key,
       COALESCE(o.repos, 0) AS repos, COALESCE(o.downloads, 0) AS downloads,
       COALESCE(d.new_derivatives, 0) AS new_derivatives, COALESCE(d.derivatives, 0) AS derivatives,
       COALESCE(d.derivative_downloads, 0) AS derivative_downloads,
       COALESCE(t.all_new, 0) AS all_new, COALESCE(t.all_derivatives, 0) AS all_derivatives{out_rel}
FROM deriv d
{"LEFT" if line else "FULL OUTER"} JOIN owned o ON o.period = d.period AND o.key = d.key
LEFT JOIN totals t ON t.period = COALESCE(d.period, o.period)
ORDER BY period, key
"""


# The keys every adoption claim of one period may need besides the model line: one query computes them all, over
# one join of the lineage with the repos (a query per key made a claims file read the same snapshot six times).
KEYS_AT_ONCE = ("org", "group", "country", "group_country", "region", "group_region")


def keys_sql(bys: tuple[str, ...] = KEYS_AT_ONCE, has_relation: bool = True) -> str:
    """`history_sql(by, relations=True)` for several keys at once (not the model line): its rows for each key, with
    the key's name first (column `key_by`), in one query. Same tables, same integers."""
    if not bys or any(b not in (*BY, *GROUP_KEYS) or b == LINE for b in bys):
        raise ValueError(f"keys must be some of {', '.join(KEYS_AT_ONCE)}")
    deriv_rel, totals_rel, out_rel = _per_relation(has_relation)
    relation = "x.relation" if has_relation else "CAST(NULL AS TINYINT)"
    keys = ",\n           ".join(f"{_key(b, 'rt.')} AS k{i}" for i, b in enumerate(bys))
    blocks = "".join(
        f"""
third{i} AS (
    SELECT DISTINCT period, k{i} AS key, mid, is_new, downloads, relation FROM pairs WHERE NOT first_party
),
deriv{i} AS (
    SELECT period, key, COUNT(*) AS derivatives, SUM(is_new) AS new_derivatives,
           SUM(COALESCE(downloads, 0)) AS derivative_downloads{deriv_rel}
    FROM third{i} GROUP BY period, key
),
owned{i} AS (
    SELECT period, {_key(b, "")} AS key, COUNT(*) AS repos, SUM(COALESCE(downloads, 0)) AS downloads
    FROM r WHERE in_dump GROUP BY period, {_key(b, "")}
),"""
        for i, b in enumerate(bys)
    )
    selects = "\nUNION ALL\n".join(
        f"""SELECT '{b}' AS key_by, COALESCE(d.period, o.period) AS period, COALESCE(d.key, o.key) AS key,
       COALESCE(o.repos, 0) AS repos, COALESCE(o.downloads, 0) AS downloads,
       COALESCE(d.new_derivatives, 0) AS new_derivatives, COALESCE(d.derivatives, 0) AS derivatives,
       COALESCE(d.derivative_downloads, 0) AS derivative_downloads,
       COALESCE(t.all_new, 0) AS all_new, COALESCE(t.all_derivatives, 0) AS all_derivatives{out_rel}
FROM deriv{i} d
FULL OUTER JOIN owned{i} o ON o.period = d.period AND o.key = d.key
LEFT JOIN totals t ON t.period = COALESCE(d.period, o.period)"""
        for i, b in enumerate(bys)
    )
    return f"""
{_repos_and_links(relation)},
pairs AS (
    SELECT c.period, c.rk AS mid, c.downloads, c.relation,
           CASE WHEN c.created >= c.period AND c.created < c.period_end THEN 1 ELSE 0 END AS is_new,
           {keys},
           CASE WHEN rt.org_id IS NOT NULL THEN COALESCE(c.org_id = rt.org_id, FALSE)
                ELSE c.org_id IS NULL AND c.nsh = rt.nsh END AS first_party
    FROM lin l
    JOIN r c ON c.rk = l.ck
    JOIN r rt ON rt.rk = l.rootk
),{blocks}
totals AS (
    SELECT period, COUNT(DISTINCT mid) AS all_derivatives,
           COUNT(DISTINCT CASE WHEN is_new = 1 THEN mid END) AS all_new{totals_rel}
    FROM (SELECT DISTINCT period, mid, is_new, relation FROM pairs WHERE NOT first_party) third
    GROUP BY period
)
{selects}
ORDER BY key_by, period, key
"""


# An engine runs the query over the chosen snapshots and returns its rows as tuples in the query's column order.
Engine = Callable[[str, list[Period]], list[tuple[Any, ...]]]
COLUMNS = ("period", "key", "repos", "downloads", "new_derivatives", "derivatives", "derivative_downloads",
           "all_new", "all_derivatives")  # fmt: skip
RELATION_COLUMNS = tuple(f"{c}_{k}" for k in RANKS for c in ("d", "n", "dd", "an", "ad"))


def history(engine: Engine, snapshot_dates: list[dt.date], by: str = "country", every: str = "month",
            top: int | None = None) -> list[Row]:  # fmt: skip
    """Per period and key: repos, downloads, new and all third-party derivatives, their downloads, the share.

    `top` keeps the keys with the most new derivatives over the whole history (the shares stay of all).
    """
    chosen = periods(snapshot_dates, every)
    if not chosen:
        return []
    raw = [dict(zip(COLUMNS, r, strict=True)) for r in engine(history_sql(by), chosen)]
    label = EcoBy(by).value
    as_of = {p.start: p.as_of for p in chosen}
    keep: set[str] | None = None
    if top:
        new: dict[str, int] = {}
        for r in raw:
            new[r["key"]] = new.get(r["key"], 0) + int(r["new_derivatives"])
        keep = set(sorted(new, key=lambda k: (-new[k], k))[:top])
    out: list[Row] = []
    for r in raw:
        if keep is not None and r["key"] not in keep:
            continue
        start = _as_date(r["period"])
        out.append(
            {
                "period": start.strftime("%Y-%m") if every == "month" else start.isoformat(),
                "as_of": as_of[start].isoformat(),
                label: r["key"],
                "repos": int(r["repos"]),
                "downloads": int(r["downloads"]),
                "new_derivatives": int(r["new_derivatives"]),
                "derivatives": int(r["derivatives"]),
                "derivative_downloads": int(r["derivative_downloads"]),
                "share": round(int(r["new_derivatives"]) / int(r["all_new"]), 4) if r["all_new"] else 0.0,
            }
        )
    return out


def _as_date(value: Any) -> dt.date:
    """Engines give a period back as a date or (Spark, after some plans) a timestamp."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
