"""Adoption claims: judged from the Hub dump history in every relation x level, over three literal snapshots.

The snapshots are those of tests/analyze/test_history.py (2025-03-31, 2025-04-15, 2025-04-30): dragon (CN) and
eagle-lab (US, group eagle) roots; third-party derivatives alice (finetune of dragon, 03-20), carol (adapter of
eagle, 2024), zed (finetune of eagle, no date), bob (quantized, of dragon through alice, 04-02), dave (merge of
both, 04-14), erin (finetune of eagle, 04-29).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.analyze.test_history import import_all
from tests.conftest import Run

Mw = Callable[..., Run]
HELD = "the history holds 2025-03-31, 2025-04-15, 2025-04-30"
APRIL = "2025-04-01..2025-04-30"


@pytest.fixture
def three(mw: Mw, tmp_path: Path) -> Mw:
    import_all(mw, tmp_path)
    return mw


def _claim(**fields: Any) -> str:
    lines = ["[[claim]]", 'id = "c"', 'text = "a claim"']
    for k, v in fields.items():
        if isinstance(v, list):
            lines.append(f"{k} = [{', '.join(repr(x).replace(chr(39), chr(34)) for x in v)}]")
        elif isinstance(v, bool):
            lines.append(f"{k} = {str(v).lower()}")
        elif isinstance(v, str):
            lines.append(f'{k} = "{v}"')
        else:
            lines.append(f"{k} = {v}")
    return "\n".join(lines) + "\n"


def _check(mw: Mw, tmp_path: Path, **fields: Any) -> tuple[int, dict[str, Any]]:
    path = tmp_path / "claims.toml"
    path.write_text(_claim(**fields), encoding="utf-8")
    r = mw("check", str(path), "--format", "json")
    assert r.code in (0, 1), r.err
    (verdict,) = r.json()
    return r.code, verdict


@pytest.mark.parametrize(
    ("fields", "verdict", "readings", "basis"),
    [
        (  # new derivatives in April, from the snapshot closing April, with one opening it
            {"metric": "new_derivatives", "subject": "dragon", "period": APRIL, "op": ">", "than": "eagle-lab"},
            "depends: true in quantized/lab, quantized/group; false in finetune/lab, adapter/lab, merge/lab, all/lab, "
            "finetune/group, adapter/group, merge/group, all/group",
            [("finetune/lab", "false", "0 > 1"), ("quantized/lab", "true", "1 > 0"), ("adapter/lab", "false", "0 > 0"),
             ("merge/lab", "false", "1 > 1"), ("all/lab", "false", "2 > 2"), ("finetune/group", "false", "0 > 1"),
             ("quantized/group", "true", "1 > 0"), ("adapter/group", "false", "0 > 0"),
             ("merge/group", "false", "1 > 1"), ("all/group", "false", "2 > 2")],
            "Hub dump snapshots 2025-03-31, 2025-04-30",
        ),
        (  # a claim about one relation is judged in that one only
            {"metric": "new_derivatives", "subject": "dragon", "period": APRIL, "op": ">", "than": "eagle-lab",
             "relation": ["quantized"]},
            "true",
            [("quantized/lab", "true", "1 > 0"), ("quantized/group", "true", "1 > 0")],
            "Hub dump snapshots 2025-03-31, 2025-04-30",
        ),
        (  # all derivatives held at the period's end; the merge counts for both countries
            {"metric": "derivatives", "subject": "CN", "period": APRIL, "op": "most", "relation": "all"},
            "false",
            [("all/lab", "false", "3 vs next US 4"), ("all/group", "false", "3 vs next US 4")],
            "Hub dump snapshot 2025-04-30",
        ),
        (  # the regions' own repos' downloads (the Hub's 30-day count) in the closing snapshot
            {"metric": "downloads", "subject": "China", "period": APRIL, "op": ">", "than": "United States"},
            "true",
            [("all/lab", "true", "3300 > 1500"), ("all/group", "true", "3300 > 1500")],
            "Hub dump snapshot 2025-04-30",
        ),
        (  # a share of no new fine-tunes is no share: those settings are undecidable
            {"metric": "new_derivative_share", "subject": "dragon/dragon-2", "period": "2025-04-01..2025-04-15",
             "op": "most"},
            "undecidable: no new adapters in 2025-04-01..2025-04-15: no share to compare; no new fine-tunes in "
            "2025-04-01..2025-04-15: no share to compare",
            [("finetune/line", "undecidable", "no new fine-tunes in 2025-04-01..2025-04-15: no share to compare"),
             ("quantized/line", "true", "100% vs next eagle-lab/eagle-1 0%"),
             ("adapter/line", "undecidable", "no new adapters in 2025-04-01..2025-04-15: no share to compare"),
             ("merge/line", "false", "100% vs next eagle-lab/eagle-1 100%"),
             ("all/line", "true", "100% vs next eagle-lab/eagle-1 50%")],
            "Hub dump snapshots 2025-03-31, 2025-04-15",
        ),
        (  # each subject on its own
            {"metric": "derivatives", "subject": ["dragon", "eagle-lab"], "period": APRIL, "op": ">=", "value": 3,
             "each": True, "relation": "all"},
            "true",
            [("all/lab", "true", "dragon: 3 >= 3; eagle-lab: 4 >= 3"),
             ("all/group", "true", "dragon: 3 >= 3; eagle-lab: 4 >= 3")],
            "Hub dump snapshot 2025-04-30",
        ),
        (  # the same subject in another period: the first half of April against the whole month
            {"metric": "new_derivatives", "subject": "US", "period": APRIL, "op": ">",
             "than_period": "2025-04-01..2025-04-15", "relation": "all"},
            "true",
            [("all/lab", "true", "2 > 1"), ("all/group", "true", "2 > 1")],
            "Hub dump snapshots 2025-03-31, 2025-04-15, 2025-04-30",
        ),
    ],
)  # fmt: skip
def test_adoption_verdicts(
    three: Mw, tmp_path: Path, fields: dict[str, Any], verdict: str, readings: list[tuple[str, str, str]], basis: str
) -> None:
    _, got = _check(three, tmp_path, **fields)
    assert got["verdict"] == verdict
    assert [(f"{r['unit']}/{r['level']}", r["verdict"], r["numbers"]) for r in got["readings"]] == readings
    assert got["basis"] == basis


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        (
            {"metric": "derivatives", "subject": "CN", "period": "2025-05-01..2025-05-31", "op": "most"},
            f"the history ends 2025-04-30, before 2025-05-01..2025-05-31 does ({HELD}); import a later dump",
        ),
        (  # new derivatives need the history to span the period: a snapshot from before it too
            {"metric": "new_derivatives", "subject": "CN", "period": "2025-03-01..2025-03-31", "op": "handful"},
            "new derivatives of 2025-03-01..2025-03-31 need a snapshot from before it begins and one from after it "
            f"ends; {HELD} (backfill: `modelwatch import hub-dump --download --since 2025-02-01 --every month`)",
        ),
        (  # held counts from a snapshot long after the period describe that day, not the period
            {"metric": "derivatives", "subject": "CN", "period": "2025-01-01..2025-02-27", "op": "handful"},
            "the first snapshot after 2025-01-01..2025-02-27 is 2025-03-31, 32 days after it ends: its derivatives "
            f"are that day's, not the period's ({HELD})",
        ),
        (
            {"metric": "derivatives", "subject": "nobody", "period": APRIL, "op": "handful"},
            "no organization, country, region or model line 'nobody' in the data",
        ),
        (
            {"metric": "derivatives", "subject": "CN", "period": APRIL, "op": ">", "than": "dragon"},
            "subjects of different kinds (country, org) cannot be compared",
        ),
        (
            {"metric": "derivatives", "subject": "dragon/dragon-9", "period": APRIL, "op": "handful"},
            f"no model line 'dragon/dragon-9' among the roots with third-party derivatives in {APRIL}",
        ),
    ],
)
def test_what_the_history_cannot_decide_says_why(
    three: Mw, tmp_path: Path, fields: dict[str, Any], reason: str
) -> None:
    code, got = _check(three, tmp_path, **fields)
    assert code == 1
    assert got["verdict"] == f"undecidable: {reason}"
    assert {r["numbers"] for r in got["readings"]} == {reason}


def test_without_a_dump_the_claim_says_what_to_run_first(mw: Mw, tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    fields = {"metric": "new_derivative_share", "subject": "CN", "period": "2025", "op": "most"}
    path.write_text(_claim(**fields), encoding="utf-8")
    r = mw("check", str(path))
    assert r.code == 1
    assert r.out.strip().splitlines()[:2] == [
        "c: a claim",
        "  verdict: undecidable: no Hub dump history yet: run `modelwatch import hub-dump --download --since "
        "2024-12-01 --every month` first (or `modelwatch import hub-dump PATH` once per dump)",
    ]
    assert "finetune/lab" not in r.out  # one reason: no table of ten settings repeating it


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"metric": "derivatives", "relation": "distilled"}, "relation: relation 'distilled' is not one of finetune, "
         "quantized, adapter, merge, all"),
        ({"metric": "releases", "relation": "merge"}, "relation is for adoption metrics (derivatives, new_derivatives, "
         "new_derivative_share, downloads, derivative_downloads), not 'releases'"),
        ({"metric": "derivatives", "modality": "language"}, "metric 'derivatives' counts Hub repos, which have no "
         "modality; leave modality out"),
        ({"metric": "downloads", "relation": "merge"}, "metric 'downloads' counts the subject's own repos, which have "
         "no relation; leave it out"),
    ],
)  # fmt: skip
def test_bad_adoption_claims_are_one_line_each(mw: Mw, tmp_path: Path, fields: dict[str, Any], message: str) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(_claim(subject="CN", period="2025", op="handful", **fields), encoding="utf-8")
    r = mw("check", str(path))
    assert r.code == 2
    assert f"{path}: claim c: {message}" in r.err


def test_the_numbers_behind_an_adoption_claim(three: Mw, tmp_path: Path) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(_claim(metric="new_derivatives", subject="CN", period=APRIL, op="most"), encoding="utf-8")
    r = three("check", str(path), "--explain", "c", "--format", "json")
    assert r.code == 0, r.err
    assert [(x["key"], x["snapshot"], x["new_derivatives"], x["new_quantized"], x["new_share"]) for x in r.json()] == [
        ("CN", "2025-04-30", 2, 1, 0.6667),
        ("US", "2025-04-30", 2, 0, 0.6667),
    ]


def test_all_keys_at_once_are_each_key_alone(three: Mw, env: Path) -> None:
    import datetime as dt

    import duckdb

    from modelwatch.analyze import engines
    from modelwatch.analyze.history import KEYS_AT_ONCE, Period, history_sql, keys_sql

    assert three("ecosystem").code == 0
    con = duckdb.connect(str(env / "modelwatch.duckdb"), read_only=True)
    try:
        found = engines.inputs(con)
        assert found is not None
        run = engines.duckdb_engine(con, found)
        window = [Period(dt.date(2025, 4, 1), dt.date(2025, 5, 1), dt.date(2025, 4, 30))]
        together = run(keys_sql(), window)
        for by in KEYS_AT_ONCE:
            alone = run(history_sql(by, relations=True), window)
            assert [r[1:] for r in together if r[0] == by] == alone, by
            assert alone, by
    finally:
        con.close()
