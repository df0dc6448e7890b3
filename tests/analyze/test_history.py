"""`modelwatch ecosystem --history`: adoption per period over three literal dated snapshots, exact numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.analyze.history import Period, periods
from tests.conftest import Run

Mw = Callable[..., Run]
UNREG = "other (unregistered)"

# id, Hub creation date, downloads in the first snapshot, tags, first snapshot holding it
REPOS: list[tuple[str, str | None, int, list[str], int]] = [
    ("DragonAI/Dragon-2-7B", "2025-03-08", 1000, [], 0),  # root, dragon (CN)
    ("DragonAI/Dragon-2-7B-FP8", "2025-03-10", 100, ["base_model:quantized:DragonAI/Dragon-2-7B"], 0),  # first party
    ("alice/Dragon-ft", "2025-03-20", 50, ["base_model:finetune:DragonAI/Dragon-2-7B"], 0),
    ("eagle/Eagle-1", "2024-06-01", 500, [], 0),  # root, eagle-lab (US)
    ("carol/eagle-lora", "2024-07-01", 7, ["base_model:adapter:eagle/Eagle-1"], 0),
    ("zed/undated-ft", None, 1, ["base_model:finetune:eagle/Eagle-1"], 0),  # no creation date: never new
    ("bob/Dragon-ft-GGUF", "2025-04-02", 20, ["base_model:quantized:alice/Dragon-ft"], 1),  # depth 2
    ("dave/merge", "2025-04-14", 3, ["base_model:merge:alice/Dragon-ft", "base_model:merge:eagle/Eagle-1"], 1),
    ("erin/eagle-ft", "2025-04-29", 2, ["base_model:finetune:eagle/Eagle-1"], 2),
]
# snapshot dates; downloads are those above times (index + 1)
DATES = ["2025-03-31", "2025-04-15", "2025-04-30"]


def snapshot(path: Path, i: int) -> Path:
    held = [r for r in REPOS if r[4] <= i]
    created = [None if r[1] is None else dt.datetime.fromisoformat(r[1]).replace(tzinfo=dt.UTC) for r in held]
    table = pa.table(
        {
            "id": [r[0] for r in held],
            "createdAt": pa.array(created, pa.timestamp("us", tz="UTC")),
            "downloads": [r[2] * (i + 1) for r in held],
            "likes": [i for _ in held],
            "tags": [r[3] for r in held],
        }
    )
    pq.write_table(table, path)
    return path


def import_all(mw: Mw, tmp_path: Path, order: tuple[int, ...] = (0, 1, 2)) -> None:
    for i in order:
        r = mw("import", "hub-dump", str(snapshot(tmp_path / f"s{i}.parquet", i)), "--as-of", DATES[i])
        assert r.code == 0, r.err


@pytest.fixture
def three(mw: Mw, tmp_path: Path) -> Mw:
    import_all(mw, tmp_path, (2, 0, 1))  # the order of imports does not matter
    return mw


def _history(mw: Mw, *args: str) -> Any:
    r = mw("ecosystem", "--history", "--format", "json", *args)
    assert r.code == 0, r.err
    return r.json()


KEYS = ("period", "as_of", "repos", "downloads", "new_derivatives", "derivatives", "derivative_downloads", "share")


@pytest.mark.parametrize(
    ("args", "label", "expected"),
    [
        # key, period, snapshot, repos, downloads, new derivatives, derivatives, their downloads, share of new
        (
            ("--by", "country"),
            "country",
            [
                ("CN", "2025-03", "2025-03-31", 2, 1100, 1, 1, 50, 1.0),
                ("US", "2025-03", "2025-03-31", 1, 500, 0, 2, 8, 0.0),
                ("unregistered", "2025-03", "2025-03-31", 3, 58, 0, 0, 0, 0.0),
                ("CN", "2025-04", "2025-04-30", 2, 3300, 2, 3, 219, 0.6667),
                ("US", "2025-04", "2025-04-30", 1, 1500, 2, 4, 39, 0.6667),
                ("unregistered", "2025-04", "2025-04-30", 6, 249, 0, 0, 0, 0.0),
            ],
        ),
        (
            ("--by", "org", "--top", "2"),  # the two keys with the most new derivatives
            "org",
            [
                ("dragon", "2025-03", "2025-03-31", 2, 1100, 1, 1, 50, 1.0),
                ("eagle-lab", "2025-03", "2025-03-31", 1, 500, 0, 2, 8, 0.0),
                ("dragon", "2025-04", "2025-04-30", 2, 3300, 2, 3, 219, 0.6667),
                ("eagle-lab", "2025-04", "2025-04-30", 1, 1500, 2, 4, 39, 0.6667),
            ],
        ),
        (
            ("--by", "region", "--every", "week"),
            "region",
            [
                ("China", "2025-03-31", "2025-03-31", 2, 1100, 0, 1, 50, 0.0),
                ("United States", "2025-03-31", "2025-03-31", 1, 500, 0, 2, 8, 0.0),
                ("unregistered", "2025-03-31", "2025-03-31", 3, 58, 0, 0, 0, 0.0),
                ("China", "2025-04-14", "2025-04-15", 2, 2200, 1, 3, 146, 1.0),  # the merge counts for both
                ("United States", "2025-04-14", "2025-04-15", 1, 1000, 1, 3, 22, 1.0),
                ("unregistered", "2025-04-14", "2025-04-15", 5, 162, 0, 0, 0, 0.0),
                ("China", "2025-04-28", "2025-04-30", 2, 3300, 0, 3, 219, 0.0),
                ("United States", "2025-04-28", "2025-04-30", 1, 1500, 1, 4, 39, 1.0),
                ("unregistered", "2025-04-28", "2025-04-30", 6, 249, 0, 0, 0, 0.0),
            ],
        ),
    ],
)
def test_adoption_per_period(three: Mw, args: tuple[str, ...], label: str, expected: list[tuple[Any, ...]]) -> None:
    rows = _history(three, *args)
    assert [(r[label], *(r[k] for k in KEYS)) for r in rows] == expected


def test_adoption_per_model_line(three: Mw) -> None:
    got = {(r["line"], r["period"]): tuple(r[k] for k in KEYS[1:]) for r in _history(three, "--by", "line")}
    assert got == {
        # the root and its first-party re-pack are the dragon line's own repos
        ("dragon/dragon-2", "2025-03"): ("2025-03-31", 2, 1100, 1, 1, 50, 1.0),
        ("eagle-lab/eagle-1", "2025-03"): ("2025-03-31", 1, 500, 0, 2, 8, 0.0),
        ("dragon/dragon-2", "2025-04"): ("2025-04-30", 2, 3300, 2, 3, 219, 0.6667),  # the merge counts for both
        ("eagle-lab/eagle-1", "2025-04"): ("2025-04-30", 1, 1500, 2, 4, 39, 0.6667),
    }


def test_by_family_is_the_deprecated_name_of_line_in_the_history_too(three: Mw) -> None:
    r = three("ecosystem", "--history", "--by", "family", "--format", "json")
    assert r.code == 0, r.err
    assert r.json() == _history(three, "--by", "line")
    assert "'family' is deprecated; it is now 'line' (--by line)" in r.err


def test_by_line_without_the_roots_of_a_snapshot_is_one_line(three: Mw, env: Path) -> None:
    (gone,) = (env / "history" / "hub-dump" / "roots").glob(f"as_of={DATES[0]}/*.parquet")
    gone.unlink()  # as a snapshot imported before the roots were kept
    r = three("ecosystem", "--history", "--by", "line")
    assert r.code == 2
    assert r.err.strip().splitlines()[-1] == (
        f"modelwatch: error: {gone}: the roots' ids of this snapshot are missing (--by line reads them; a snapshot "
        "imported before they were kept lacks them); restore it, or prune the history past it "
        "(`modelwatch prune --keep N`)"
    )
    assert "Traceback" not in r.err
    assert three("ecosystem", "--history", "--by", "org").code == 0  # the other keys do not need them


def test_regions_flag_is_the_same_as_by_region(three: Mw) -> None:
    assert _history(three, "--by", "country", "--regions") == _history(three, "--by", "region")


def test_the_table_names_the_snapshots_and_the_rule(three: Mw) -> None:
    r = three("ecosystem", "--history")
    assert r.code == 0, r.err
    assert "Adoption per month by the organization of the root model (3 snapshots, 2025-03-31 to 2025-04-30)" in r.out
    assert "observed through the last snapshot dated inside it" in " ".join(r.out.split())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "2025"), "--history works without --year or --monthly"),
        (("--monthly",), "--history works without --year or --monthly"),
    ],
)
def test_what_history_does_not_do_is_one_line(three: Mw, args: tuple[str, ...], message: str) -> None:
    r = three("ecosystem", "--history", *args)
    assert r.code == 2
    assert r.err.strip().splitlines() == [f"modelwatch: error: {message}"]


def test_no_history_yet_says_what_to_do(mw: Mw) -> None:
    r = mw("ecosystem", "--history")
    assert r.code == 2
    assert "no Hub dump history yet; run `modelwatch import hub-dump PATH`" in r.err


def test_spark_missing_is_one_line(three: Mw, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pyspark", None)
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)
    r = three("ecosystem", "--history", "--engine", "spark")
    assert r.code == 2
    assert "Traceback" not in r.err
    assert r.err.strip().splitlines()[-1] == (
        "modelwatch: error: --engine spark needs PySpark: pip install 'modelwatch[spark]' (and Java 17 or later)"
    )


D = dt.date.fromisoformat


@pytest.mark.parametrize(
    ("dates", "every", "expected"),
    [
        # the last snapshot inside a period observes it; periods without a snapshot are absent
        (
            ["2025-01-31", "2025-01-15", "2025-03-01"],
            "month",
            [("2025-01-01", "2025-02-01", "2025-01-31"), ("2025-03-01", "2025-04-01", "2025-03-01")],
        ),
        (["2024-12-31", "2024-12-01"], "month", [("2024-12-01", "2025-01-01", "2024-12-31")]),
        (
            ["2024-12-31", "2024-12-01"],
            "day",
            [("2024-12-01", "2024-12-02", "2024-12-01"), ("2024-12-31", "2025-01-01", "2024-12-31")],
        ),
        # weeks start on Monday (ISO); 2025-01-05 is a Sunday
        (
            ["2025-01-05", "2025-01-06", "2025-01-01"],
            "week",
            [("2024-12-30", "2025-01-06", "2025-01-05"), ("2025-01-06", "2025-01-13", "2025-01-06")],
        ),
    ],
)
def test_periods(dates: list[str], every: str, expected: list[tuple[str, str, str]]) -> None:
    assert periods([D(d) for d in dates], every) == [Period(D(a), D(b), D(c)) for a, b, c in expected]


def test_the_report_charts_the_adoption_curve_by_region(three: Mw, tmp_path: Path) -> None:
    import json

    out = tmp_path / "report"
    r = three("report", "--year", "2025", "--out", str(out))
    assert r.code == 0, r.err
    spec = json.loads((out / "adoption-curve.vl.json").read_text())
    assert [(v["period"], v["region"], v["new"], v["share"]) for v in spec["data"]["values"]] == [
        ("2025-03", "China", 1, 1.0),
        ("2025-03", "United States", 0, 0.0),
        ("2025-04", "China", 2, 0.6667),
        ("2025-04", "United States", 2, 0.6667),
    ]
    assert (out / "adoption-curve.png").stat().st_size > 0


@given(
    st.lists(st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31)), min_size=1, max_size=40),
    st.sampled_from(["day", "week", "month"]),
)
def test_each_snapshot_falls_in_one_period_observed_by_its_last_snapshot(dates: list[dt.date], every: str) -> None:
    found = periods(dates, every)
    assert [p.start for p in found] == sorted({p.start for p in found})  # sorted, one row per period
    for p in found:
        inside = [d for d in dates if p.start <= d < p.end]
        assert inside and p.as_of == max(inside)
    assert sum(1 for d in set(dates) for p in found if p.start <= d < p.end) == len(set(dates))
