"""The Python API answers as the CLI does: the same rows for the same filters, the same one-line refusals, and
tables typed as the store types them. `import modelwatch` stays cheap for the CLI's start-up."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pytest

import modelwatch
from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
CLAIMS = FIXTURES / "claims" / "fixture-claims.toml"


@pytest.mark.parametrize(
    ("argv", "kwargs", "ids"),
    [
        ((), {}, ["dragon-1", "eagle-3", "eagle-time", "dragon-2", "dragon-2-vl", "dragon-max", "eagle-open-1"]),
        (
            ("--year", "2025", "--country", "CN", "--open"),
            {"year": 2025, "country": "CN", "open": True},
            ["dragon-2", "dragon-2-vl"],
        ),
        (("--country", "cn", "--closed"), {"country": "cn", "closed": True}, ["dragon-max"]),
        (("--org", "eagle"), {"org": "eagle"}, ["eagle-3", "eagle-time", "eagle-open-1"]),
        (
            ("--org", "Dragon AI", "--org", "eagle-research"),
            {"org": ["Dragon AI", "eagle-research"]},
            ["dragon-1", "eagle-time", "dragon-2", "dragon-2-vl", "dragon-max"],
        ),
        (("--tier", "api"), {"tier": "api"}, ["eagle-3", "dragon-max"]),
        (("--tier", "unreleased"), {"tier": ["unreleased"]}, ["eagle-4-preview"]),
        (
            ("--modality", " Language ", "--year", "2025"),
            {"modality": " Language ", "year": 2025},
            ["dragon-2", "dragon-max", "eagle-open-1"],
        ),
        (("--year", "2025", "--modality", "video"), {"year": 2025, "modality": ["video"]}, []),
    ],
)
def test_releases_are_the_rows_of_the_cli(
    mw: Mw, argv: tuple[str, ...], kwargs: dict[str, Any], ids: list[str]
) -> None:
    cli = mw("releases", *argv, "--format", "json")
    assert cli.code == 0, cli.err
    api = modelwatch.releases(**kwargs)
    assert api.to_dicts() == cli.json()
    assert [r["id"] for r in api] == ids


@pytest.mark.parametrize(
    ("argv", "kwargs", "first"),
    [
        (
            (),
            {},
            {
                "rank": 1,
                "org": "dragon",
                "name": "Dragon AI",
                "country": "CN",
                "releases": 4,
                "open": 3,
                "closed": 1,
                "unknown": 0,
                "open_share": 0.75,
            },
        ),
        (
            ("--year", "2025", "--by", "group"),
            {"year": 2025, "by": "group"},
            {
                "rank": 1,
                "group": "dragon",
                "name": "Dragon AI",
                "country": "CN",
                "releases": 3,
                "open": 2,
                "closed": 1,
                "unknown": 0,
                "open_share": 0.667,
            },
        ),
        (
            ("--by", "country", "--country", "US", "--unit", "artifacts"),
            {"by": "country", "country": "US", "unit": "artifacts"},
            {
                "rank": 1,
                "country": "US",
                "name": "US",
                "artifacts": 5,
                "open": 3,
                "closed": 2,
                "unknown": 0,
                "open_share": 0.6,
            },
        ),
        (
            ("--year", "2025", "--open", "--unit", "days"),
            {"year": 2025, "open": True, "unit": "days"},
            {
                "rank": 1,
                "org": "dragon",
                "name": "Dragon AI",
                "country": "CN",
                "days": 1,
                "open": 1,
                "closed": 0,
                "unknown": 0,
                "open_share": 1.0,
            },
        ),
        (
            ("--modality", "science"),
            {"modality": "science"},
            {
                "rank": 1,
                "org": "eagle-research",
                "name": "Eagle Research",
                "country": "US",
                "releases": 1,
                "open": 1,
                "closed": 0,
                "unknown": 0,
                "open_share": 1.0,
            },
        ),
    ],
)
def test_leaderboards_are_the_rows_of_the_cli(
    mw: Mw, argv: tuple[str, ...], kwargs: dict[str, Any], first: dict[str, Any]
) -> None:
    cli = mw("leaderboard", *argv, "--format", "json")
    assert cli.code == 0, cli.err
    api = modelwatch.leaderboard(**kwargs)
    assert api.to_dicts() == cli.json()
    assert api.to_dicts()[0] == first


def test_orgs_and_claims_are_the_rows_of_the_cli(mw: Mw) -> None:
    assert modelwatch.orgs().to_dicts() == mw("orgs", "--format", "json").json()
    verdicts = modelwatch.check(CLAIMS)
    assert verdicts.to_dicts() == mw("check", str(CLAIMS), "--format", "json").json()
    assert modelwatch.explain(CLAIMS).to_dicts() == mw("check", str(CLAIMS), "--explain", "--format", "json").json()
    first = verdicts[0].id
    assert verdicts[first] is verdicts[0]
    assert (
        modelwatch.explain(str(CLAIMS), first).to_dicts()
        == mw("check", str(CLAIMS), "--explain", first, "--format", "json").json()
    )
    assert len(verdicts.to_arrow()) == sum(len(c.readings) for c in verdicts)


@pytest.mark.parametrize(
    ("argv", "call", "line"),
    [
        (
            ("releases", "--org", "nope"),
            lambda: modelwatch.releases(org="nope"),
            "unknown organization 'nope'; see `modelwatch orgs`",
        ),
        (
            ("releases", "--country", "China"),
            lambda: modelwatch.releases(country="China"),
            "--country takes ISO 3166-1 alpha-2 codes: use CN for 'China'",
        ),
        (
            ("releases", "--year", "2019"),
            lambda: modelwatch.releases(year=2019),
            "the registry covers 2024-01-01 to 2025-12-31; 2019 lies outside it",
        ),
        (
            ("releases", "--open", "--closed"),
            lambda: modelwatch.releases(open=True, closed=True),
            "--open and --closed exclude each other",
        ),
        (
            ("releases", "--tier", "free"),
            lambda: modelwatch.releases(tier="free"),
            "unknown tier 'free'; one of api, hosted, open_noncommercial, open_restricted, open_unrestricted, "
            "unknown, unreleased",
        ),
        (
            ("ecosystem",),
            lambda: modelwatch.ecosystem(),
            "no Hub dump in the store yet; run `modelwatch import hub-dump PATH` first",
        ),
        (
            ("ecosystem", "--history", "--year", "2025"),
            lambda: modelwatch.ecosystem(2025, history=True),
            "--history works without --year or --monthly",
        ),
    ],
)
def test_a_mistake_is_the_cli_s_line(mw: Mw, argv: tuple[str, ...], call: Callable[[], object], line: str) -> None:
    r = mw(*argv)
    assert (r.code, r.err.splitlines()[-1]) == (2, f"modelwatch: error: {line}")
    with pytest.raises(modelwatch.ModelwatchError) as caught:
        call()
    assert str(caught.value) == line


@pytest.mark.parametrize(
    ("call", "line"),
    [
        (lambda: modelwatch.releases(year=0), "--year 0: give a year from 1 to 9999"),
        # what a notebook may pass that the type hints refuse
        (lambda: modelwatch.releases(year="2025"), "--year takes a year such as 2025, not '2025'"),  # type: ignore[arg-type]
        (lambda: modelwatch.releases(country=["CN", 1]), "--country takes text, not 1"),  # type: ignore[list-item]
        (lambda: modelwatch.leaderboard(by="lab"), "--by must be one of org, group, country, not 'lab'"),
        (lambda: modelwatch.leaderboard(unit="weeks"), "--unit must be one of releases, artifacts, days, not 'weeks'"),
        (
            lambda: modelwatch.ecosystem(by="planet"),
            "--by must be one of org, group, country, region, line, not 'planet'",
        ),
        (
            lambda: modelwatch.ecosystem(history=True, every="hour"),
            "--every must be one of day, week, month, not 'hour'",
        ),
        (lambda: modelwatch.check("nothing.toml"), "nothing.toml: no such file"),
    ],
)
def test_what_only_python_can_pass_is_refused_in_one_line(env: Path, call: Callable[[], object], line: str) -> None:
    with pytest.raises(modelwatch.ModelwatchError) as caught:
        call()
    assert str(caught.value) == line


RELEASE_SCHEMA = [
    ("date", pa.string()),
    ("org", pa.string()),
    ("country", pa.string()),
    ("name", pa.string()),
    ("tier", pa.string()),
    ("license", pa.string()),
    ("modality", pa.string()),
    ("artifacts", pa.int32()),
    ("id", pa.string()),
    ("source", pa.string()),
    ("date_precision", pa.string()),
]


@pytest.mark.parametrize(
    ("kwargs", "rows"), [({"year": 2025, "country": "CN"}, 3), ({"year": 2025, "modality": "video"}, 0)]
)
def test_a_table_is_typed_even_when_empty(env: Path, kwargs: dict[str, Any], rows: int) -> None:
    table = modelwatch.releases(**kwargs).to_arrow()
    assert (table.num_rows, [(f.name, f.type) for f in table.schema]) == (rows, RELEASE_SCHEMA)


def test_shares_are_floats_and_counts_integers(env: Path) -> None:
    board = modelwatch.leaderboard(2025, by="country").to_arrow()
    assert {f.name: str(f.type) for f in board.schema} == {
        "rank": "int64",
        "country": "string",
        "name": "string",
        "releases": "int64",
        "open": "int64",
        "closed": "int64",
        "unknown": "int64",
        "open_share": "double",
    }
    assert board.column("open_share").to_pylist() == [0.667, 0.667]


def test_pandas_and_polars_frames(env: Path) -> None:
    table = modelwatch.releases(year=2025, country="CN")
    df = table.to_pandas()
    assert (list(df["id"]), list(df.columns)) == (["dragon-2", "dragon-2-vl", "dragon-max"], table.columns)
    pl = table.to_polars()
    assert (pl["id"].to_list(), pl.schema["artifacts"].__class__.__name__) == (
        ["dragon-2", "dragon-2-vl", "dragon-max"],
        "Int32",
    )


@pytest.mark.parametrize(
    ("library", "convert", "line"),
    [
        (
            "pandas",
            "to_pandas",
            "to_pandas() needs pandas, which modelwatch does not install: pip install 'modelwatch[pandas]'",
        ),
        (
            "polars",
            "to_polars",
            "to_polars() needs polars, which modelwatch does not install: pip install 'modelwatch[polars]'",
        ),
    ],
)
def test_a_missing_frame_library_names_its_extra(
    env: Path, monkeypatch: pytest.MonkeyPatch, library: str, convert: str, line: str
) -> None:
    table = modelwatch.releases(year=2025)
    monkeypatch.setitem(sys.modules, library, None)  # what an environment without it gives `import`
    with pytest.raises(ImportError) as caught:
        getattr(table, convert)()
    assert str(caught.value) == line


def test_connect_builds_the_store_and_cannot_write(env: Path) -> None:
    assert not (env / "modelwatch.duckdb").exists()
    con = modelwatch.connect()
    try:
        assert con.execute("SELECT count(*) FROM releases WHERE tier <> 'unreleased'").fetchall() == [(7,)]
        assert con.execute("SELECT min(date), max(date_latest) FROM releases").fetchall() == [
            (dt.date(2024, 5, 2), dt.date(2025, 11, 20))
        ]
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM releases")
        assert len(modelwatch.releases()) == 7  # the API's own reads share the open connection's store
    finally:
        con.close()


def test_export_through_the_api(env: Path, tmp_path: Path) -> None:
    result = modelwatch.export(tmp_path / "out", format="csv")
    assert (result.rows, sorted(p.name for p in result.files)) == (
        {"organizations": 4, "releases": 8, "artifacts": 13},
        [
            "README.md",
            "artifacts.csv",
            "datapackage.json",
            "manifest.json",
            "organizations.csv",
            "releases.csv",
        ],
    )


def test_importing_modelwatch_loads_nothing_of_the_api() -> None:
    code = (
        "import sys, modelwatch as mw; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('modelwatch', 'duckdb', 'pyarrow', 'pandas')));"
        "mw.releases; print('modelwatch.api' in sys.modules, 'duckdb' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out == "['modelwatch', 'modelwatch.version']\nTrue False\n"


def test_the_api_names_are_listed_and_others_are_not() -> None:
    assert {"releases", "leaderboard", "check", "ecosystem", "connect", "Table"} <= set(dir(modelwatch))
    with pytest.raises(AttributeError, match="module 'modelwatch' has no attribute 'releasez'"):
        _ = modelwatch.releasez  # type: ignore[attr-defined]
