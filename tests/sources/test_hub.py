"""Base models and their relation from a Hub repo's tags (when the API gives no `base_models`)."""

from __future__ import annotations

import pytest

from modelwatch.sources.hub import relation_from_tags


@pytest.mark.parametrize(
    ("tags", "expected"),
    [
        (["base_model:quantized:Qwen/Qwen3-8B", "base_model:Qwen/Qwen3-8B"], (["Qwen/Qwen3-8B"], "quantized")),
        (["base_model:Qwen/Qwen3-8B"], (["Qwen/Qwen3-8B"], "")),  # no relation said
        # a merge of a quantized model is a merge, whichever tag comes first (as in the whole-Hub import)
        (["base_model:quantized:a/x", "base_model:merge:b/y"], (["a/x", "b/y"], "merge")),
        (["base_model:merge:b/y", "base_model:finetune:a/x"], (["b/y", "a/x"], "merge")),
        (["base_model:distilled:a/x", "license:mit"], ([], "")),
    ],
)
def test_relation_from_tags(tags: list[str], expected: tuple[list[str], str]) -> None:
    assert relation_from_tags(tags) == expected
