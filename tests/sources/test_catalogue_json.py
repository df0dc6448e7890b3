"""Reading OpenRouter's model list and models.dev's catalogue."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.errors import ModelwatchError
from modelwatch.sources import modelsdev, openrouter
from modelwatch.tiers import Tier
from tests.conftest import FIXTURES

CAT = FIXTURES / "catalogues"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # id, name, org names, date, hub repos
        (
            {
                "id": "deepseek/deepseek-chat-v3-0324",
                "name": "DeepSeek: DeepSeek V3 0324",
                "created": 1742824800,
                "hugging_face_id": "deepseek-ai/DeepSeek-V3-0324",
            },
            (
                "deepseek/deepseek-chat-v3-0324",
                "DeepSeek V3 0324",
                ["deepseek"],
                dt.date(2025, 3, 24),
                ["deepseek-ai/DeepSeek-V3-0324"],
            ),
        ),
        (
            {"id": "openai/gpt-5", "name": "OpenAI: GPT-5", "created": 1754587413, "hugging_face_id": ""},
            ("openai/gpt-5", "GPT-5", ["openai"], dt.date(2025, 8, 7), []),
        ),
        (
            {"id": "openrouter/auto", "hugging_face_id": None},
            ("openrouter/auto", "openrouter/auto", ["openrouter"], None, []),
        ),
        ({"id": "solo"}, ("solo", "solo", [], None, [])),
    ],
)
def test_openrouter_row(raw: dict[str, Any], expected: tuple[Any, ...]) -> None:
    r = openrouter.parse_row(raw, 1)
    assert (r.source_id, r.name, r.org_names, r.date, r.hub_repos) == expected
    assert (r.date_kind, r.tier) == ("listed", Tier.UNKNOWN)


@pytest.mark.parametrize(
    ("raw", "message"),
    [([], "not a JSON object"), ({"name": "x"}, "no 'id'"), ({"id": "a/b", "created": "yesterday"}, "Unix time")],
)
def test_openrouter_bad_row(raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        openrouter.parse_row(raw, 1)


def test_openrouter_fixture_and_bare_array(tmp_path: Path) -> None:
    f = openrouter.load(CAT / "openrouter" / "models.json")
    assert (len(f.rows), f.as_of) == (5, dt.date(2025, 6, 1))
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps(json.loads((CAT / "openrouter" / "models.json").read_text())["data"]))
    assert [r.source_id for r in openrouter.load(bare).rows] == [r.source_id for r in f.rows]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{", "not valid JSON"),
        ('{"models": []}', "expected a 'data' array"),
        ('{"data": [{"id": "c/d", "created": true}]}', "no usable models in it (row 1 (c/d): 'created' True is not"),
        ("[" * 5000 + "]" * 5000, "not valid JSON: nested too deeply"),
    ],
)
def test_openrouter_malformed(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "m.json"
    path.write_text(body)
    with pytest.raises(ModelwatchError) as exc:
        openrouter.load(path)
    assert str(exc.value).startswith(str(path)) and message in str(exc.value)


@given(
    st.dictionaries(
        st.sampled_from(["id", "name", "created", "hugging_face_id", "canonical_slug"]),
        st.one_of(st.none(), st.text(max_size=20), st.integers(-(10**12), 10**12), st.booleans()),
    )
)
def test_openrouter_row_parser_fails_only_with_value_error(raw: dict[str, Any]) -> None:
    try:
        r = openrouter.parse_row(raw, 1)
    except ValueError:
        return
    assert r.source_id and r.name


@pytest.mark.parametrize(
    ("provider", "model", "raw", "expected"),
    [
        # source id, name, org names, date, tier, openness, hub repos
        (
            "deepseek",
            "deepseek-chat",
            {"name": "DeepSeek Chat", "release_date": "2024-12-26", "open_weights": True, "license": "MIT"},
            ("deepseek/deepseek-chat", "DeepSeek Chat", ["deepseek"], dt.date(2024, 12, 26), Tier.UNKNOWN, "open", []),
        ),
        (
            "togetherai",
            "deepseek-ai/DeepSeek-R1",
            {
                "name": "DeepSeek R1",
                "release_date": "2025-01",
                "open_weights": True,
                "weights": [{"url": "https://huggingface.co/deepseek-ai/DeepSeek-R1"}],
            },
            (
                "togetherai/deepseek-ai/DeepSeek-R1",
                "DeepSeek R1",
                ["deepseek-ai"],
                dt.date(2025, 1, 1),
                Tier.UNKNOWN,
                "open",
                ["deepseek-ai/DeepSeek-R1"],
            ),
        ),
        (
            "openai",
            "gpt-5",
            {"name": "GPT-5", "release_date": "2025-08-07", "open_weights": False},
            ("openai/gpt-5", "GPT-5", ["openai"], dt.date(2025, 8, 7), Tier.API, "closed", []),
        ),
        ("x", "y", {}, ("x/y", "y", ["x"], None, Tier.UNKNOWN, "unknown", [])),
    ],
)
def test_modelsdev_row(provider: str, model: str, raw: dict[str, Any], expected: tuple[Any, ...]) -> None:
    r = modelsdev.parse_row(provider, model, raw, 1)
    assert (r.source_id, r.name, r.org_names, r.date, r.tier, r.openness, r.hub_repos) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [({"release_date": "soon"}, "release_date"), ({"open_weights": "yes"}, "open_weights"), ("x", "not a table")],
)
def test_modelsdev_bad_row(raw: Any, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        modelsdev.parse_row("p", "m", raw, 1)


def test_modelsdev_json_and_toml_tree_read_the_same_rows() -> None:
    js = modelsdev.load(CAT / "modelsdev" / "api" / "api.json")
    tree = modelsdev.load(CAT / "modelsdev" / "tree")
    assert (len(js.rows), js.as_of, js.variant) == (4, dt.date(2025, 8, 1), "api.json")
    assert [r.source_id for r in tree.rows] == ["dragon/dragon-max", "hostco/Dragon-Vision/Dragon-2-VL-7B"]
    same = {r.source_id: (r.name, r.date, r.openness, r.license) for r in js.rows}
    for r in tree.rows:
        assert same[r.source_id] == (r.name, r.date, r.openness, r.license)
    month = next(r for r in js.rows if r.source_id == "dragon/dragon-2-32b")
    assert (month.date, month.extra["date_precision"]) == (dt.date(2025, 3, 1), "month")


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        (
            '{"release_date": "2025-25-11"}',
            "skipped row 2 (p/b): release_date: date '2025-25-11' is not a day of the calendar",
        ),
        (
            '{"release_date": "2025-99"}',
            "skipped row 2 (p/b): release_date: date '2025-99' is not a day of the calendar",
        ),
        ('{"weights": 3}', "skipped row 2 (p/b): weights '3' is not a list"),
        ('{"links": true}', "skipped row 2 (p/b): links 'True' is not a list"),
        ('{"name": "\\ud83d"}', "skipped row 2 (p/b): holds text that is not valid Unicode (a lone surrogate)"),
        ('{"release_date": 20250101}', "skipped row 2 (p/b): release_date: '20250101' is not a date"),
        ('{"id": 7}', "skipped row 2 (p/b): id is not a string"),
        ('"x"', "skipped row 2 (p/b): not a table of model fields"),
        ('{"x": ' + "[" * 100 + "]" * 100 + "}", "skipped row 2 (p/b): nested more than 64 levels deep"),
    ],
)
def test_modelsdev_a_bad_row_is_skipped_counted_and_listed(tmp_path: Path, bad: str, line: str) -> None:
    path = tmp_path / "api.json"
    path.write_text('{"p": {"models": {"a": {"name": "A"}, "b": ' + bad + ', "c": {"name": "C"}}}}')
    f = modelsdev.load(path)
    assert [r.source_id for r in f.rows] == ["p/a", "p/c"]
    assert f.warnings == ["1 of 3 rows skipped for a problem in the row", line]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{", "not valid JSON"),
        ("[]", "expected an object of providers"),
        ("{}", "expected an object of providers"),
        ('{"p": 3}', "expected an object of providers"),
        ('{"p": {"models": {"b": {"release_date": "2025-99"}}}}', "no usable models in it (row 1 (p/b): release_date"),
        ('{"p": ' * 5000 + "1" + "}" * 5000, "not valid JSON: nested too deeply"),
    ],
)
def test_modelsdev_a_file_of_another_format_is_refused_in_one_line(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "api.json"
    path.write_text(body)
    with pytest.raises(ModelwatchError) as exc:
        modelsdev.load(path)
    assert str(exc.value).startswith(f"{path}: ") and message in str(exc.value) and "\n" not in str(exc.value)


def test_many_bad_rows_are_all_counted_and_the_first_five_listed(tmp_path: Path) -> None:
    models = {f"m{i:02d}": {"release_date": "2025-25-11"} for i in range(12)} | {"ok": {"name": "OK"}}
    path = tmp_path / "api.json"
    path.write_text(json.dumps({"p": {"models": models}}))
    f = modelsdev.load(path)
    assert (len(f.rows), len(f.skipped)) == (1, 12)
    assert f.warnings[0] == "12 of 13 rows skipped for a problem in the row; the first 5 follow"
    assert f.warnings[1:] == [
        f"skipped row {i + 1} (p/m{i:02d}): release_date: date '2025-25-11' is not a day of the calendar"
        for i in range(5)
    ]


@pytest.mark.parametrize(
    ("bad", "line"),
    [
        ('{"id": "c/d", "created": true}', "skipped row 2 (c/d): 'created' True is not Unix time"),
        ('{"id": "c/d", "hugging_face_id": 3}', "skipped row 2 (c/d): 'hugging_face_id' is not a string"),
        (
            '{"id": "c/d", "name": "\\udc00"}',
            "skipped row 2 (c/d): holds text that is not valid Unicode (a lone surrogate)",
        ),
        ('{"id": "c/\\udc00"}', "skipped row 2 (c/\\udc00): holds text that is not valid Unicode (a lone surrogate)"),
        ('{"id": "c/d", "canonical_slug": 5}', "skipped row 2 (c/d): 'canonical_slug' is not a string"),
        ("17", "skipped row 2: not a JSON object"),
    ],
)
def test_openrouter_a_bad_row_is_skipped_counted_and_listed(tmp_path: Path, bad: str, line: str) -> None:
    path = tmp_path / "m.json"
    path.write_text('{"data": [{"id": "a/b"}, ' + bad + ', {"id": "e/f"}]}')
    f = openrouter.load(path)
    assert [r.source_id for r in f.rows] == ["a/b", "e/f"]
    assert f.warnings == ["1 of 3 rows skipped for a problem in the row", line]
