"""Exports round-trip through pandas, polars and DuckDB with the same rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl
import pytest

from tests.conftest import Run

Mw = Callable[..., Run]

READERS: dict[str, tuple[Callable[[Path], Any], Callable[[Path], Any], str]] = {
    "csv": (pd.read_csv, pl.read_csv, "read_csv_auto"),
    "parquet": (pd.read_parquet, pl.read_parquet, "read_parquet"),
    "json": (pd.read_json, pl.read_json, "read_json_auto"),
}


@pytest.mark.parametrize("fmt", ["csv", "parquet", "json"])
def test_round_trip(mw: Mw, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "export"
    r = mw("export", "--format", fmt, "--out", str(out))
    assert r.code == 0, r.err
    assert r.out == f"wrote 6 files to {out} (4 organizations, 8 releases, 13 artifacts)\n"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_version"] == 2
    assert manifest["tables"]["releases"] == {"file": f"releases.{fmt}", "rows": 8}
    assert [i["source"] for i in manifest["imports"]] == ["registry"]
    read_pd, read_pl, duck = READERS[fmt]
    path = out / f"releases.{fmt}"
    frames = [read_pd(path), read_pl(path).to_pandas()]
    via_duckdb = duckdb.execute(f"SELECT * FROM {duck}('{path.as_posix()}')").fetchdf()
    for df in [*frames, via_duckdb]:
        assert len(df) == 8
        assert sorted(df["id"]) == sorted(
            [
                "dragon-1",
                "eagle-3",
                "eagle-time",
                "dragon-2",
                "dragon-2-vl",
                "dragon-max",
                "eagle-open-1",
                "eagle-4-preview",
            ]
        )
        assert int(df.loc[df["id"] == "dragon-2", "artifact_count"].iloc[0]) == 4
        assert (df["import_id"] == manifest["imports"][0]["import_id"]).all()
    artifacts = read_pd(out / f"artifacts.{fmt}")
    assert sorted(artifacts.loc[artifacts["release_id"] == "dragon-2", "artifact_id"]) == [
        "DragonAI/Dragon-2-235B-A22B",
        "DragonAI/Dragon-2-32B",
        "DragonAI/Dragon-2-32B-FP8",
        "DragonAI/Dragon-2-7B",
    ]


def test_parquet_keeps_lists(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "export"
    mw("export", "--format", "parquet", "--out", str(out))
    df = pl.read_parquet(out / "releases.parquet")
    row = df.filter(pl.col("id") == "dragon-2").to_dicts()[0]
    assert row["sizes"] == ["7B", "32B", "235B-A22B"]
    assert row["sources"] == ["https://example.org/dragon/blog/dragon-2"]


def test_export_replaces_a_previous_export_whole(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "export"
    mw("export", "--format", "csv", "--out", str(out))
    mw("export", "--format", "json", "--out", str(out))
    assert sorted(p.name for p in out.iterdir()) == [
        "README.md",
        "artifacts.json",
        "datapackage.json",
        "manifest.json",
        "organizations.json",
        "releases.json",
    ]


def test_export_onto_a_file_is_one_line(mw: Mw, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("x")
    mw("build")
    r = mw("export", "--out", str(target))
    assert (r.code, r.err) == (2, f"modelwatch: error: {target}: exists and is not a directory\n")


def test_artifacts_unit_is_reproducible_from_the_export(mw: Mw, tmp_path: Path) -> None:
    """`build`, the leaderboard and the export agree on one definition of an artifact."""
    out = tmp_path / "export"
    assert mw("export", "--format", "parquet", "--out", str(out)).code == 0
    build = mw("build", "--force").out
    releases = pd.read_parquet(out / "releases.parquet")
    artifacts = pd.read_parquet(out / "artifacts.parquet")
    assert "13 artifacts" in build
    assert int(releases["artifact_count"].sum()) == len(artifacts) == 13
    # a release that lists no repo or API id stands for one artifact, and the export says so
    assert artifacts.loc[artifacts["release_id"] == "eagle-4-preview", ["artifact_id", "kind"]].values.tolist() == [
        ["eagle-4-preview", "release"]
    ]
    per_org = artifacts.groupby("org_id").size().to_dict()
    board = mw("leaderboard", "--unit", "artifacts", "--format", "json").json()
    assert isinstance(board, list)
    assert {row["org"]: row["artifacts"] for row in board} == {
        org: n - (1 if org == "eagle-lab" else 0) for org, n in per_org.items()
    }  # the leaderboard leaves out eagle-lab's unreleased preview (one artifact), as it does in every unit
