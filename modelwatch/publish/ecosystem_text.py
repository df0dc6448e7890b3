"""The words around the ecosystem answers: titles, and captions that state the counting rules."""

from __future__ import annotations

import datetime as dt
from typing import Any

RULES = (
    "Derivatives are third-party repos only (a repo by the root's own organization is part of its release), "
    "attributed to the organization of the ROOT base model its chains reach (a merge of two roots counts for "
    "both); direct = built on the root itself; relation = the strongest declared (merge > adapter > quantized > "
    "finetune); downloads = the dump's recent (30-day) downloads."
)

HISTORY_RULES = (
    "Each period is observed through the last snapshot dated inside it. new_derivatives = third-party derivatives "
    "created (Hub creation date) inside the period; derivatives = all third-party derivatives in that snapshot; "
    "share = of all new third-party derivatives that period (a repo with roots under two keys counts for both)."
)

LINE_RULE = (
    "A line's repos / downloads are its first-party members (the roots and their derivatives by the same owner); "
    "a registered organization's roots are grouped by model line, any other root is its own line. "
)


def history_words(dates: list[dt.date], by: str, every: str, engine: str) -> tuple[str, str]:
    """The title and caption of the adoption series over the snapshots of `dates`."""
    first, last, n = dates[0].isoformat(), dates[-1].isoformat(), len(dates)
    level = {"org": "organization", "line": "model line"}.get(by, by)
    title = f"Adoption per {every} by the {level} of the root model ({n} snapshots, {first} to {last})"
    caption = f"Hub dump history on {engine}. {HISTORY_RULES} {LINE_RULE if by == 'line' else ''}{RULES}"
    return title, caption


def summary_words(
    dump: dict[str, Any], by: str, year: int | None, top: int | None, monthly: bool, regions: bool
) -> tuple[str, str]:
    """The title and caption of the ecosystems of the latest dump, per root or per month."""
    scope = str(year) if year else "all years"
    snapshot = f"Hub dump as of {dump['as_of']} (import {dump['import_id']}, {dump['rows']:,} repos)"
    if monthly:
        level = "region" if regions else "country"
        title = f"Share of new third-party derivatives per month by the {level} of their root model ({scope})"
        caption = (
            f"{snapshot}. derivatives = new third-party derivatives that month (Hub creation date); each other "
            f"column = the share of them whose root base model comes from that {level}; a repo with roots in two "
            f"{level}s counts in both, so a row can add up to more than 100%. {RULES}"
        )
        return title, caption
    level = {"org": "root organization", "group": "root group", "line": "model line"}.get(
        by, "root region" if regions or by == "region" else "root country"
    )
    title = f"Hub ecosystems per {level} ({scope}{'; top ' + str(top) if top else ''})"
    caption = (
        f"{snapshot}. repos / downloads = "
        + (
            "the line's first-party members (a registered organization's roots are grouped by model line: "
            "the repo name without size; any other root is its own line)"
            if by == "line"
            else "repos in the organizations' own namespaces"
        )
        + "; derivatives = distinct third-party repos whose root is there (share = of all third-party "
        f"derivatives). {RULES}"
    )
    return title, caption
