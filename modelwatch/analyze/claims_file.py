"""Claims files: sentences about who releases what, each with a testable form."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from modelwatch.errors import DataError, ModelwatchError, Problem
from modelwatch.files import read_input
from modelwatch.vocabulary import BASE_RELATIONS, MODALITIES

RELEASE_METRICS = ("releases", "open_releases", "closed_releases", "open_share", "rank")
# judged from the Hub dump history (analyze.adoption_claims): third-party derivatives of the subject's root models
# and downloads, by relation
ADOPTION_METRICS = ("derivatives", "new_derivatives", "new_derivative_share", "downloads", "derivative_downloads")
METRICS = (*RELEASE_METRICS, *ADOPTION_METRICS)
RELATIONS = (*BASE_RELATIONS, "all")  # an adoption claim's settings: each relation, and all of them together
HANDFUL = 5

Op = Literal[">", ">=", "<", "<=", "==", "most", "handful"]


class Period(BaseModel):
    model_config = ConfigDict(frozen=True)
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.start.month == 1 and self.start.day == 1 and self.end == dt.date(self.start.year, 12, 31):
            return str(self.start.year)
        return f"{self.start}..{self.end}"


def parse_period(text: str) -> Period:
    """`2025`, or `2025-01-01..2025-06-30`."""
    text = str(text).strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
        return Period(start=dt.date(year, 1, 1), end=dt.date(year, 12, 31))
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text)
    if not m:
        raise ValueError(f"period {text!r} is not a year (2025) or a range (2025-01-01..2025-06-30)")
    start, end = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
    if start > end:
        raise ValueError(f"period {text!r} ends before it starts")
    return Period(start=start, end=end)


class Claim(BaseModel):
    """One claim. Subjects are organization ids (a lab; its group is used at group level) or country codes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    text: str
    metric: str
    subject: list[str]
    period: str
    op: Op
    value: float | None = None
    than: list[str] = Field(default_factory=list)
    than_period: str = ""
    each: bool = False
    max_ratio: float | None = None
    modality: list[str] = Field(default_factory=list)  # empty: every modality; else only releases of these
    relation: list[str] = Field(default_factory=list)  # adoption claims: empty = every relation; else only these
    note: str = ""

    @field_validator("subject", "than", "modality", "relation", mode="before")
    @classmethod
    def _listify(cls, v: object) -> object:
        return [v] if isinstance(v, str) else v

    @field_validator("metric")
    @classmethod
    def _metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"metric {v!r} is not one of {', '.join(METRICS)}")
        return v

    @field_validator("modality")
    @classmethod
    def _modality(cls, v: list[str]) -> list[str]:
        for m in v:
            if m not in MODALITIES:
                raise ValueError(f"modality {m!r} is not one of {', '.join(sorted(MODALITIES))}")
        return v

    @field_validator("relation")
    @classmethod
    def _relation(cls, v: list[str]) -> list[str]:
        for r in v:
            if r not in RELATIONS:
                raise ValueError(f"relation {r!r} is not one of {', '.join(RELATIONS)}")
        return v

    @field_validator("period", "than_period")
    @classmethod
    def _period(cls, v: str, info: ValidationInfo) -> str:
        if v or info.field_name == "period":  # the claim's own period is required; than_period is optional
            parse_period(v)
        return v

    @model_validator(mode="after")
    def _comparison(self) -> Claim:
        against = [self.value is not None, bool(self.than), bool(self.than_period)]
        if self.op in (">", ">=", "<", "<=", "==") and sum(against) != 1:
            raise ValueError(f"op {self.op!r} needs exactly one of value, than, than_period")
        if self.op in ("most", "handful") and any(against):
            raise ValueError(f"op {self.op!r} takes no value, than or than_period")
        if not self.subject:
            raise ValueError("subject is empty")
        if self.adoption and self.modality:
            raise ValueError(f"metric {self.metric!r} counts Hub repos, which have no modality; leave modality out")
        if not self.adoption and self.relation:
            raise ValueError(f"relation is for adoption metrics ({', '.join(ADOPTION_METRICS)}), not {self.metric!r}")
        if self.metric == "downloads" and any(r != "all" for r in self.relation):
            raise ValueError("metric 'downloads' counts the subject's own repos, which have no relation; leave it out")
        return self

    @property
    def adoption(self) -> bool:
        """Judged from the Hub dump history (relations x levels) rather than the registry (units x levels)."""
        return self.metric in ADOPTION_METRICS

    @property
    def periods(self) -> tuple[Period, Period | None]:
        return parse_period(self.period), parse_period(self.than_period) if self.than_period else None


def load_claims(path: Path) -> list[Claim]:
    """Parse a claims file; any problem is a DataError naming the file and the claim."""
    name = str(path)
    # A problem with the whole file is one `modelwatch: error: FILE: ...` line, like every command's;
    # problems of single claims are listed as `FILE: claim ID: ...`, every one of them.
    data = read_input(path, "a claims file (TOML)")
    try:
        doc = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ModelwatchError(f"{name}: not valid TOML: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ModelwatchError(f"{name}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ModelwatchError(f"{name}: not valid TOML: arrays or tables nested too deeply") from None
    raw = doc.get("claim")
    if not isinstance(raw, list) or not raw:
        raise ModelwatchError(f"{name}: no [[claim]] tables")
    claims: list[Claim] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for i, item in enumerate(raw):
        ident = item.get("id") if isinstance(item, dict) else None
        label = f"claim {ident}" if isinstance(ident, str) and ident.strip() else f"claim #{i + 1}"
        try:
            claim = Claim.model_validate(item)
        except ValidationError as exc:
            msg = "; ".join(
                (".".join(str(x) for x in e["loc"]) + ": " if e["loc"] else "")
                + ("unknown field" if e["type"] == "extra_forbidden" else e["msg"].removeprefix("Value error, "))
                for e in exc.errors()
            )
            problems.append(Problem(name, label, msg))
            continue
        if claim.id in seen:
            problems.append(Problem(name, label, "duplicate claim id"))
        seen.add(claim.id)
        claims.append(claim)
    if problems:
        raise DataError(problems)
    return claims


def load_claim(path: Path, claim_id: str) -> Claim:
    """One claim of the file, by its id."""
    claims = {c.id: c for c in load_claims(path)}
    if claim_id not in claims:
        raise ModelwatchError(f"{path}: no claim {claim_id!r}; claims are {', '.join(claims)}")
    return claims[claim_id]
