"""Claims judged on the fixture registry, setting by setting."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, Run

Mw = Callable[..., Run]
CLAIMS = FIXTURES / "claims" / "fixture-claims.toml"
ORDER = ["releases/lab", "artifacts/lab", "days/lab", "releases/group", "artifacts/group", "days/group"]


@pytest.fixture
def verdicts(mw: Mw) -> dict[str, dict[str, object]]:
    r = mw("check", str(CLAIMS), "--format", "json")
    assert r.code == 1  # two claims cannot be decided
    data = r.json()
    assert isinstance(data, list)
    return {v["id"]: v for v in data}


@pytest.mark.parametrize(
    ("claim", "summary", "numbers"),
    [
        # 2 open releases each; but 5 open artifacts vs 3, and 1 open day vs 2
        (
            "cn-more-open",
            "depends: true in artifacts/lab, artifacts/group; false in releases/lab, days/lab, releases/group, "
            "days/group",
            ["2 > 2", "5 > 3", "1 > 2", "2 > 2", "5 > 3", "1 > 2"],
        ),
        # language models only: Dragon 2 vs Eagle Open 1 (the vision-language and science releases drop out)
        (
            "cn-more-open-language",
            "depends: true in artifacts/lab, artifacts/group; false in releases/lab, days/lab, releases/group, "
            "days/group",
            ["1 > 1", "4 > 2", "1 > 1", "1 > 1", "4 > 2", "1 > 1"],
        ),
        # Dragon leads Eagle Lab, but ties with the Eagle group once its labs are merged
        (
            "dragon-leads",
            "depends: true in releases/lab, artifacts/lab, artifacts/group; false in days/lab, releases/group, "
            "days/group",
            [
                "3 vs next eagle-lab 2",
                "6 vs next eagle-lab 4",
                "2 vs next eagle-lab 2",
                "3 vs next eagle 3",
                "6 vs next eagle 5",
                "2 vs next eagle 2",
            ],
        ),
        (
            "eagle-handful-open",
            "true",
            [
                "eagle-lab: 1 <= 5; dragon: 2 <= 5",
                "eagle-lab: 2 <= 5; dragon: 5 <= 5",
                "eagle-lab: 1 <= 5; dragon: 1 <= 5",
                "eagle: 2 <= 5; dragon: 2 <= 5",
                "eagle: 3 <= 5; dragon: 5 <= 5",
                "eagle: 2 <= 5; dragon: 1 <= 5",
            ],
        ),
        ("dragon-open-share-fell", "true", ["67% < 100%", "83% < 100%", "50% < 100%"] * 2),
        ("tiger-busy", "undecidable: no organization or country 'tiger' in the data", None),
        ("dragon-2023", "undecidable: the registry does not cover dragon for 2023", None),
    ],
)
def test_verdicts(verdicts: dict[str, dict[str, object]], claim: str, summary: str, numbers: list[str] | None) -> None:
    v = verdicts[claim]
    assert v["verdict"] == summary
    readings = v["readings"]
    assert isinstance(readings, list)
    assert [f"{r['unit']}/{r['level']}" for r in readings] == ORDER
    if numbers is not None:
        assert [r["numbers"] for r in readings] == numbers
    assert v["robust"] is (summary in ("true", "false"))


def test_explain_lists_the_releases_behind_the_numbers(mw: Mw) -> None:
    r = mw("check", str(CLAIMS), "--explain", "dragon-open-share-fell", "-f", "csv")
    assert r.code == 0
    lines = r.out.splitlines()
    assert lines[0] == (
        "subject,period,date,org,country,name,tier,license,modality,artifacts,id,source,date_precision,in_period"
    )
    assert [line.split(",")[10] for line in lines[1:]] == ["dragon-2", "dragon-2-vl", "dragon-max", "dragon-1"]


def test_table_output_says_robust(mw: Mw) -> None:
    r = mw("check", str(CLAIMS))
    assert "eagle-handful-open: Eagle Lab and Dragon released a handful of open models each." in r.out
    assert "  verdict: true  (robust: the same in every setting)" in r.out


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "vibes"\nsubject = "CN"\nperiod = "2025"\nop = "most"\n',
            "claims.toml: claim a: metric: metric 'vibes' is not one of releases, open_releases, closed_releases, "
            "open_share, rank, derivatives, new_derivatives, new_derivative_share, downloads, derivative_downloads",
        ),
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "releases"\nsubject = "CN"\nperiod = "2025"\nop = ">"\n',
            "claims.toml: claim a: op '>' needs exactly one of value, than, than_period",
        ),
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "releases"\nsubject = "CN"\nperiod = "last year"\nop = "most"\n',
            "claims.toml: claim a: period: period 'last year' is not a year (2025) or a range (2025-01-01..2025-06-30)",
        ),
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "releases"\nsubject = "CN"\nperiod = "2025"\nop = "most"\n'
            'colour = "red"\n',
            "claims.toml: claim a: colour: unknown field",
        ),
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "releases"\nsubject = "CN"\nperiod = ""\nop = "most"\n',
            "claims.toml: claim a: period: period '' is not a year (2025) or a range (2025-01-01..2025-06-30)",
        ),
        (
            '[[claim]]\nid = "a"\ntext = "t"\nmetric = "releases"\nsubject = "CN"\nperiod = "2025"\nop = "most"\n'
            'modality = "llm"\n',
            "claims.toml: claim a: modality: modality 'llm' is not one of 3d, audio, code, embedding, image, "
            "language, multimodal, other, robotics, science, speech, video, vision-language, world",
        ),
    ],
)
def test_bad_claim_names_file_and_claim_and_exit_2(mw: Mw, tmp_path: Path, text: str, line: str) -> None:
    path = tmp_path / "claims.toml"
    path.write_text(text)
    r = mw("check", str(path))
    assert r.code == 2
    assert r.err.splitlines()[0] == line.replace("claims.toml", str(path), 1)


MYSTERY = """
[[release]]
id = "dragon-mystery"
name = "Dragon Mystery"
family = "dragon-mystery"
date = 2025-07-01
tier = "unknown"
modality = "language"
sources = ["https://example.org/dragon/blog/dragon-mystery"]
"""

UNKNOWN_CLAIMS = """
[[claim]]
id = "cn-more-open"
text = "China released more open models than the US in 2025."
metric = "open_releases"
subject = "CN"
than = "US"
period = "2025"
op = ">"

[[claim]]
id = "cn-some-open"
text = "China released at least one open model in 2025."
metric = "open_releases"
subject = "CN"
period = "2025"
op = ">="
value = 1
"""


def test_releases_of_unknown_openness_that_could_turn_a_verdict_make_it_undecidable(
    mw: Mw, data_dir: Path, tmp_path: Path
) -> None:
    with (data_dir / "orgs" / "dragon.toml").open("a") as fh:
        fh.write(MYSTERY)
    claims = tmp_path / "claims.toml"
    claims.write_text(UNKNOWN_CLAIMS)
    r = mw("check", str(claims), "--format", "json")
    assert r.code == 1, r.err
    got = {v["id"]: (v["verdict"], v["readings"][0]["numbers"]) for v in r.json()}  # type: ignore[union-attr]
    assert got == {
        # 2 open releases each, and Dragon's third release of unknown openness could make it 3 > 2
        "cn-more-open": (
            "undecidable: releases of unknown openness decide it: 2..3 vs 2",
            "releases of unknown openness decide it: 2..3 vs 2",
        ),
        # 2..3 >= 1 either way
        "cn-some-open": ("true", "2 >= 1"),
    }


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("nothing.toml", None, "nothing.toml: no such file"),
        ("folder", "", "folder: is a directory; pass a claims file (TOML)"),
        (
            "claims.toml",
            "[[claim]\n",
            "claims.toml: not valid TOML: Expected ']]' at the end of an array declaration (at line 1, column 8)",
        ),
        ("claims.toml", "# nothing\n", "claims.toml: no [[claim]] tables"),
    ],
)
def test_unusable_claims_file_is_one_error_line_like_every_command(
    mw: Mw, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str | None, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    if text == "":
        (tmp_path / name).mkdir()
    elif text is not None:
        (tmp_path / name).write_text(text)
    for args in (("check", name), ("check", name, "--explain"), ("report", "--out", "out", "--claims", name)):
        r = mw(*args)
        assert (r.code, r.err.splitlines(), r.out) == (2, [f"modelwatch: error: {message}"], ""), args


def test_explain_alone_lists_the_claim_ids(mw: Mw) -> None:
    r = mw("check", str(CLAIMS), "--explain", "-f", "csv")
    assert r.code == 0
    ids = [line.split(",")[0] for line in r.out.splitlines()]
    assert ids[0] == "claim"
    assert "dragon-open-share-fell" in ids[1:] and "tiger-busy" in ids[1:]
    table = mw("check", str(CLAIMS), "--explain").out
    # the caption shows a full command to copy (it may wrap at the terminal's width)
    assert f"modelwatch check {CLAIMS} --explain {ids[1]}" in " ".join(table.split())


def test_explain_of_an_unknown_claim_names_the_claims(mw: Mw) -> None:
    r = mw("check", str(CLAIMS), "--explain", "nope")
    assert r.code == 2
    assert r.err.startswith(f"modelwatch: error: {CLAIMS}: no claim 'nope'; claims are ")
    assert "dragon-open-share-fell" in r.err
