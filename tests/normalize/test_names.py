from __future__ import annotations

import csv

import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelwatch.normalize.names import parse_repo_id
from tests.conftest import SHARED_DATA


@pytest.mark.parametrize(
    ("repo_id", "family", "size", "variant", "date_code", "version", "packaging"),
    [
        ("Qwen/Qwen3-0.6B", "qwen3", "0.6B", "", "", "3", ()),
        ("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "qwen3", "235B-A22B", "instruct", "2507", "3", ("fp8",)),
        ("Qwen/Qwen3-30B-A3B-GPTQ-Int4", "qwen3", "30B-A3B", "", "", "3", ("gptq", "int4")),
        ("Qwen/Qwen3-VL-8B-Thinking", "qwen3-vl", "8B", "thinking", "", "3", ()),
        ("Qwen/Qwen2.5-Coder-32B-Instruct-GGUF", "qwen2.5-coder", "32B", "instruct", "", "2.5", ("gguf",)),
        ("Qwen/Qwen-1_8B-Chat-Int4", "qwen", "1.8B", "chat", "", "", ("int4",)),
        ("deepseek-ai/DeepSeek-R1-0528", "deepseek-r1", "", "", "0528", "1", ()),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", "deepseek-r1", "7B", "distill-qwen", "", "1", ()),
        ("deepseek-ai/DeepSeek-V3.1-Base", "deepseek-v3.1", "", "base", "", "3.1", ()),
        ("mistralai/Mixtral-8x7B-Instruct-v0.1", "mixtral", "8x7B", "instruct", "", "0.1", ()),
        ("mistralai/Mistral-Small-3.1-24B-Instruct-2503", "mistral", "small-24B", "instruct", "2503", "3.1", ()),
        ("meta-llama/Llama-2-7b-chat-hf", "llama-2", "7B", "chat", "", "2", ("hf",)),
        ("meta-llama/Llama-4-Scout-17B-16E-Instruct", "llama-4", "scout-17B-16E", "instruct", "", "4", ()),
        ("google/gemma-3-27b-it-qat-q4_0-gguf", "gemma-3", "27B", "instruct", "", "3", ("qat", "q4.0", "gguf")),
        ("google/gemma-3n-E4B-it", "gemma-3n", "E4B", "instruct", "", "3", ()),
        ("zai-org/GLM-4.5-Air-FP8", "glm-4.5", "air", "", "", "4.5", ("fp8",)),
        ("moonshotai/Kimi-K2-Instruct-0905", "kimi-k2", "", "instruct", "0905", "2", ()),
        ("openai/gpt-oss-120b", "gpt-oss", "120B", "", "", "", ()),
        ("allenai/olmOCR-2-7B-1025-FP8", "olmocr-2", "7B", "", "1025", "2", ("fp8",)),
        ("mlx-community/Qwen3-4B-MLX-4bit", "qwen3", "4B", "", "", "3", ("mlx", "4bit")),
        ("", "", "", "", "", "", ()),
    ],
)
def test_parse(
    repo_id: str, family: str, size: str, variant: str, date_code: str, version: str, packaging: tuple[str, ...]
) -> None:
    n = parse_repo_id(repo_id)
    assert (n.family, n.size, n.variant, n.date_code, n.version, n.packaging) == (
        family,
        size,
        variant,
        date_code,
        version,
        packaging,
    )


PACKS = ["FP8", "AWQ", "GPTQ-Int4", "GPTQ-Int8", "Int4", "GGUF", "MLX", "MLX-4bit", "ONNX", "bnb-4bit", "FP8-Dynamic"]
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9._]{0,12}(-[A-Za-z0-9._]{1,10}){0,5}", fullmatch=True)


@given(st.text(max_size=60))
def test_parse_never_raises(text: str) -> None:
    parse_repo_id(text)


@given(NAME, st.sampled_from(PACKS))
def test_a_repack_keeps_the_family_of_what_it_packages(name: str, pack: str) -> None:
    base, repack = parse_repo_id(f"org/{name}"), parse_repo_id(f"org/{name}-{pack}")
    if base.is_repack:  # the name already ends like a re-pack; adding another keeps the family anyway
        assert repack.family == base.family
        return
    assert repack.is_repack
    assert repack.family == base.family
    assert repack.unpacked_key == base.unpacked_key


def _tracked_ids() -> list[str]:
    folder = SHARED_DATA / "atom-tracked-models"
    ids: list[str] = []
    for name in ("models.csv", "extra_models.csv"):
        path = folder / name
        if path.exists():
            with path.open(newline="") as f:
                ids += [r["modelId"] for r in csv.DictReader(f) if r.get("modelId")]
    return ids


def test_every_tracked_repo_parses_and_no_repack_is_its_own_family() -> None:
    ids = _tracked_ids()
    if not ids:
        pytest.skip("../shared/data/atom-tracked-models is absent")
    parsed = {i: parse_repo_id(i) for i in ids}
    assert all(n.family for n in parsed.values())
    wrong = []
    for repo_id, n in parsed.items():
        if n.is_repack:
            kept = [t for t in n.name.split("-") if t.casefold().replace("_", ".") not in n.packaging]
            unpacked = parse_repo_id(f"{n.namespace}/{'-'.join(kept)}")
            if unpacked.family != n.family:
                wrong.append(repo_id)
    # a re-pack always has the family of the model it packages, never one of its own
    assert wrong == []
    # and where the organization also publishes that model, they share the family
    families = {(n.namespace, n.family) for n in parsed.values() if not n.is_repack}
    assert parsed["Qwen/Qwen3-8B-FP8"].family == "qwen3" or "Qwen/Qwen3-8B-FP8" not in parsed
    assert ("Qwen", "qwen3") in families or "Qwen/Qwen3-8B" not in parsed
