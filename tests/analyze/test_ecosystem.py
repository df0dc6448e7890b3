"""`modelwatch import hub-dump` + `modelwatch ecosystem` on a tiny literal dump with exact numbers,
and on generated dumps checked against two independent implementations (plain Python, pandas)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tests.conftest import Run

Mw = Callable[..., Run]
UNREG = "other (unregistered)"


def _ts(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)


# id, created, downloads, tags (beside license), cardData
TINY: list[tuple[str, str, int, list[str], str | None]] = [
    ("DragonAI/Dragon-2-7B", "2025-03-08", 1000, [], None),  # 1 root (dragon, CN)
    ("DragonAI/Dragon-2-7B-FP8", "2025-03-10", 100, ["base_model:quantized:DragonAI/Dragon-2-7B"], None),  # first party
    (
        "alice/Dragon-ft",
        "2025-04-01",
        50,
        ["base_model:DragonAI/Dragon-2-7B", "base_model:finetune:DragonAI/Dragon-2-7B"],
        None,
    ),
    ("bob/Dragon-ft-GGUF", "2025-04-15", 20, ["base_model:quantized:alice/Dragon-ft"], None),  # depth 2
    (
        "TheBloke/Dragon-GGUF",
        "2025-05-02",
        5,
        ["base_model:quantized:DragonAI/Dragon-2-7B-FP8"],
        None,
    ),  # via first party
    ("eagle/Eagle-1", "2024-06-01", 500, [], None),  # 6 root (eagle-lab, US)
    ("carol/eagle-lora", "2024-07-01", 7, ["base_model:adapter:eagle/eagle-1"], None),  # other case
    ("dave/merge", "2025-05-20", 3, ["base_model:merge:alice/Dragon-ft", "base_model:merge:eagle/Eagle-1"], None),
    ("erin/card-ft", "2025-06-01", 2, [], '{"base_model": "eagle/Eagle-1"}'),  # only cardData names it
    ("frank/base", "2025-01-01", 40, [], None),  # 10 unregistered root
    ("gina/frank-ft", "2025-02-01", 4, ["base_model:finetune:frank/base"], None),
    (
        "frank/frank-ft2",
        "2025-02-02",
        6,
        ["base_model:finetune:frank/base"],
        None,
    ),  # first party of an unregistered root
    ("hank/ghost-ft", "2025-03-01", 1, ["base_model:finetune:ghost/deleted"], None),  # parent absent from the dump
    ("ivy/a", "2025-07-01", 0, ["base_model:finetune:ivy/b"], None),  # a cycle with no root
    ("ivy/b", "2025-07-01", 0, ["base_model:finetune:ivy/a"], None),
]


def tiny_dump(path: Path) -> Path:
    table = pa.table(
        {
            "id": [r[0] for r in TINY],
            "author": [r[0].split("/")[0] for r in TINY],
            "createdAt": pa.array([_ts(r[1]) for r in TINY], pa.timestamp("us", tz="UTC")),
            "lastModified": pa.array([_ts(r[1]) for r in TINY], pa.timestamp("us", tz="UTC")),
            "downloads": [r[2] for r in TINY],
            "downloadsAllTime": [r[2] * 3 for r in TINY],
            "likes": [0 for _ in TINY],
            "tags": [["transformers", "license:apache-2.0", *r[3]] for r in TINY],
            "pipeline_tag": ["text-generation" for _ in TINY],
            "library_name": ["transformers" for _ in TINY],
            "cardData": [r[4] for r in TINY],
        }
    )
    pq.write_table(table, path)
    return path


@pytest.fixture
def tiny(mw: Mw, tmp_path: Path) -> Mw:
    r = mw("import", "hub-dump", str(tiny_dump(tmp_path / "tiny.parquet")))
    assert r.code == 0, r.err
    assert "imported 15 repos" in r.out
    assert (
        "13 base-model links, 12 derivatives, 4 roots, 1 parents absent from the dump, 2 derivatives in cycles" in r.out
    )
    assert "as of 2025-07-01" in r.out
    return mw


def _json(mw: Mw, *args: str) -> Any:
    r = mw("ecosystem", "--format", "json", *args)
    assert r.code == 0, r.err
    return r.json()


COLS = ("repos", "downloads", "derivatives", "direct", "finetune", "quantized", "adapter", "merge",
        "derivative_downloads", "share")  # fmt: skip


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # key, country, repos, downloads, derivatives, direct, finetune, quantized, adapter, merge,
        # derivative downloads, share
        (
            (),
            [
                ("dragon", "CN", 2, 1100, 4, 1, 1, 2, 0, 1, 78, 0.5),
                ("eagle-lab", "US", 1, 500, 3, 3, 1, 0, 1, 1, 12, 0.375),
                (UNREG, "", 12, 138, 2, 2, 2, 0, 0, 0, 5, 0.25),
            ],
        ),
        (
            ("--year", "2025"),
            [
                ("dragon", "CN", 2, 1100, 4, 1, 1, 2, 0, 1, 78, 0.5714),
                (UNREG, "", 11, 131, 2, 2, 2, 0, 0, 0, 5, 0.2857),
                ("eagle-lab", "US", 0, 0, 2, 2, 1, 0, 0, 1, 5, 0.2857),
            ],
        ),
        (
            ("--by", "group"),
            [
                ("dragon", "CN", 2, 1100, 4, 1, 1, 2, 0, 1, 78, 0.5),
                ("eagle", "US", 1, 500, 3, 3, 1, 0, 1, 1, 12, 0.375),
                (UNREG, "", 12, 138, 2, 2, 2, 0, 0, 0, 5, 0.25),
            ],
        ),
        (("--top", "1"), [("dragon", "CN", 2, 1100, 4, 1, 1, 2, 0, 1, 78, 0.5)]),
    ],
)
def test_ecosystem_by_org_and_group(tiny: Mw, args: tuple[str, ...], expected: list[tuple[object, ...]]) -> None:
    rows = _json(tiny, *args)
    got = [(list(r.values())[1], r["country"], *(r[c] for c in COLS)) for r in rows]
    assert got == expected
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_ecosystem_by_country_and_region(tiny: Mw) -> None:
    rows = _json(tiny, "--by", "country")
    assert [(r["country"], r["derivatives"], r["repos"]) for r in rows] == [
        ("CN", 4, 2), ("US", 3, 1), ("unregistered", 2, 12)
    ]  # fmt: skip
    rows = _json(tiny, "--by", "country", "--regions")
    assert [(r["region"], r["derivatives"]) for r in rows] == [("China", 4), ("United States", 3), ("unregistered", 2)]


def test_top_model_lines_by_derivatives(tiny: Mw) -> None:
    rows = _json(tiny, "--by", "line")
    assert [(r["line"], r["org"], r["country"], r["repos"], r["downloads"], r["derivatives"]) for r in rows] == [
        ("dragon/dragon-2", "dragon", "CN", 2, 1100, 4),  # a registered org's root: its model line, sizes dropped
        ("eagle-lab/eagle-1", "eagle-lab", "US", 1, 500, 3),
        ("frank/base", UNREG, "", 2, 46, 1),
        ("ghost/deleted", UNREG, "", 0, 0, 1),
    ]


def test_monthly_share_of_new_derivatives_by_root_country(tiny: Mw) -> None:
    assert _json(tiny, "--monthly") == [
        {"month": "2024-07", "derivatives": 1, "CN": 0.0, "US": 1.0, "unregistered": 0.0},
        {"month": "2025-02", "derivatives": 1, "CN": 0.0, "US": 0.0, "unregistered": 1.0},
        {"month": "2025-03", "derivatives": 1, "CN": 0.0, "US": 0.0, "unregistered": 1.0},
        {"month": "2025-04", "derivatives": 2, "CN": 1.0, "US": 0.0, "unregistered": 0.0},
        # the merge has roots in both countries and counts in both
        {"month": "2025-05", "derivatives": 2, "CN": 1.0, "US": 0.5, "unregistered": 0.0},
        {"month": "2025-06", "derivatives": 1, "CN": 0.0, "US": 1.0, "unregistered": 0.0},
    ]
    rows = _json(tiny, "--monthly", "--regions", "--year", "2025", "--top", "1")
    assert rows[3] == {"month": "2025-05", "derivatives": 2, "China": 1.0, "others": 0.5}


def test_table_and_csv_formats(tiny: Mw) -> None:
    r = tiny("ecosystem")
    assert r.code == 0
    assert "Hub dump as of 2025-07-01" in r.out and "dragon" in r.out
    r = tiny("ecosystem", "--format", "csv", "--by", "line", "--top", "1")
    assert r.out.splitlines()[0].startswith("rank,line,org,country,repos")


@pytest.mark.parametrize(
    ("args", "header", "err"),
    [
        (("--by", "line"), "rank,line,org,country,repos", ""),
        # the model line's first name: still read, not offered, and said so
        (("--by", "family"), "rank,line,org,country,repos", "modelwatch: 'family' is deprecated; it is now 'line'"),
        (("--by", "region"), "rank,region,repos,downloads", ""),
        (("--by", "country", "--regions"), "rank,region,repos,downloads", ""),
    ],
)
def test_by_line_and_its_deprecated_alias_family(tiny: Mw, args: tuple[str, ...], header: str, err: str) -> None:
    r = tiny("ecosystem", "--format", "csv", *args)
    assert r.code == 0, r.err
    assert r.out.splitlines()[0].startswith(header)
    assert r.err.startswith(err) if err else "deprecated" not in r.err
    if args[1] == "family":
        assert r.out == tiny("ecosystem", "--format", "csv", "--by", "line").out


def test_family_is_not_offered_on_ecosystem(tiny: Mw) -> None:
    r = tiny("ecosystem", "--help")
    assert "[org|group|country|region|line]" in r.out.replace("<", "[").replace(">", "]")
    assert "family" not in r.out


def test_ecosystem_without_a_dump_says_what_to_do(mw: Mw) -> None:
    r = mw("ecosystem")
    assert r.code == 2
    assert "import hub-dump" in r.err


def test_a_failed_import_keeps_the_previous_dump(tiny: Mw, tmp_path: Path) -> None:
    bad = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"id": ["x/y"], "createdAt": ["not a date"], "tags": [["base_model:finetune:x/z"]],
                             "cardData": ["{"]}), bad)  # fmt: skip
    bad.write_bytes(bad.read_bytes()[:-20])  # truncated: the footer is gone
    r = tiny("import", "hub-dump", str(bad))
    assert r.code == 2 and "bad.parquet" in r.err
    assert _json(tiny, "--top", "1")[0]["derivatives"] == 4


def test_missing_optional_columns_are_named(mw: Mw, tmp_path: Path) -> None:
    path = tmp_path / "min.parquet"
    pq.write_table(pa.table({"id": ["a/base", "b/ft"], "tags": [[], ["base_model:finetune:a/base"]]}), path)
    r = mw("import", "hub-dump", str(path), "--as-of", "2025-01-31")
    assert r.code == 0, r.err
    assert "columns used: id, tags" in r.out
    assert "columns missing (left empty): author, createdAt" in r.out
    rows = _json(mw)
    assert [(r["org"], r["derivatives"], r["direct"]) for r in rows] == [(UNREG, 1, 1)]


# ---------------------------------------------------------------- generated dumps


def _python_roots(path: Path) -> dict[str, set[str]]:
    """Derivative id (lower case) -> the root ids (lower case) its chains reach, walked in plain Python."""
    import json

    t = pq.read_table(path, columns=["id", "tags", "cardData"]).to_pylist()
    parents: dict[str, set[str]] = {}
    for r in t:
        ps = {x.split(":")[-1].lower() for x in r["tags"] or [] if x.startswith("base_model:")}
        if not ps and r["cardData"] and "base_model" in r["cardData"]:
            b = json.loads(r["cardData"]).get("base_model")
            ps = {b.lower()} if isinstance(b, str) else {x.lower() for x in b}
        ps.discard(r["id"].lower())
        if ps:
            parents[r["id"].lower()] = ps
    roots: dict[str, set[str]] = {}
    for child in parents:
        seen, stack, found = {child}, [child], set()
        while stack:
            for p in parents.get(stack.pop(), ()):
                if p not in parents:
                    found.add(p)
                elif p not in seen:
                    seen.add(p)
                    stack.append(p)
        if found:
            roots[child] = found
    return roots


@pytest.mark.parametrize(("n", "seed"), [(300, 1), (700, 2)])
def test_generated_dump_matches_plain_python_and_pandas(mw: Mw, tmp_path: Path, n: int, seed: int) -> None:
    pd_eco = pytest.importorskip("tests.support.pandas_ecosystem")
    import duckdb

    from modelwatch.analyze import ecosystem as eco
    from modelwatch.store.hub_dump import attach_models
    from tests.support.gen_hub_dump import generate

    path = generate(tmp_path / "gen.parquet", n, seed=seed, namespaces=["DragonAI", "eagle", "eagle-research", "Qwen"])
    assert mw("import", "hub-dump", str(path)).code == 0
    assert mw("ecosystem").code == 0  # builds the registry into the store
    store = Path(__import__("os").environ["MODELWATCH_HOME"]) / "modelwatch.duckdb"
    con = duckdb.connect(str(store), read_only=True)
    try:
        attach_models(con)  # ids live in the dump's snapshot, not in the store
        lineage = con.execute(
            "SELECT lower(c.id), list(lower(r.id)) FROM hub_dump_lineage l JOIN hub_dump_models c ON c.mid = l.mid "
            "JOIN hub_dump_models r ON r.mid = l.root GROUP BY 1"
        ).fetchall()
        assert {k: set(v) for k, v in lineage} == _python_roots(path)
        models, pairs = pd_eco.load(path, Path(__import__("os").environ["MODELWATCH_DATA"]))
        for by in ("org", "group", "country", "line"):
            for year in (None, 2024):
                assert eco.summary(con, by, year, 0) == pd_eco.summary(models, pairs, by, year, 0), (by, year)
        for regions in (False, True):
            assert eco.monthly_share(con, None, regions, 2) == pd_eco.monthly_share(models, pairs, None, regions, 2)
    finally:
        con.close()


def test_a_failure_inside_the_write_keeps_the_previous_dump(
    tiny: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import duckdb

    import modelwatch.store.hub_dump as store

    real = store._write

    def broken(con: duckdb.DuckDBPyConnection, import_id: int) -> None:
        real(con, import_id)  # the old rows are already deleted and the new ones written ...
        raise duckdb.IOException("disk full")  # ... when the write fails

    monkeypatch.setattr(store, "_write", broken)
    other = generate_small(tmp_path)
    snapshots = Path(__import__("os").environ["MODELWATCH_HOME"]) / "snapshots" / "hub-dump"
    kept = sorted(snapshots.iterdir())
    r = tiny("import", "hub-dump", str(other))
    assert r.code == 2 and "cannot import the dump (disk full)" in r.err
    assert sorted(snapshots.iterdir()) == kept  # the new dump's snapshot went with the failed import
    assert _json(tiny, "--top", "1")[0]["derivatives"] == 4
    assert "import 2," in tiny("ecosystem").out  # the dump imported first (import 1 is the registry)


def generate_small(tmp_path: Path) -> Path:
    from tests.support.gen_hub_dump import generate

    return generate(tmp_path / "other.parquet", 200, seed=3, namespaces=["DragonAI"])


def test_roots_of_one_registered_line_are_one_line(mw: Mw, tmp_path: Path) -> None:
    path = tmp_path / "fam.parquet"
    ids = ["DragonAI/Dragon-2-7B", "DragonAI/Dragon-2-32B", "x/ft-7b", "y/merge-7b-32b", "z/ft-32b-gguf"]
    tags = [
        [],
        [],
        ["base_model:finetune:DragonAI/Dragon-2-7B"],
        ["base_model:merge:DragonAI/Dragon-2-7B", "base_model:merge:DragonAI/Dragon-2-32B"],
        ["base_model:quantized:DragonAI/Dragon-2-32B"],
    ]
    pq.write_table(pa.table({"id": ids, "tags": tags, "downloads": [10, 20, 1, 2, 3]}), path)
    assert mw("import", "hub-dump", str(path), "--as-of", "2025-12-31").code == 0
    rows = _json(mw, "--by", "line")
    # the merge reaches both roots of the line and counts once
    assert [(r["line"], r["repos"], r["downloads"], r["derivatives"], r["direct"], r["merge"]) for r in rows] == [
        ("dragon/dragon-2", 2, 30, 3, 3, 1)
    ]


def test_tags_given_as_json_strings_are_read(mw: Mw, tmp_path: Path) -> None:
    path = tmp_path / "json-tags.parquet"
    tags = ['["license:mit"]', '["base_model:quantized:a/base", "base_model:a/base"]']
    pq.write_table(pa.table({"id": ["a/base", "b/ft"], "tags": tags}), path)
    assert mw("import", "hub-dump", str(path), "--as-of", "2025-01-01").code == 0
    rows = _json(mw)
    assert [(r["org"], r["repos"], r["derivatives"], r["quantized"]) for r in rows] == [(UNREG, 2, 1, 1)]


@pytest.mark.parametrize(("n", "seed"), [(300, 1), (700, 2)])
def test_generated_dump_matches_polars(mw: Mw, tmp_path: Path, n: int, seed: int) -> None:
    pl_eco = pytest.importorskip("tests.support.polars_ecosystem")
    import duckdb

    from modelwatch.analyze import ecosystem as eco
    from tests.support.gen_hub_dump import generate

    path = generate(tmp_path / "gen.parquet", n, seed=seed, namespaces=["DragonAI", "eagle", "eagle-research", "Qwen"])
    assert mw("import", "hub-dump", str(path)).code == 0
    assert mw("ecosystem").code == 0  # builds the registry into the store
    store = Path(__import__("os").environ["MODELWATCH_HOME"]) / "modelwatch.duckdb"
    models, lineage = pl_eco.load(path, Path(__import__("os").environ["MODELWATCH_DATA"]))
    con = duckdb.connect(str(store), read_only=True)
    try:
        for by, regions in (("org", False), ("group", False), ("country", False), ("country", True)):
            for top in (0, 3):
                expected = eco.summary(con, by, None, top, regions)
                assert pl_eco.summary(models, lineage, by, top, regions) == expected, (by, regions, top)
    finally:
        con.close()
