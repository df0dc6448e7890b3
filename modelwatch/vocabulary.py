"""The fixed values that records and options are made of: modalities, kinds, relations, catalogues.

Plain Python, no pydantic: the command line imports these at start-up (its choices), and the records
(modelwatch.records) validate against them.
"""

from __future__ import annotations

from enum import StrEnum

MODALITIES = frozenset(
    {
        "language",
        "code",
        "vision-language",
        "multimodal",
        "image",
        "video",
        "speech",
        "audio",
        "embedding",
        "3d",
        "world",
        "robotics",
        "science",
        "other",
    }
)

ORG_KINDS = frozenset({"company", "academic", "nonprofit", "government", "group"})


class Catalogue(StrEnum):
    """The catalogues modelwatch imports, each named as its source module (modelwatch.sources.<name>)."""

    epoch = "epoch"
    openrouter = "openrouter"
    modelsdev = "modelsdev"

    @property
    def label(self) -> str:
        """The publisher's own name for it, for people."""
        return _LABELS[self]


_LABELS = {Catalogue.epoch: "Epoch AI", Catalogue.openrouter: "OpenRouter", Catalogue.modelsdev: "models.dev"}
ALIAS_KINDS = frozenset({"hub", *(c.value for c in Catalogue), "other"})

# How a Hub repo says it derives from its base model (the `base_model:<relation>:` tag, `base_model_relation`),
# weakest first: a repo naming one parent under several relations takes the strongest
BASE_RELATIONS = ("finetune", "quantized", "adapter", "merge")
