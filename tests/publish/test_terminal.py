from __future__ import annotations

import datetime as dt

import pytest

from modelwatch.publish.terminal import render

ROWS = [
    {"date": dt.date(2025, 4, 29), "name": "Qwen3", "releases": 3, "open_share": 0.667, "sizes": ["8B", "32B"]},
    {"date": dt.date(2025, 1, 20), "name": 'A "quoted", name', "releases": 1, "open_share": None, "sizes": []},
]


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "csv",
            "date,name,releases,open_share,sizes\n"
            '2025-04-29,Qwen3,3,0.667,"8B, 32B"\n'
            '2025-01-20,"A ""quoted"", name",1,,\n',
        ),
        (
            "json",
            '[\n  {\n    "date": "2025-04-29",\n    "name": "Qwen3",\n    "releases": 3,\n    "open_share": 0.667,\n'
            '    "sizes": [\n      "8B",\n      "32B"\n    ]\n  },\n  {\n    "date": "2025-01-20",\n'
            '    "name": "A \\"quoted\\", name",\n    "releases": 1,\n    "open_share": null,\n    "sizes": []\n  }\n]',
        ),
    ],
)
def test_machine_formats(fmt: str, expected: str) -> None:
    assert render(ROWS, fmt) == expected


def test_table_shows_title_percentages_and_caption() -> None:
    text = render(ROWS, "table", title="Releases per organization (2025)", caption="unit: release events")
    lines = text.splitlines()
    assert lines[0].strip() == "Releases per organization (2025)"
    assert "67%" in text
    assert lines[-1].strip() == "unit: release events"


def test_empty_table_says_so() -> None:
    assert render([], "table", title="Releases (2031)") == "Releases (2031)\n(no rows)"


def test_brackets_print_as_written() -> None:
    text = render([{"name": "FLUX.1 [dev]", "note": "[bold]x[/bold]"}], "table", title="[[omission]] records")
    assert "FLUX.1 [dev]" in text
    assert "[bold]x[/bold]" in text
    assert "[[omission]] records" in text


def test_wide_characters_keep_columns_aligned() -> None:
    text = render([{"name": "文心一言", "n": 1}, {"name": "ERNIE", "n": 22}], "table")
    assert text.splitlines() == ["name       n", "--------  --", "文心一言   1", "ERNIE     22"]


def test_a_caption_never_breaks_an_id_or_a_command() -> None:
    caption = "list one: modelwatch check examples/claims/china-open-models-2025.toml --explain china-more-open-than-us"
    lines = render([{"claim": "a"}], "table", caption=caption).splitlines()[3:]
    assert lines == [
        "list one: modelwatch check",
        "examples/claims/china-open-models-2025.toml --explain",
        "china-more-open-than-us",
    ]


def test_a_long_list_is_cut_in_a_table_and_whole_in_csv() -> None:
    names = [f"m{i:02}" for i in range(1, 15)]
    table = render([{"names": names}], "table").splitlines()[-1]
    assert table == ", ".join(names[:12]) + ", ... (14 in all)"
    assert render([{"names": names}], "csv").splitlines()[-1] == '"' + ", ".join(names) + '"'
