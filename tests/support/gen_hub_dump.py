"""Realistic synthetic Hub metadata dumps, in the schema of the public `hub-stats` models table.

    python tests/support/gen_hub_dump.py OUT.parquet N [--seed S]

The dump is generated inside DuckDB (no per-row Python objects), deterministically from the seed:
every random draw is a hash of (seed, row index, purpose), so the same arguments give the same file.

What it holds, for N repos:
- base models from the tracked organizations' Hub namespaces (the registry's, plus well-known
  ones), spread over 2022-2026, one every N/B rows; every 20th is a "star" that draws half of
  the derivatives (heavy tail);
- about 42% repos with no base model, the rest derivatives: 65% of a base model, 35% of any
  earlier repo (so chains grow several levels deep), related as finetune (45%), quantized (35%),
  adapter (15%) or merge (5%, with a second parent);
- the quirks a real dump has: first-party re-packs (same namespace as the parent), parents missing
  from the dump (deleted repos), base models given only in cardData, ids in a different case,
  two-repo cycles reachable from a root and pure cycles with no root;
- heavy-tailed downloads and likes; tags including `base_model:ORG/NAME`,
  `base_model:<relation>:ORG/NAME` and `license:...`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# Base-model namespaces seen on the Hub besides the registry's own (some resolve to no registered org).
WELL_KNOWN = [
    "meta-llama",
    "Qwen",
    "google",
    "mistralai",
    "microsoft",
    "deepseek-ai",
    "zai-org",
    "THUDM",
    "openai",
    "nvidia",
    "ibm-granite",
    "allenai",
    "tiiuae",
    "stabilityai",
    "black-forest-labs",
    "HuggingFaceTB",
    "01-ai",
    "baichuan-inc",
    "moonshotai",
    "MiniMaxAI",
    "stepfun-ai",
    "internlm",
    "openbmb",
    "CohereLabs",
    "apple",
]
QUANTIZERS = ["TheBloke", "bartowski", "mradermacher", "unsloth", "lmstudio-community", "QuantFactory", "MaziyarPanahi"]
START = "2022-03-01"
SPAN_DAYS = 1705  # to the end of October 2026


def base_namespaces() -> list[str]:
    """The registry's Hub namespaces (bundled data) followed by the well-known ones, without repeats."""
    names: list[str] = []
    try:
        from modelwatch.config import data_dir
        from modelwatch.sources.registry import load_registry

        reg = load_registry(data_dir())
        names = [ns for o in reg.organizations.values() for ns in o.aliases.get("hub", [])]
    except Exception:  # noqa: BLE001 - the generator works without the package too
        names = []
    seen: set[str] = set()
    out = []
    for ns in [*names, *WELL_KNOWN]:
        if ns.casefold() not in seen:
            seen.add(ns.casefold())
            out.append(ns)
    return out


_SALTS: dict[str, int] = {}


def _u(salt: str) -> str:
    """A uniform draw in [0, 1) from the row index, the seed and a purpose (independent draws per purpose)."""
    k = _SALTS.setdefault(salt, len(_SALTS) + 1)
    return f"(hash(i * 1024 + {k} + $seed * 1099511627776)::DOUBLE / 18446744073709551616.0)"


def generate(path: Path | str, n: int, seed: int = 0, namespaces: list[str] | None = None) -> Path:
    """Write a dump of `n` repos to `path` (Parquet, zstd) and return the path."""
    import duckdb

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ns_list = namespaces or base_namespaces()
    n_base = max(20, n // 2000)
    stride = max(1, n // n_base)
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = true")
    p = {"seed": seed}
    con.execute(
        "CREATE TABLE ns AS SELECT unnest($1::VARCHAR[]) AS ns, generate_subscripts($1::VARCHAR[], 1) - 1 AS k",
        [ns_list],
    )
    con.execute(
        "CREATE TABLE q AS SELECT unnest($1::VARCHAR[]) AS ns, generate_subscripts($1::VARCHAR[], 1) - 1 AS k",
        [QUANTIZERS],
    )
    # 1. the shape of each row: base model, isolated, or derivative with its parent indices
    con.execute(
        f"""
        CREATE TABLE g AS
        WITH r AS (
            SELECT i, i % {stride} = 0 AND i // {stride} < {n_base} AS is_base,
                   {_u("kind")} AS u_kind, {_u("ptype")} AS u_ptype, {_u("pick")} AS u_pick,
                   {_u("star")} AS u_star, {_u("rel")} AS u_rel, {_u("p2")} AS u_p2, {_u("gone")} AS u_gone,
                   {_u("own")} AS u_own, {_u("card")} AS u_card, {_u("case")} AS u_case, {_u("ns")} AS u_ns,
                   {_u("dl")} AS u_dl, {_u("like")} AS u_like, {_u("at")} AS u_at, {_u("lic")} AS u_lic
            FROM range({n}) t(i)
        ), d AS (
            SELECT *, least(i // {stride}, {n_base - 1}) AS kmax,
                   CASE WHEN is_base THEN 'base' WHEN u_kind < 0.42 THEN 'isolated' ELSE 'derivative' END AS kind
            FROM r
        )
        SELECT *,
            CASE WHEN kind <> 'derivative' THEN NULL
                 WHEN u_ptype < 0.65 THEN
                     (CASE WHEN u_star < 0.5 THEN (floor(u_pick * (kmax // 20 + 1)) * 20)::BIGINT
                           ELSE floor(u_pick * (kmax + 1))::BIGINT END) * {stride}
                 ELSE floor(u_pick * i)::BIGINT END AS p1,
            CASE WHEN kind <> 'derivative' THEN NULL
                 WHEN u_rel < 0.45 THEN 'finetune' WHEN u_rel < 0.80 THEN 'quantized'
                 WHEN u_rel < 0.95 THEN 'adapter' ELSE 'merge' END AS relation
        FROM d
        """,
        p,
    )
    # 2. names, namespaces and parent ids (a first-party re-pack keeps its parent's namespace)
    con.execute(
        f"""
        CREATE TABLE h AS
        WITH b AS (
            SELECT g.*, CASE WHEN relation = 'merge' THEN floor(u_p2 * i)::BIGINT END AS p2,
                   CASE WHEN is_base THEN (SELECT ns FROM ns WHERE ns.k = (i // {stride}) % (SELECT count(*) FROM ns))
                   END AS base_ns
            FROM g
        )
        SELECT b.*,
            CASE WHEN b.is_base THEN b.base_ns || '/Base-' || (b.i // {stride}) || '-' || (1 + b.i % 70) || 'B'
                 ELSE (CASE WHEN b.kind = 'derivative' AND b.u_own < 0.08 AND pb.is_base THEN pb.base_ns
                            WHEN b.relation = 'quantized' AND b.u_ns < 0.5 THEN
                                (SELECT ns FROM q WHERE q.k = b.i % {len(QUANTIZERS)})
                            ELSE 'user' || floor({max(10, n // 3)} * pow(b.u_ns, 2.5))::BIGINT END)
                      || '/' || CASE b.relation WHEN 'quantized' THEN 'Quant' WHEN 'adapter' THEN 'LoRA'
                                 WHEN 'merge' THEN 'Merge' WHEN 'finetune' THEN 'FT' ELSE 'Model' END
                      || '-' || b.i || CASE WHEN b.relation = 'quantized' THEN '-GGUF' ELSE '' END
            END AS id
        FROM b LEFT JOIN b pb ON pb.i = b.p1
        """
    )
    con.execute(
        f"""
        CREATE TABLE e AS
        SELECT h.i AS child, CASE WHEN h.u_gone < 0.005 THEN 'gone-' || (h.i % 97) || '/deleted-model-' || (h.i % 1000)
                                  WHEN h.u_case < 0.02 THEN lower(p.id) ELSE p.id END AS parent, h.relation
        FROM h JOIN h p ON p.i = h.p1
        UNION ALL
        SELECT h.i, p.id, h.relation FROM h JOIN h p ON p.i = h.p2
        UNION ALL
        -- cycles reachable from a root: an earlier non-base parent lists its child as a merge source
        SELECT child, parent, 'merge' FROM (
            SELECT h.p1 AS child_i, p.id AS parent_dummy, h.id AS parent, h.p1 AS child,
                   row_number() OVER (ORDER BY h.i DESC) AS rn
            FROM h JOIN h p ON p.i = h.p1
            WHERE h.kind = 'derivative' AND p.kind = 'derivative' AND h.relation = 'finetune' AND h.u_gone >= 0.005
        ) WHERE rn <= {max(2, n // 100000)}
        UNION ALL
        -- pure cycles: pairs of isolated repos that name each other
        SELECT a, b_id, 'finetune' FROM (
            SELECT i AS a, lead(id) OVER (ORDER BY i) AS b_id, lead(i) OVER (ORDER BY i) AS b,
                   row_number() OVER (ORDER BY i) AS rn
            FROM h WHERE kind = 'isolated'
        ) WHERE rn % 2 = 1 AND rn <= 2 * {max(1, n // 200000)} AND b_id IS NOT NULL
        UNION ALL
        SELECT b, a_id, 'finetune' FROM (
            SELECT lag(id) OVER (ORDER BY i) AS a_id, i AS b, row_number() OVER (ORDER BY i) AS rn
            FROM h WHERE kind = 'isolated'
        ) WHERE rn % 2 = 0 AND rn <= 2 * {max(1, n // 200000)}
        """
    )
    # 3. the dump itself
    con.execute(
        f"""
        COPY (
            WITH bm AS (
                SELECT child, list(parent ORDER BY parent) AS parents, any_value(relation) AS relation
                FROM e GROUP BY child
            ), rows AS (
                SELECT h.*, bm.parents, coalesce(bm.relation, h.relation) AS rel,
                       TIMESTAMPTZ '{START} 00:00:00+00' + to_microseconds(
                           (((h.i::DOUBLE / {n}) * {SPAN_DAYS} + h.u_at * 2) * 86400000000)::BIGINT) AS created
                FROM h LEFT JOIN bm ON bm.child = h.i
            )
            SELECT
                id,
                split_part(id, '/', 1) AS author,
                md5(id) AS sha,
                created AS createdAt,
                least(created + to_microseconds((u_like * 90 * 86400000000)::BIGINT),
                      TIMESTAMPTZ '{START} 00:00:00+00' + INTERVAL {SPAN_DAYS + 2} DAY) AS lastModified,
                false AS private,
                CASE WHEN is_base AND u_lic < 0.2 THEN 'manual' ELSE 'False' END AS gated,
                false AS disabled,
                least(floor((CASE WHEN is_base THEN 1000 ELSE 1 END) * pow(1 - u_dl, -1.2)) - 1, 100000000)::BIGINT
                    AS downloads,
                least(floor((CASE WHEN is_base THEN 1000 ELSE 1 END) * pow(1 - u_dl, -1.2)) - 1, 100000000)::BIGINT
                    * (1 + floor(u_like * 20))::BIGINT AS downloadsAllTime,
                floor(pow(1 - u_like, -0.9) - 1)::BIGINT * CASE WHEN is_base THEN 50 ELSE 1 END AS likes,
                CASE WHEN rel = 'adapter' THEN 'peft' WHEN rel = 'quantized' THEN 'gguf' ELSE 'transformers' END
                    AS library_name,
                list_concat(
                    [library_name, CASE WHEN rel = 'quantized' THEN 'gguf' ELSE 'safetensors' END,
                     'text-generation', 'license:' || lic],
                    CASE WHEN parents IS NULL OR u_card < 0.03 THEN []::VARCHAR[]
                         ELSE list_concat(
                             list_transform(parents, lambda x: 'base_model:' || x),
                             list_transform(parents, lambda x: 'base_model:' || rel || ':' || x)) END,
                    ['region:us', 'endpoints_compatible']
                ) AS tags,
                CASE WHEN i % 11 = 0 THEN NULL ELSE 'text-generation' END AS pipeline_tag,
                CASE WHEN parents IS NOT NULL
                     THEN json_object('license', lic, 'base_model',
                                      CASE WHEN len(parents) = 1 THEN to_json(parents[1]) ELSE to_json(parents) END,
                                      'base_model_relation', rel)::VARCHAR
                     WHEN u_card < 0.5 THEN json_object('license', lic)::VARCHAR END AS cardData,
                CASE WHEN rel = 'quantized' OR u_lic < 0.1 THEN NULL
                     ELSE {{'total': (1 + i % 70)::BIGINT * 1000000000}} END AS safetensors
            FROM (SELECT *, CASE WHEN u_lic < 0.4 THEN 'apache-2.0' WHEN u_lic < 0.6 THEN 'mit'
                                 WHEN u_lic < 0.75 THEN 'llama3.1' WHEN u_lic < 0.8 THEN 'cc-by-nc-4.0'
                                 ELSE 'other' END AS lic FROM rows)
            ORDER BY i
        ) TO '{path}' (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)
        """
    )
    con.close()
    return path


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    generate(args.out, args.n, args.seed)
    print(f"wrote {args.out} ({args.n} repos)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
