"""Checking claims files against the store."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from modelwatch.service.core import Answer, reading

if TYPE_CHECKING:
    from modelwatch.analyze.verdicts import ClaimRow


def check(path: Path, engine: str = "duckdb", spark_master: str | None = None) -> list[ClaimRow]:
    """Every claim of the file judged in every setting, shaped once for every front end (adoption claims read the
    Hub dump history on `engine`)."""
    from modelwatch.analyze.claims import judge_all
    from modelwatch.analyze.claims_file import load_claims
    from modelwatch.analyze.pending import pending_dates
    from modelwatch.analyze.verdicts import claim_rows

    claims = load_claims(path)
    with reading() as con:
        return claim_rows(judge_all(con, claims, lambda: pending_dates(con), engine, spark_master))


def refuse_unusable(path: Path) -> None:
    """One error line for a claims file that cannot be read, before anything else is done (or built)."""
    from modelwatch.analyze.claims_file import load_claims

    load_claims(path)


def ids(path: Path) -> Answer:
    """The claims of a file, to pick one for `--explain`."""
    from modelwatch.analyze.claims_file import load_claims

    rows = [{"claim": c.id, "text": c.text} for c in load_claims(path)]
    return Answer(
        rows,
        title=f"Claims in {path}",
        caption=f"list the releases behind one: modelwatch check {path} --explain {rows[0]['claim']}",
    )


def explain(path: Path, claim_id: str) -> Answer:
    from modelwatch.analyze.claims import evidence
    from modelwatch.analyze.claims_file import load_claim

    claim = load_claim(path, claim_id)
    with reading() as con:
        rows = evidence(con, claim)
    if claim.adoption:
        return Answer(
            rows,
            title=f"Numbers behind claim {claim_id}: {claim.text}",
            caption="per period, the subjects and the keys leading on the claim's metric, from the Hub dump snapshot "
            "closing the period: third-party derivatives (all, new in the period, new by relation), the share of the "
            "period's new ones, and downloads (the Hub's 30-day count); none without a history spanning the period",
            meta={"kind": "adoption"},
        )
    return Answer(
        rows,
        title=f"Releases behind claim {claim_id}: {claim.text}",
        caption="each subject's releases in the claim's period, at group level (lab level counts the lab's own); a "
        "release dated to a span across the period's edge is listed too, marked, and counted both ways",
    )
