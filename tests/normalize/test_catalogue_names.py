"""Name keys under which catalogue spellings and registry names meet."""

from __future__ import annotations

import pytest

from modelwatch.normalize.catalogue_names import name_keys, name_stem


@pytest.mark.parametrize(
    ("a", "b", "meet"),
    [
        ("DeepSeek V3 0324", "deepseek-ai/DeepSeek-V3-0324", True),
        ("deepseek/deepseek-r1:free", "DeepSeek-R1", True),
        ("Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B", True),  # variant words drop out of the loose key
        ("gemma-3-27b-it", "Gemma 3 27B", True),
        ("ERNIE-4.5-VL-424B-A47B (文心大模型4.5)", "ERNIE 4.5 VL 424B A47B", True),
        ("Eagle 4 (preview)", "Eagle 4", True),
        ("FLUX.1 Kontext [dev]", "FLUX.1 Kontext [pro]", False),  # [dev] names a different model
        ("Qwen3-8B", "Qwen3-32B", False),
        ("DeepSeek-V3", "DeepSeek-V3-0324", False),  # a dated update is a release of its own
        ("GPT-5", "gpt-5-mini", False),
    ],
)
def test_name_keys(a: str, b: str, meet: bool) -> None:
    assert bool(name_keys(a) & name_keys(b)) is meet


@pytest.mark.parametrize(
    ("name", "stem"),
    [("Claude Opus 4", "claude"), ("Qwen/Qwen3-8B", "qwen3"), ("gpt-5", "gpt"), ("", ""), ("  ", "")],
)
def test_name_stem(name: str, stem: str) -> None:
    assert name_stem(name) == stem


def test_empty_names_have_no_keys() -> None:
    assert name_keys("") == frozenset() and name_keys(" -/ ") == frozenset()


def test_unresolved_names_most_frequent_first() -> None:
    from modelwatch.normalize.catalogue_names import OrgRef, unresolved_names

    refs = [
        [OrgRef("Beta Lab", "", None, ""), OrgRef("Dragon", "CN", "dragon", "name")],
        [OrgRef("Alpha Lab", "", None, "")],
        [OrgRef("Beta Lab", "", None, "")],
        [],
    ]
    assert unresolved_names(refs) == [("Beta Lab", 2), ("Alpha Lab", 1)]
