"""Verdicts as rows: the one shape that the terminal, the report and the web claims page render.

`claim_rows` is the only place a verdict is shaped for reading; front ends pick fields, never decide
which numbers stand for a claim.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.query import Row

if TYPE_CHECKING:
    from modelwatch.analyze.claims import Reading, Verdict


@dataclass(frozen=True)
class ReadingRow:
    """A claim in one setting (unit x level): its verdict and the numbers behind it."""

    unit: str
    level: str
    verdict: str  # true | false | undecidable
    value: float | None
    compared_with: float | None
    numbers: str

    @property
    def setting(self) -> str:
        return f"{self.unit}/{self.level}"


@dataclass(frozen=True)
class ClaimRow:
    """One claim judged in every setting."""

    id: str
    text: str
    verdict: str  # true, false, "depends: ..." or "undecidable: ..."
    robust: bool  # decided, and the same in every setting
    decided: bool
    readings: tuple[ReadingRow, ...]
    # the reading whose numbers stand for the claim in one line: a claim that holds in some settings
    # only is shown with the numbers of a setting where it holds
    shown: ReadingRow
    basis: str = ""  # the Hub dump snapshots an adoption claim read ('' for a release claim)
    adoption: bool = False  # judged in relation x level settings (from the Hub dump history)

    @property
    def one_reason(self) -> bool:
        """Undecidable for the same reason in every setting: the settings add nothing to read."""
        return not self.decided and len({r.numbers for r in self.readings}) == 1

    def as_json(self) -> dict[str, Any]:
        """The claim as `check -f json` and the API give it."""
        found: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "verdict": self.verdict,
            "robust": self.robust,
            "decided": self.decided,
            "readings": [asdict(r) for r in self.readings],
        }
        if self.adoption:
            found["basis"] = self.basis
        return found


def _reading(r: Reading) -> ReadingRow:
    return ReadingRow(r.unit, r.level, r.verdict, r.value, r.other, r.detail)


def claim_rows(verdicts: list[Verdict]) -> list[ClaimRow]:
    out = []
    for v in verdicts:
        readings = tuple(_reading(r) for r in v.readings)
        holds = [r for r in readings if r.verdict == "true"]
        shown = holds[0] if holds and v.decided and not v.robust else readings[0]
        out.append(
            ClaimRow(
                v.claim.id, v.claim.text, v.summary, v.robust, v.decided, readings, shown, v.basis, v.claim.adoption
            )
        )
    return out


def long_rows(claims: list[ClaimRow]) -> list[Row]:
    """One row per claim and setting (CSV): the claim's id, the setting, then the reading's own fields."""
    return [
        {"claim": c.id, "setting": r.setting, **{k: v for k, v in asdict(r).items() if k not in ("unit", "level")}}
        for c in claims
        for r in c.readings
    ]
