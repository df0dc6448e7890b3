"""What the pandas and polars peers share: the dump's columns, the rules' constants, and reading the
registry's Hub namespaces and the cards' base models (plain Python, no dataframe)."""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from modelwatch.records import BASE_RELATIONS
from modelwatch.sources.hub_dump import RELATION_RANK

RANK_REL = {v: k for k, v in RELATION_RANK.items()}
WANTED = ["id", "author", "createdAt", "downloads", "tags", "cardData"]
NAMESPACE_COLUMNS = ["ns", "org_id", "group_id", "country"]


def round4(x: float) -> float:
    return math.floor(x * 10000 + 0.5) / 10000  # DuckDB's round(x, 4) for x >= 0


def namespaces(data_dir: Path | None) -> list[tuple[str, str, str | None, str | None]]:
    """(namespace in lower case, org, group, country) of every Hub alias in the registry, sorted."""
    from modelwatch.config import data_dir as default_dir
    from modelwatch.sources.registry import load_registry

    reg = load_registry(data_dir or default_dir())
    return sorted(
        (ns.lower(), o.id, o.group, o.country) for o in reg.organizations.values() for ns in o.aliases.get("hub", [])
    )


def card_parents(card: str) -> list[tuple[str | None, str]]:
    """(relation, parent) pairs a card's JSON names as its base models."""
    try:
        doc = json.loads(card)
    except ValueError:
        return []
    if not isinstance(doc, dict):
        return []
    base, rel = doc.get("base_model"), doc.get("base_model_relation")
    rel = rel if isinstance(rel, str) else None
    if isinstance(base, str):
        return [(rel, base)]
    if isinstance(base, list):
        return [(rel, b if isinstance(b, str) else json.dumps(b)) for b in base if b is not None]
    return []


def arguments(doc: str, by: list[str]) -> argparse.ArgumentParser:
    """The options both peers take; each adds its own."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("dump", type=Path)
    ap.add_argument("--by", default="org", choices=by)
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--data", type=Path)
    return ap


def counts(row: Mapping[str, Any], total: int) -> dict[str, Any]:
    """The numbers of one row of the answer, typed as the ecosystem command gives them."""
    return {
        "repos": int(row["repos"]),
        "downloads": int(row["downloads"]),
        "derivatives": int(row["derivatives"]),
        "direct": int(row["direct"]),
        **{rel: int(row[rel]) for rel in BASE_RELATIONS},
        "derivative_downloads": int(row["derivative_downloads"]),
        "share": round4(row["derivatives"] / total) if total else None,
    }
