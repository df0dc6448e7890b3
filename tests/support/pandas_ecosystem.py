"""The same ecosystem answers as `modelwatch import hub-dump` + `modelwatch ecosystem`, in plain pandas.

The obvious alternative, kept for the benchmark and as an independent check in the tests: read the
Parquet file with pandas, explode the tags, walk the base-model graph breadth-first with merges,
aggregate with groupby. Same rules as modelwatch.analyze.ecosystem (see its docstring).

    python -m tests.support.pandas_ecosystem DUMP.parquet [--by org|group|country|line] [--year Y] [--top N]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from modelwatch.analyze.ecosystem import NO_COUNTRY, REGIONS, REST, UNREGISTERED
from modelwatch.sources.hub_dump import RELATION_RANK
from modelwatch.store.hub_dump import MAX_DEPTH
from tests.support.peers import NAMESPACE_COLUMNS, RANK_REL, WANTED, arguments, card_parents, counts, namespaces
from tests.support.peers import round4 as _round4


def _orgs(data_dir: Path | None) -> pd.DataFrame:
    df = pd.DataFrame(namespaces(data_dir), columns=NAMESPACE_COLUMNS)
    df = df.sort_values("org_id").drop_duplicates("ns", keep="first")
    return df


def load(path: Path, data_dir: Path | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Repos (with their org) and lineage pairs (derivative, root, depth), as the import builds them."""
    import pyarrow.parquet as pq

    names = set(pq.read_schema(path).names)
    cols = [c for c in WANTED if c in names]
    df = pd.read_parquet(path, columns=cols)
    df["mid"] = range(1, len(df) + 1)
    for c in WANTED:
        if c not in df.columns:
            df[c] = None
    # edges from tags
    tags = df[["mid", "tags"]].explode("tags").dropna(subset=["tags"])
    tags = tags[tags["tags"].str.startswith("base_model:")]
    t = tags["tags"].str.slice(11)
    has_rel = t.str.contains(":", regex=False)
    parts = t.str.split(":", n=1, expand=True).reindex(columns=[0, 1])
    tag_edges = pd.DataFrame(
        {"mid": tags["mid"], "rel": parts[0].where(has_rel, None), "parent": parts[1].where(has_rel, t)}
    )
    # edges from cardData, only for repos whose tags name no base model
    card = df.loc[df["cardData"].notna() & ~df["mid"].isin(tag_edges["mid"]), ["mid", "cardData"]]
    card = card[card["cardData"].str.contains("base_model", regex=False)]
    card_rows = [(m, rel, p) for m, c in zip(card["mid"], card["cardData"], strict=True) for rel, p in card_parents(c)]
    card_edges = pd.DataFrame(card_rows, columns=["mid", "rel", "parent"])
    edges = pd.concat([tag_edges, card_edges], ignore_index=True)
    edges["parent"] = edges["parent"].astype(str).str.strip()
    bad = edges["parent"].str.contains(" ", regex=False) | edges["parent"].str.contains(":", regex=False)
    edges = edges[(edges["parent"] != "") & ~bad]
    edges = edges[edges["rel"].isna() | edges["rel"].isin(list(RELATION_RANK))]
    edges["rank"] = edges["rel"].map(RELATION_RANK)
    edges["pkey"] = edges["parent"].str.lower()
    edges = edges.groupby(["mid", "pkey"], as_index=False).agg(parent_id=("parent", "min"), rank=("rank", "max"))
    edges["rank"] = edges["rank"].fillna(1).astype(int)
    # ids: repos in the dump, then parents absent from it
    df["key"] = df["id"].str.lower()
    keys = df.drop_duplicates("key")[["key", "mid"]]
    absent = edges[~edges["pkey"].isin(keys["key"])].groupby("pkey", as_index=False)["parent_id"].min()
    absent = absent.sort_values("parent_id").reset_index(drop=True)
    absent["mid"] = len(df) + 1 + absent.index
    allkeys = pd.concat([keys, absent.rename(columns={"pkey": "key"})[["key", "mid"]]])
    edges = edges.merge(allkeys.rename(columns={"key": "pkey", "mid": "parent"}), on="pkey")
    edges = edges.rename(columns={"mid": "child"})
    edges = edges[edges["parent"] != edges["child"]]
    # repos table
    ns = df["author"].where(df["author"].notna() & (df["author"] != ""), None)
    ns = ns.fillna(df["id"].where(df["id"].str.contains("/", regex=False), "").str.split("/").str[0])
    relation = edges.groupby("child")["rank"].max().map(RANK_REL)
    models = pd.DataFrame(
        {
            "mid": df["mid"],
            "id": df["id"],
            "namespace": ns,
            "created": pd.to_datetime(df["createdAt"], utc=True, errors="coerce"),
            "downloads": pd.to_numeric(df["downloads"], errors="coerce"),
            "in_dump": True,
        }
    )
    models["relation"] = models["mid"].map(relation)
    extra = pd.DataFrame(
        {
            "mid": absent["mid"],
            "id": absent["parent_id"],
            "namespace": absent["parent_id"]
            .where(absent["parent_id"].str.contains("/", regex=False), "")
            .str.split("/")
            .str[0],
            "created": pd.NaT,
            "downloads": float("nan"),
            "in_dump": False,
            "relation": None,
        }
    )
    models = pd.concat([models, extra], ignore_index=True)
    models["created"] = pd.to_datetime(models["created"], utc=True)
    orgs = _orgs(data_dir)
    models["ns"] = models["namespace"].str.lower()
    models = models.merge(orgs, on="ns", how="left").drop(columns="ns")
    # lineage: breadth first from the roots, each (root, repo) pair at its shortest depth
    e = edges[["parent", "child"]].drop_duplicates()
    roots = pd.Index(e["parent"].unique()).difference(pd.Index(e["child"].unique()))
    frontier = pd.DataFrame({"root": roots, "mid": roots})
    seen = [frontier.assign(depth=0)]
    seen_pairs = set(zip(frontier["root"], frontier["mid"], strict=True))
    for depth in range(1, MAX_DEPTH + 1):
        nxt = frontier.merge(e, left_on="mid", right_on="parent")[["root", "child"]].rename(columns={"child": "mid"})
        nxt = nxt.drop_duplicates()
        fresh = [(r, m) not in seen_pairs for r, m in zip(nxt["root"], nxt["mid"], strict=True)]
        nxt = nxt[fresh]
        if nxt.empty:
            break
        seen_pairs.update(zip(nxt["root"], nxt["mid"], strict=True))
        seen.append(nxt.assign(depth=depth))
        frontier = nxt
    lineage = pd.concat(seen, ignore_index=True)
    lineage = lineage[lineage["depth"] > 0]
    return models, lineage


def _pairs(models: pd.DataFrame, lineage: pd.DataFrame, year: int | None) -> pd.DataFrame:
    c = models.add_prefix("c_")
    r = models.add_prefix("r_")
    p = lineage.merge(c, left_on="mid", right_on="c_mid").merge(r, left_on="root", right_on="r_mid")
    if year is not None:
        p = p[p["c_created"].dt.year == year]
    same_org = p["r_org_id"].notna() & (p["c_org_id"] == p["r_org_id"])
    same_ns = (
        p["r_org_id"].isna() & p["c_org_id"].isna() & (p["c_namespace"].str.lower() == p["r_namespace"].str.lower())
    )
    p = p.assign(first_party=same_org | same_ns, downloads=p["c_downloads"].fillna(0))
    return p


def _key(frame: pd.DataFrame, by: str, regions: bool, prefix: str) -> pd.Series:
    if by == "org":
        return frame[f"{prefix}org_id"].fillna(UNREGISTERED)
    if by == "group":
        return frame[f"{prefix}group_id"].fillna(UNREGISTERED)
    country = frame[f"{prefix}country"]
    if regions:
        return country.map(lambda c: NO_COUNTRY if pd.isna(c) else REGIONS.get(c, REST))
    return country.fillna(NO_COUNTRY)


def summary(
    models: pd.DataFrame,
    lineage: pd.DataFrame,
    by: str = "org",
    year: int | None = None,
    top: int | None = 20,
    regions: bool = False,
) -> list[dict[str, Any]]:
    p = _pairs(models, lineage, year)
    m_year = models if year is None else models[models["created"].dt.year == year]
    if by == "line":
        from modelwatch.analyze.ecosystem import line_key

        registered = models[models["mid"].isin(lineage["root"]) & models["org_id"].notna()]
        fam = {
            m: line_key(o, i) for m, o, i in zip(registered["mid"], registered["org_id"], registered["id"], strict=True)
        }
        p["key"] = p["root"].map(fam).fillna(p["r_id"])
        roots = m_year[m_year["in_dump"] & m_year["mid"].isin(lineage["root"])]
        own = pd.concat(
            [
                pd.DataFrame(
                    {
                        "key": roots["mid"].map(fam).fillna(roots["id"]),
                        "mid": roots["mid"],
                        "downloads": roots["downloads"].fillna(0),
                    }
                ),
                p.loc[p["first_party"], ["key", "mid", "downloads"]],
            ]
        ).drop_duplicates()
    else:
        p["key"] = _key(p, by, regions, "r_")
        mm = m_year[m_year["in_dump"]]
        own = pd.DataFrame({"key": _key(mm, by, regions, ""), "mid": mm["mid"], "downloads": mm["downloads"].fillna(0)})
    third = p[~p["first_party"]]
    total = third["mid"].nunique()
    t = third.groupby(["key", "mid"], as_index=False).agg(
        depth=("depth", "min"), relation=("c_relation", "first"), downloads=("downloads", "first")
    )
    deriv = t.groupby("key").agg(
        derivatives=("mid", "size"),
        direct=("depth", lambda s: int((s == 1).sum())),
        derivative_downloads=("downloads", "sum"),
    )
    for rel in RELATION_RANK:
        if rel not in deriv.columns:
            deriv[rel] = t[t["relation"] == rel].groupby("key").size()
    owned = own.groupby("key").agg(repos=("mid", "size"), downloads=("downloads", "sum"))
    how = "left" if by == "line" else "outer"
    out = deriv.join(owned, how=how).fillna(0).reset_index().rename(columns={"index": "key"})
    out = out.sort_values(["derivatives", "repos", "key"], ascending=[False, False, True])
    if top:
        out = out.head(top)
    label = {"org": "org", "group": "group", "country": "region" if regions else "country", "line": "line"}[by]
    orgs = models.dropna(subset=["org_id"]).drop_duplicates("org_id").set_index("org_id")["country"]
    groups = models.dropna(subset=["group_id"]).groupby("group_id")["country"].min()
    owners = p.groupby("key").agg(org=("r_org_id", "first"), country=("r_country", "first")) if by == "line" else None
    result = []
    for rank, r in enumerate(out.to_dict("records"), 1):
        row: dict[str, Any] = {"rank": rank, label: r["key"]}
        if by == "org":
            row["country"] = orgs.get(r["key"], "") or ""
        elif by == "group":
            row["country"] = groups.get(r["key"], "") or ""
        elif by == "line" and owners is not None:
            org = owners.loc[r["key"], "org"]
            row["org"] = org if isinstance(org, str) else UNREGISTERED
            country = owners.loc[r["key"], "country"]
            row["country"] = country if isinstance(country, str) else ""
        row.update(counts(r, total))
        result.append(row)
    return result


def monthly_share(
    models: pd.DataFrame, lineage: pd.DataFrame, year: int | None = None, regions: bool = False, top: int | None = 6
) -> list[dict[str, Any]]:
    p = _pairs(models, lineage, year)
    p = p[~p["first_party"] & p["c_created"].notna()].copy()
    p["month"] = p["c_created"].dt.strftime("%Y-%m")
    p["key"] = _key(p, "country", regions, "r_")
    t = p[["month", "mid", "key"]].drop_duplicates()
    totals = t.groupby("month")["mid"].nunique()
    per_key = t.groupby("key").size()
    ranked = sorted(per_key.index, key=lambda k: (-per_key[k], k))
    keep = ranked[:top] if top else ranked
    rest = [k for k in ranked if k not in keep]
    cells = t.groupby(["month", "key"]).size()
    other = t[t["key"].isin(rest)].groupby("month")["mid"].nunique()
    result = []
    for month in sorted(totals.index):
        n = int(totals[month])
        row: dict[str, Any] = {"month": month, "derivatives": n}
        for k in keep:
            row[k] = _round4(int(cells.get((month, k), 0)) / n)
        if rest:
            row["others"] = _round4(int(other.get(month, 0)) / n)
        result.append(row)
    return result


def main(argv: list[str]) -> int:
    ap = arguments(__doc__ or "", ["org", "group", "country", "line"])
    ap.add_argument("--year", type=int)
    args = ap.parse_args(argv)
    models, lineage = load(args.dump, args.data)
    print(json.dumps(summary(models, lineage, args.by, args.year, args.top or None), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
