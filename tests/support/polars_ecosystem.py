"""The same ecosystem answer as `modelwatch import hub-dump` + `modelwatch ecosystem`, in polars.

The second peer of the benchmark, written as a polars user would: a lazy scan of the Parquet file, the
base-model links extracted with expressions (the few cards needing JSON parsed on their own), the graph walked
breadth first over integer ids with anti-joins, the answer aggregated lazily. Same rules as
modelwatch.analyze.ecosystem; checked identical to it in the tests and before the benchmark times it.

    python -m tests.support.polars_ecosystem DUMP.parquet [--by org|group|country] [--regions] [--top N]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import polars as pl

from modelwatch.analyze.ecosystem import NO_COUNTRY, REGIONS, REST, UNREGISTERED
from modelwatch.records import BASE_RELATIONS
from modelwatch.sources.hub_dump import RELATION_RANK
from modelwatch.store.hub_dump import MAX_DEPTH
from tests.support.peers import NAMESPACE_COLUMNS, RANK_REL, WANTED, arguments, card_parents, counts, namespaces


def _orgs(data_dir: Path | None) -> pl.DataFrame:
    frame = pl.DataFrame(namespaces(data_dir), schema=NAMESPACE_COLUMNS, orient="row")
    return frame.sort("org_id").unique("ns", keep="first", maintain_order=True)


def load(path: Path, data_dir: Path | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Repos (with their org) and lineage pairs (mid, root, depth), as the import builds them."""
    names = set(pl.read_parquet_schema(path))
    scan = pl.scan_parquet(path).select([c for c in WANTED if c in names])
    scan = scan.with_columns(pl.lit(None, pl.String).alias(c) for c in WANTED if c not in names)
    df = scan.with_row_index("mid", offset=1).with_columns(pl.col("mid").cast(pl.Int64)).collect()
    n = df.height
    # links from tags: base_model:ORG/NAME or base_model:REL:ORG/NAME
    tags = (
        df.lazy()
        .select("mid", "tags")
        .explode("tags")
        .filter(pl.col("tags").str.starts_with("base_model:"))
        .with_columns(t=pl.col("tags").str.slice(11))
        .with_columns(parts=pl.col("t").str.splitn(":", 2))
        .select(
            "mid",
            rel=pl.when(pl.col("t").str.contains(":", literal=True)).then(pl.col("parts").struct.field("field_0")),
            parent=pl.when(pl.col("t").str.contains(":", literal=True))
            .then(pl.col("parts").struct.field("field_1"))
            .otherwise(pl.col("t")),
        )
        .collect()
    )
    # links from cardData, only for repos whose tags name no base model (few: parsed one by one)
    cards = df.filter(
        pl.col("cardData").is_not_null()
        & pl.col("cardData").str.contains("base_model", literal=True)
        & ~pl.col("mid").is_in(tags["mid"].unique().implode())
    ).select("mid", "cardData")
    card_rows = [
        {"mid": m, "rel": rel, "parent": parent}
        for m, c in zip(cards["mid"], cards["cardData"], strict=True)
        for rel, parent in card_parents(c)
    ]
    card_edges = pl.DataFrame(card_rows, schema={"mid": pl.Int64, "rel": pl.String, "parent": pl.String})
    ranks = pl.DataFrame({"rel": list(RELATION_RANK), "rank": list(RELATION_RANK.values())})
    edges = (
        pl.concat([tags.lazy(), card_edges.lazy()])
        .with_columns(pl.col("parent").str.strip_chars())
        .filter(
            (pl.col("parent") != "")
            & ~pl.col("parent").str.contains(" ", literal=True)
            & ~pl.col("parent").str.contains(":", literal=True)
            & (pl.col("rel").is_null() | pl.col("rel").is_in(list(RELATION_RANK)))
        )
        .join(ranks.lazy(), on="rel", how="left")
        .with_columns(pkey=pl.col("parent").str.to_lowercase().hash())  # ids matched as 64-bit hashes
        .group_by("mid", "pkey")
        .agg(parent_id=pl.col("parent").min(), rank=pl.col("rank").max().fill_null(1))
        .collect()
    )
    # ids: repos in the dump, then parents absent from it, numbered after the file's rows
    keys = df.group_by(key=pl.col("id").str.to_lowercase().hash()).agg(pl.col("mid").min())  # an id's first row
    absent = (
        edges.join(keys, left_on="pkey", right_on="key", how="anti")
        .group_by("pkey")
        .agg(parent_id=pl.col("parent_id").min())
        .sort("parent_id")
        .with_row_index("i")
        .with_columns(mid=(pl.col("i") + n + 1).cast(pl.Int64))
    )
    allkeys = pl.concat([keys, absent.select(key="pkey", mid="mid")])
    edges = (
        edges.join(allkeys, left_on="pkey", right_on="key", suffix="_p")
        .rename({"mid": "child", "mid_p": "parent"})
        .filter(pl.col("parent") != pl.col("child"))
    )
    relation = (
        edges.group_by("child")
        .agg(pl.col("rank").max())
        .select(mid="child", relation=pl.col("rank").replace_strict(RANK_REL, return_dtype=pl.String))
    )

    def namespace(col: str, author: pl.Expr) -> pl.Expr:
        slash = pl.col(col).str.contains("/", literal=True)
        own = pl.when(slash).then(pl.col(col).str.split_exact("/", 1).struct.field("field_0")).otherwise(pl.lit(""))
        return pl.when(author.is_not_null() & (author != "")).then(author).otherwise(own)

    models = pl.concat(
        [
            df.select(
                "mid",
                "id",
                namespace=namespace("id", pl.col("author")),
                created=pl.col("createdAt"),
                downloads=pl.col("downloads").cast(pl.Int64),
                in_dump=pl.lit(True),
            ),
            absent.select(
                "mid",
                id="parent_id",
                namespace=namespace("parent_id", pl.lit(None, pl.String)),
                created=pl.lit(None, df.schema["createdAt"]),
                downloads=pl.lit(None, pl.Int64),
                in_dump=pl.lit(False),
            ),
        ]
    )
    models = (
        models.join(relation, on="mid", how="left")
        .with_columns(ns=pl.col("namespace").str.to_lowercase())
        .join(_orgs(data_dir), on="ns", how="left")
        .drop("ns")
    )
    # lineage: breadth first from the roots, one level at a time (distinct pairs per level, a depth cap so that
    # cycles end), then each (root, repo) pair at its shortest depth
    e = edges.select("parent", "child").unique()
    roots = e.select(pl.col("parent").unique()).join(e.select(parent="child"), on="parent", how="anti")
    frontier = roots.select(root="parent", mid="parent")
    found = []
    for depth in range(1, MAX_DEPTH + 1):
        frontier = frontier.join(e, left_on="mid", right_on="parent").select("root", mid="child").unique()
        if frontier.is_empty():
            break
        found.append(frontier.with_columns(depth=pl.lit(depth, pl.Int32)))
    schema = {"root": pl.Int64, "mid": pl.Int64, "depth": pl.Int32}
    lineage = (
        pl.concat(found).group_by("root", "mid").agg(pl.col("depth").min()) if found else pl.DataFrame(schema=schema)
    )
    return models, lineage


def _key(by: str, regions: bool, prefix: str) -> pl.Expr:
    if by == "org":
        return pl.col(f"{prefix}org_id").fill_null(UNREGISTERED)
    if by == "group":
        return pl.col(f"{prefix}group_id").fill_null(UNREGISTERED)
    country = pl.col(f"{prefix}country")
    if regions:
        return (
            pl.when(country.is_null()).then(pl.lit(NO_COUNTRY)).otherwise(country.replace_strict(REGIONS, default=REST))
        )
    return country.fill_null(NO_COUNTRY)


def summary(
    models: pl.DataFrame, lineage: pl.DataFrame, by: str = "org", top: int | None = 20, regions: bool = False
) -> list[dict[str, Any]]:
    """Repos, downloads and third-party derivatives per key of the root (org, group, country or region)."""
    m = models.lazy()
    c = m.select(pl.all().name.prefix("c_"))
    r = m.select(pl.all().name.prefix("r_"))
    pairs = (
        lineage.lazy()
        .join(c, left_on="mid", right_on="c_mid")
        .join(r, left_on="root", right_on="r_mid")
        .with_columns(
            first_party=(pl.col("r_org_id").is_not_null() & (pl.col("c_org_id") == pl.col("r_org_id")).fill_null(False))
            | (
                pl.col("r_org_id").is_null()
                & pl.col("c_org_id").is_null()
                & (pl.col("c_namespace").str.to_lowercase() == pl.col("r_namespace").str.to_lowercase())
            ),
            downloads=pl.col("c_downloads").fill_null(0),
            key=_key(by, regions, "r_"),
        )
    )
    third = pairs.filter(~pl.col("first_party"))
    total = third.select(pl.col("mid").n_unique()).collect().item()
    per_repo = third.group_by("key", "mid").agg(
        pl.col("depth").min(), pl.col("c_relation").first().alias("relation"), pl.col("downloads").first()
    )
    deriv = per_repo.group_by("key").agg(
        derivatives=pl.len(),
        direct=(pl.col("depth") == 1).sum(),
        **{rel: (pl.col("relation") == rel).sum() for rel in BASE_RELATIONS},
        derivative_downloads=pl.col("downloads").sum(),
    )
    owned = (
        m.filter(pl.col("in_dump"))
        .group_by(key=_key(by, regions, ""))
        .agg(repos=pl.len(), downloads=pl.col("downloads").fill_null(0).sum())
    )
    numbers = ["derivatives", "direct", *BASE_RELATIONS, "derivative_downloads", "repos", "downloads"]
    out = (
        deriv.join(owned, on="key", how="full", coalesce=True)
        .with_columns(pl.col(numbers).fill_null(0))
        .sort(["derivatives", "repos", "key"], descending=[True, True, False])
    )
    if top:
        out = out.head(top)
    rows = out.collect().to_dicts()
    label = {"org": "org", "group": "group", "country": "region" if regions else "country"}[by]
    registered = models.filter(pl.col("org_id").is_not_null())
    orgs = dict(registered.unique("org_id", keep="first", maintain_order=True).select("org_id", "country").iter_rows())
    groups = dict(registered.group_by("group_id").agg(pl.col("country").min()).iter_rows())
    result = []
    for rank, row in enumerate(rows, 1):
        item: dict[str, Any] = {"rank": rank, label: row["key"]}
        if by == "org":
            item["country"] = orgs.get(row["key"]) or ""
        elif by == "group":
            item["country"] = groups.get(row["key"]) or ""
        item.update(counts(row, total))
        result.append(item)
    return result


def main(argv: list[str]) -> int:
    ap = arguments(__doc__ or "", ["org", "group", "country"])
    ap.add_argument("--regions", action="store_true")
    args = ap.parse_args(argv)
    models, lineage = load(args.dump, args.data)
    print(json.dumps(summary(models, lineage, args.by, args.top or None, args.regions), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
