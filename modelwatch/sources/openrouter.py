"""OpenRouter's model list (`GET /api/v1/models`): what it serves, with the day it listed each.

`created` is the listing date on OpenRouter, not the release date; `hugging_face_id` links an
API model to its open weights. OpenRouter states no licence, so rows carry no tier.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.records import CatalogueFile, CatalogueRow, Skipped
from modelwatch.sources.catalogue import (
    ROW_ERRORS,
    check_text,
    clean,
    load_json,
    read_bytes,
    sha256_bytes,
    skipped_warnings,
    snapshot_day,
)
from modelwatch.vocabulary import Catalogue

SOURCE = Catalogue.openrouter.value
URL = "https://openrouter.ai/api/v1/models"
ATTRIBUTION = "OpenRouter model list, https://openrouter.ai/models"

# Kept in `extra` because a curator may want them; the rest (pricing, limits) is left out.
_KEEP = ("description", "context_length", "architecture", "supported_parameters")


def parse_row(raw: Any, n: int) -> CatalogueRow:
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    check_text(raw)
    model_id = raw.get("id")
    if not isinstance(model_id, str) or not model_id.strip():
        raise ValueError("no 'id'")
    model_id = model_id.strip()
    created = raw.get("created")
    date: dt.date | None = None
    if created not in (None, ""):
        if isinstance(created, bool) or not isinstance(created, int | float):
            raise ValueError(f"'created' {created!r} is not Unix time")
        try:
            date = dt.datetime.fromtimestamp(created, tz=dt.UTC).date()
        except (OverflowError, OSError, ValueError):
            raise ValueError(f"'created' {created!r} is not Unix time") from None
    hf = raw.get("hugging_face_id") or ""
    if not isinstance(hf, str):
        raise ValueError("'hugging_face_id' is not a string")
    hf = hf.strip()
    name = clean(raw.get("name")) or model_id
    if ": " in name:  # "DeepSeek: DeepSeek V3 0324" -> the model's own name
        name = name.split(": ", 1)[1]
    author = model_id.split("/", 1)[0] if "/" in model_id else ""
    slug = raw.get("canonical_slug") or ""
    if not isinstance(slug, str):
        raise ValueError("'canonical_slug' is not a string")
    extra: dict[str, Any] = {k: raw[k] for k in _KEEP if raw.get(k) not in (None, "", [], {})}
    if slug:
        extra["canonical_slug"] = slug
    return CatalogueRow(
        row=n,
        source_id=model_id,
        name=name,
        org_names=[author] if author else [],
        countries=[""] if author else [],
        org_hints=[hf.split("/", 1)[0]] if "/" in hf else [],
        date=date,
        date_kind="listed",
        hub_repos=[hf] if "/" in hf else [],
        url=f"https://openrouter.ai/{slug or model_id}",
        extra=extra,
    )


def parse(data: bytes, label: str) -> tuple[list[CatalogueRow], list[Skipped]]:
    """The rows, and the rows skipped for a problem of their own; a file that is not OpenRouter's
    list at all is refused."""
    doc = load_json(data, label)
    items = doc.get("data") if isinstance(doc, dict) else doc
    if not isinstance(items, list):
        raise ModelwatchError(f"{label}: expected a 'data' array of models (OpenRouter's /api/v1/models)")
    rows: list[CatalogueRow] = []
    skipped: list[Skipped] = []
    for n, raw in enumerate(items, start=1):
        try:
            rows.append(parse_row(raw, n))
        except ROW_ERRORS as exc:
            ident = raw.get("id") if isinstance(raw, dict) else None
            skipped.append(Skipped(n, ident if isinstance(ident, str) else "", str(exc) or type(exc).__name__))
    return rows, skipped


def load(path: Path) -> CatalogueFile:
    data = read_bytes(path)
    rows, skipped = parse(data, str(path))
    if not rows:
        why = f" ({skipped[0].line()})" if skipped else ""
        raise ModelwatchError(f"{path}: no usable models in it{why}")
    return CatalogueFile(
        source=SOURCE,
        path=str(path),
        sha256=sha256_bytes(data),
        as_of=snapshot_day(r.date for r in rows),
        rows=rows,
        variant="models",
        attribution=ATTRIBUTION,
        warnings=skipped_warnings(skipped, len(rows) + len(skipped)),
        skipped=skipped,
    )
