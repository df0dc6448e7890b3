"""models.dev: API model SKUs per provider, from its `api.json` or its TOML tree.

`api.json` maps provider id -> {name, ..., models: {model id -> {name, release_date, last_updated,
open_weights, license, weights, links, ...}}}. The TOML tree holds the same as
providers/<provider>/models/<model id>.toml (a model id may contain '/').
One row is one (provider, model) pair: the same model served by three providers is three rows.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.records import CatalogueFile, CatalogueRow, Skipped
from modelwatch.sources.catalogue import (
    ROW_ERRORS,
    check_text,
    clean,
    hub_links,
    load_json,
    parse_day,
    read_bytes,
    sha256_bytes,
    skipped_warnings,
    snapshot_day,
)
from modelwatch.tiers import Tier
from modelwatch.vocabulary import Catalogue

SOURCE = Catalogue.modelsdev.value
URL = "https://models.dev/api.json"
ATTRIBUTION = "models.dev, https://models.dev (MIT)"

_KEEP = ("family", "knowledge", "modalities", "status", "reasoning", "tool_call")


def _list(raw: dict[str, Any], key: str) -> list[Any]:
    value = raw.get(key)
    if value in (None, "", [], {}):
        return []
    if not isinstance(value, list):
        raise ValueError(f"{key} {str(value)[:40]!r} is not a list")
    return value


def _weights_urls(raw: dict[str, Any]) -> list[str]:
    urls: list[str] = []
    for w in _list(raw, "weights"):
        if isinstance(w, dict) and isinstance(w.get("url"), str):
            urls.append(w["url"])
    for link in _list(raw, "links"):
        if isinstance(link, dict) and isinstance(link.get("url"), str) and link.get("type") in (None, "weights"):
            urls.append(link["url"])
    return urls


def parse_row(provider: str, model_id: str, raw: Any, n: int) -> CatalogueRow:
    if not isinstance(raw, dict):
        raise ValueError("not a table of model fields")
    check_text(raw)
    check_text(model_id)
    if raw.get("id") is not None and not isinstance(raw.get("id"), str):
        raise ValueError("id is not a string")
    model_id = str(raw.get("id") or model_id).strip()
    if not model_id:
        raise ValueError("no model id")
    dates: dict[str, dt.date | None] = {}
    for key in ("release_date", "last_updated"):
        value = raw.get(key)
        if value in (None, ""):
            dates[key] = None
            continue
        if not isinstance(value, str | dt.date):
            raise ValueError(f"{key}: {str(value)[:40]!r} is not a date")
        try:
            dates[key] = parse_day(str(value))
        except ValueError as exc:
            raise ValueError(f"{key}: {exc}") from None
    open_weights = raw.get("open_weights")
    if open_weights not in (None, True, False):
        raise ValueError(f"open_weights {open_weights!r} is not true or false")
    license_ = clean(raw.get("license"))
    urls = _weights_urls(raw)
    repos, namespaces = hub_links(" ".join(urls))
    namespace = model_id.split("/", 1)[0] if "/" in model_id else ""
    extra: dict[str, Any] = {"provider": provider}
    extra.update({k: raw[k] for k in _KEEP if raw.get(k) not in (None, "", [], {})})
    if dates["last_updated"]:
        extra["last_updated"] = dates["last_updated"].isoformat()
    if isinstance(raw.get("release_date"), str) and len(raw["release_date"].strip()) == 7:
        extra["date_precision"] = "month"
    if open_weights is True:
        tier, openness = Tier.UNKNOWN, "open"  # the exact tier follows from the licence, when known
    elif open_weights is False:
        tier, openness = Tier.API, "closed"
    else:
        tier, openness = Tier.UNKNOWN, "unknown"
    hints = [r.split("/", 1)[0] for r in repos] + namespaces
    return CatalogueRow(
        row=n,
        source_id=f"{provider}/{model_id}",
        name=clean(raw.get("name")) or model_id,
        org_names=[namespace or provider],
        countries=[""],
        org_hints=[h for i, h in enumerate(hints) if h not in hints[:i]] + ([provider] if namespace else []),
        date=dates["release_date"],
        date_kind="released",
        tier=tier,
        openness=openness,
        accessibility="" if open_weights is None else f"open_weights={str(open_weights).lower()}",
        license=license_,
        hub_repos=repos,
        url=urls[0] if urls else "",
        extra=extra,
    )


def _providers_json(data: bytes, label: str) -> dict[str, Any]:
    doc = load_json(data, label)
    if not isinstance(doc, dict) or not doc or not any(isinstance(v, dict) for v in doc.values()):
        raise ModelwatchError(f"{label}: expected an object of providers (models.dev's api.json)")
    return doc


def _rows_of(providers: dict[str, Any], label: str, skipped: list[Skipped]) -> list[CatalogueRow]:
    """Every (provider, model) row; a row (or a provider) with a problem of its own is skipped and counted."""
    rows: list[CatalogueRow] = []
    n = 0
    for provider_key, provider in sorted(providers.items()):
        models = provider.get("models") if isinstance(provider, dict) else None
        if not isinstance(models, dict):
            n += 1
            skipped.append(Skipped(n, f"provider {provider_key}", "no 'models' object"))
            continue
        pid = provider.get("id") or provider_key
        pid = pid if isinstance(pid, str) else provider_key
        for model_key, raw in sorted(models.items()):
            n += 1
            if isinstance(raw, Skipped):  # a TOML file of the tree that did not parse
                skipped.append(Skipped(n, f"{pid}/{model_key}", raw.reason))
                continue
            try:
                check_text(pid)
                rows.append(parse_row(pid, model_key, raw, n))
            except ROW_ERRORS as exc:
                skipped.append(Skipped(n, f"{pid}/{model_key}", str(exc) or type(exc).__name__))
    return rows


def _tree(root: Path) -> tuple[dict[str, Any], bytes]:
    """providers/<p>/models/**/*.toml -> the api.json shape, plus the bytes to hash."""
    base = root / "providers" if (root / "providers").is_dir() else root
    providers: dict[str, Any] = {}
    digest = b""
    for mdir in sorted(base.glob("*/models")):
        pid = mdir.parent.name
        models: dict[str, Any] = {}
        for f in sorted(mdir.rglob("*.toml")):
            rel = f.relative_to(mdir).with_suffix("").as_posix()
            data = read_bytes(f)
            digest += rel.encode() + b"\0" + data
            try:
                models[rel] = tomllib.loads(data.decode("utf-8"))
            except (tomllib.TOMLDecodeError, UnicodeDecodeError, RecursionError) as exc:
                reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc)
                models[rel] = Skipped(0, rel, f"not valid TOML: {reason}")
        providers[pid] = {"id": pid, "models": models}
    if not providers:
        raise ModelwatchError(f"{root}: no providers/<provider>/models/*.toml files")
    return providers, digest


def load(path: Path) -> CatalogueFile:
    label = str(path)
    if path.is_dir():
        providers, digest = _tree(path)
        variant = "toml"
    else:
        digest = read_bytes(path)
        providers = _providers_json(digest, label)
        variant = "api.json"
    skipped: list[Skipped] = []
    rows = _rows_of(providers, label, skipped)
    if not rows:
        why = f" ({skipped[0].line()})" if skipped else ""
        raise ModelwatchError(f"{label}: no usable models in it{why}")
    as_of = snapshot_day(r.extra.get("last_updated") for r in rows) or snapshot_day(r.date for r in rows)
    return CatalogueFile(
        source=SOURCE,
        path=label,
        sha256=sha256_bytes(digest),
        as_of=as_of,
        rows=rows,
        variant=variant,
        attribution=ATTRIBUTION,
        warnings=skipped_warnings(skipped, len(rows) + len(skipped)),
        skipped=skipped,
    )
