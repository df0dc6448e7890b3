"""Model names: a Hub repo id -> family key, size, variant, date code, version, packaging.

`parse_repo_id("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8")` gives family `qwen3`, size `235B-A22B`,
variant `instruct`, date code `2507`, packaging `fp8`. The family key is what the counting rules
group by: it keeps the words that make a different family (`qwen3-vl`, `qwen3-coder`) and drops the
ones that only pick a member of it (size, variant, date, packaging). A re-pack (FP8, GGUF, ...) always
has the family of the model it packages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Re-packagings: the same weights in another format or precision (rule 3).
_PACKAGING = re.compile(
    r"""^(
        fp8|fp4|fp16|bf16|nvfp4|mxfp4|mxfp8|fp8[-_]?dynamic|int4|int8|int2|w4a16|w8a8|w8a16|w4a8
        |awq|gptq|gguf|ggml|mlx|onnx|exl2|exl3|bnb|4bit|8bit|3bit|6bit|nf4|qat|hqq|marlin|dynamic
        |q[2-8](\.\d|k.*)?(_k(_[sml])?)?|hf|original|paddle|openvino|tflite|litert|coreml|mnn
        |safetensors|pytorch|jax|keras|transformers|torch|dflash
    )$""",
    re.VERBOSE,
)
# Words that pick a member of a family: its variant.
_VARIANTS = {
    "base": "base",
    "pt": "base",
    "pretrain": "base",
    "pretrained": "base",
    "instruct": "instruct",
    "inst": "instruct",
    "it": "instruct",
    "chat": "chat",
    "thinking": "thinking",
    "think": "thinking",
    "reasoning": "reasoning",
    "reasoner": "reasoning",
    "rl": "rl",
    "sft": "sft",
    "dpo": "dpo",
    "grpo": "rl",
    "zero": "zero",
    "preview": "preview",
    "exp": "experimental",
    "experimental": "experimental",
    "distill": "distill",
}
# Size words: a family is launched in tiers named this way (GLM-4.5 and GLM-4.5-Air).
_SIZE_WORDS = frozenset(
    {"nano", "micro", "mini", "tiny", "small", "medium", "large", "xl", "lite", "air", "flash", "pro"}
    | {"max", "ultra", "plus", "turbo", "scout", "maverick", "moe"}
)
_SIZE = re.compile(r"^(\d+x)?\d+(\.\d+)?[bmt]$")  # 7b, 0.6b, 8x7b, 135m, 1t
_ACTIVE = re.compile(r"^a\d+(\.\d+)?[bm]$")  # a22b (active parameters of a MoE)
_EXPERTS = re.compile(r"^\d+e$")  # 128e (Llama 4)
_EFFECTIVE = re.compile(r"^e\d+(\.\d+)?b$")  # e4b (Gemma 3n)
_CONTEXT = re.compile(r"^\d+(\.\d+)?k$")  # 4k, 128k context
_DATE = re.compile(r"^(\d{4}|\d{6}|\d{8})$")
_VERSION = re.compile(r"^v?(\d+(\.\d+)*)$")
_NUMBER = re.compile(r"\d+(?:\.\d+)*")


@dataclass(frozen=True)
class ModelName:
    """A parsed Hub repo id. Empty strings mean the name does not say."""

    repo_id: str
    namespace: str
    name: str
    family: str
    size: str = ""
    variant: str = ""
    date_code: str = ""
    version: str = ""
    packaging: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def is_repack(self) -> bool:
        return bool(self.packaging)

    @property
    def release_key(self) -> tuple[str, str, str]:
        """What must match for two repos to be one release (rules 1, 2, 4, 5)."""
        return (self.family, self.version, self.date_code)

    @property
    def unpacked_key(self) -> tuple[str, ...]:
        """What a re-pack shares with the model it packages."""
        return (self.family, self.version, self.date_code, self.size, self.variant, *self.extra)


def _is_date(token: str) -> bool:
    if not _DATE.match(token):
        return False
    if len(token) == 8:
        return token.startswith(("19", "20")) and 1 <= int(token[4:6]) <= 12
    a, b = int(token[:2]), int(token[2:4])
    if len(token) == 6:  # YYMMDD
        return 1 <= b <= 12 and 1 <= int(token[4:]) <= 31
    # YYMM (2507), MMDD (0528) or MMYY (1025)
    return (20 <= a <= 39 and 1 <= b <= 12) or (1 <= a <= 12 and 1 <= b <= 31)


def _tokens(name: str) -> list[str]:
    name = re.sub(r"(\d)_(\d)", r"\1.\2", name.casefold())  # Qwen-1_8B, internlm2_5
    parts = [t for t in re.split(r"[-\s]+", name) if t]
    out: list[str] = []
    for t in parts:
        # a packaging word glued with underscores (q4_k_m stays whole)
        if "_" in t and not _PACKAGING.match(t):
            out.extend(p for p in t.split("_") if p)
        else:
            out.append(t)
    return out


def parse_repo_id(repo_id: str) -> ModelName:
    """Parse `owner/name` (or a bare name); never raises on any string."""
    namespace, _, name = repo_id.rpartition("/")
    toks = _tokens(name)
    family: list[str] = []
    sizes: list[str] = []
    variants: list[str] = []
    packaging: list[str] = []
    extra: list[str] = []
    date_code = ""
    version = ""
    stem_done = False
    i = 0
    while i < len(toks):
        t = toks[i]
        first = i == 0
        i += 1
        if not first and _PACKAGING.match(t):
            packaging.append(t)
            continue
        if (_SIZE.match(t) or _ACTIVE.match(t) or _EXPERTS.match(t) or _EFFECTIVE.match(t)) and not first:
            numeric = any(x not in _SIZE_WORDS for x in sizes)
            if numeric and not (_ACTIVE.match(t) or _EXPERTS.match(t)) and not _size_follows(toks, i):
                extra.append(t)  # a second size later on (Qwen2.5-7B-Instruct-1M)
            else:
                sizes.append(t)
            stem_done = True
            continue
        if not first and t in _SIZE_WORDS:
            sizes.append(t)
            stem_done = True
            continue
        if not first and t in _VARIANTS:
            v = _VARIANTS[t]
            if v == "distill":
                # DeepSeek-R1-Distill-Qwen-7B: a companion under the flagship's name (rule 8)
                nxt = toks[i] if i < len(toks) else ""
                if nxt and not (_SIZE.match(nxt) or _PACKAGING.match(nxt)):
                    variants.append(f"distill-{nxt}")
                    i += 1
                else:
                    variants.append("distill")
            else:
                variants.append(v)
            stem_done = True
            continue
        if not first and not date_code and _is_date(t):
            date_code = t
            stem_done = True
            continue
        if not first and _VERSION.match(t) and stem_done and (t.startswith("v") or "." in t):
            version = version or _VERSION.match(t).group(1)  # type: ignore[union-attr]
            continue
        if _CONTEXT.match(t) and not first:
            extra.append(t)
            continue
        if stem_done:
            extra.append(t)
        else:
            family.append(t)
    key = "-".join(family) or (toks[0] if toks else name.casefold())
    if not version:
        numbers = _NUMBER.findall(key)
        version = numbers[-1] if numbers else ""
    return ModelName(
        repo_id=repo_id,
        namespace=namespace,
        name=name,
        family=key,
        size=_size_label(sizes),
        variant="-".join(dict.fromkeys(variants)),
        date_code=date_code,
        version=version,
        packaging=tuple(dict.fromkeys(packaging)),
        extra=tuple(extra),
    )


def _size_follows(toks: list[str], i: int) -> bool:
    return i < len(toks) and bool(_ACTIVE.match(toks[i]))


def _size_label(sizes: list[str]) -> str:
    """`["235b", "a22b"]` -> `235B-A22B`; size words keep their case (`air`)."""
    out = []
    for s in sizes:
        out.append(s if s in _SIZE_WORDS else s.upper().replace("X", "x"))
    return "-".join(out)
