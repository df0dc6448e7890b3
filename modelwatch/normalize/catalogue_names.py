"""Catalogue rows -> organizations and comparable name keys.

Catalogues spell one model many ways ("DeepSeek: DeepSeek V3 0324", "deepseek-chat-v3-0324",
"DeepSeek-V3-0324"). A name key drops case, punctuation and spacing; a second, looser key also
drops variant and packaging words (instruct, chat, base, FP8, GGUF, ...), which never make a
release of their own (counting rules 2 and 3).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from modelwatch.normalize.organizations import OrgIndex
from modelwatch.records import CatalogueRow

VARIANT_WORDS = frozenset(
    {"instruct", "chat", "base", "it", "hf", "latest", "fp8", "bf16", "fp16", "awq", "gptq", "int4", "int8", "gguf"}
    | {"mlx", "onnx", "free"}
)
_SUFFIX = re.compile(r":[a-z0-9-]+$")  # OpenRouter's ":free", ":beta", ":thinking" ...
_PAREN = re.compile(r"\([^)]*\)")  # "ERNIE-4.5 (文心大模型4.5)"; [dev] / [pro] stay: they name a model
_TOKEN = re.compile(r"[^\W_]+")


def _key(tokens: list[str]) -> str:
    return "".join(tokens)


def name_keys(name: str) -> frozenset[str]:
    """Keys under which two spellings of one model meet; empty for an empty name."""
    text = name.strip().casefold()
    if "/" in text:  # a repo id or an API id with its author: the model's own part
        text = text.rsplit("/", 1)[1]
    text = _SUFFIX.sub("", text)
    keys: set[str] = set()
    for variant in (text, _PAREN.sub(" ", text)):
        tokens = _TOKEN.findall(variant)
        if not tokens:
            continue
        keys.add(_key(tokens))
        loose = [t for t in tokens if t not in VARIANT_WORDS]
        if loose:
            keys.add(_key(loose))
    return frozenset(keys)


def name_stem(name: str) -> str:
    """The first word of a model's own name: 'claude' for 'Claude Opus 4', 'qwen3' for 'Qwen/Qwen3-8B'."""
    text = name.strip().casefold()
    if "/" in text:
        text = text.rsplit("/", 1)[1]
    tokens = _TOKEN.findall(text)
    return tokens[0] if tokens else ""


@dataclass(frozen=True)
class OrgRef:
    name: str
    country: str
    org_id: str | None
    how: str  # name / hub namespace / hint / ""


def resolve_orgs(row: CatalogueRow, index: OrgIndex) -> list[OrgRef]:
    """Each organization the row names, with its id when the alias table knows it.

    A name resolves through the alias table (names and, failing that, Hub namespaces). When no
    name of the row resolves, its hints (Hub developer ids, weights links) are tried.
    """
    refs: list[OrgRef] = []
    for i, name in enumerate(row.org_names):
        country = row.countries[i] if i < len(row.countries) else ""
        org = index.by_name(name)
        how = "name"
        if org is None:
            org = index.by_namespace(name)
            how = "hub namespace"
        refs.append(OrgRef(name, country, org, how if org else ""))
    if row.org_hints and not any(r.org_id for r in refs):
        for hint in row.org_hints:
            org = index.by_namespace(hint) or index.by_name(hint)
            if org is None:
                continue
            if len(refs) == 1:
                refs[0] = OrgRef(refs[0].name, refs[0].country, org, "hint " + hint)
            elif not refs:
                refs.append(OrgRef(hint, "", org, "hint " + hint))
            break
    return refs


def unresolved_names(refs: list[list[OrgRef]]) -> list[tuple[str, int]]:
    """The organization names the alias table does not know, with the rows naming each, most frequent first."""
    missing = Counter(ref.name for row in refs for ref in row if ref.org_id is None)
    return sorted(missing.items(), key=lambda kv: (-kv[1], kv[0]))
