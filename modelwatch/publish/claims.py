"""Judged claims as text for the terminal, CSV or JSON (the rows come shaped from analyze.verdicts)."""

from __future__ import annotations

import json

from modelwatch.analyze.verdicts import ClaimRow, long_rows
from modelwatch.publish.terminal import render, to_csv

SETTINGS_NOTE = (
    "settings: unit (releases, artifacts, days) / level (lab = the organization itself; "
    "group = its parent group with all its labs)"
)
ADOPTION_NOTE = (
    "adoption settings: relation of the third-party derivatives (finetune, quantized, adapter, merge, all) / level "
    "(lab = the root model's organization, or its country or region; group = its parent group, or the group's; "
    "line = the model line)"
)


def as_text(claims: list[ClaimRow], fmt: str) -> str:
    """What `modelwatch check` prints."""
    if fmt == "json":
        return json.dumps([c.as_json() for c in claims], indent=2, ensure_ascii=False)
    if fmt == "csv":
        return to_csv(long_rows(claims)).rstrip("\n")
    out: list[str] = []
    for c in claims:
        out.append(f"\n{c.id}: {c.text}")
        out.append(f"  verdict: {c.verdict}" + ("  (robust: the same in every setting)" if c.robust else ""))
        if c.basis:
            out.append(f"  judged from: {c.basis}")
        if c.one_reason:
            continue
        rows = [{"setting": r.setting, "verdict": r.verdict, "numbers": r.numbers} for r in c.readings]
        out.extend("  " + line for line in render(rows, "table").splitlines())
    if any(not c.adoption for c in claims):
        out.append("\n" + SETTINGS_NOTE)
    if any(c.adoption for c in claims):
        out.append(("" if any(not c.adoption for c in claims) else "\n") + ADOPTION_NOTE)
    return "\n".join(out)
