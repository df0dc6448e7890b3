"""Judging claims under every unit and organization level, with the numbers behind each verdict."""

from __future__ import annotations

import itertools
import operator
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.claims_file import HANDFUL, Claim, Period
from modelwatch.analyze.counts import Filters, leaderboard, list_releases
from modelwatch.analyze.query import Row, rows
from modelwatch.vocabulary import Unit

if TYPE_CHECKING:
    import datetime as dt

    import duckdb

LEVELS = ("lab", "group")
SETTINGS = [(unit.value, level) for level in LEVELS for unit in Unit]
OPS: dict[str, Callable[[float, float], bool]] = {
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "==": operator.eq,
}
Tally = tuple[int, int, int, int]  # total, open, closed, unknown


@dataclass
class Reading:
    """The verdict of one claim in one setting (unit x level)."""

    unit: str
    level: str
    verdict: str  # true | false | undecidable
    value: float | None = None
    other: float | None = None
    detail: str = ""

    @property
    def setting(self) -> str:
        return f"{self.unit}/{self.level}"


@dataclass
class Verdict:
    claim: Claim
    readings: list[Reading] = field(default_factory=list)
    basis: str = ""  # what else the verdict read besides the registry: the Hub dump snapshots of an adoption claim

    @property
    def decided(self) -> bool:
        return all(r.verdict != "undecidable" for r in self.readings)

    @property
    def robust(self) -> bool:
        return self.decided and len({r.verdict for r in self.readings}) == 1

    @property
    def summary(self) -> str:
        """true / false when every setting agrees; otherwise which settings say what."""
        if not self.decided:
            reasons = sorted({r.detail for r in self.readings if r.verdict == "undecidable"})
            return "undecidable: " + "; ".join(reasons)
        if self.robust:
            return self.readings[0].verdict
        true = [r.setting for r in self.readings if r.verdict == "true"]
        false = [r.setting for r in self.readings if r.verdict == "false"]
        return f"depends: true in {', '.join(true)}; false in {', '.join(false)}"


class Judge:
    """Evaluates claims against one store; tallies are cached per (period, unit, level)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, pending: Callable[[], dict[str, dt.date]] | None = None):
        from modelwatch.analyze.currency import coverage

        self.con = con
        # "covered to": the review day, or a later source check that left nothing pending
        self.covered_to = {o: c.covered_to for o, c in coverage(con, pending).items()}
        self.orgs = {r["id"]: r for r in rows(con, "SELECT * FROM organizations")}
        self.countries = {r["country"] for r in self.orgs.values()}
        self.first_release = {
            r["org_id"]: r["first"] for r in rows(con, "SELECT org_id, min(date) AS first FROM releases GROUP BY 1")
        }
        self._cache: dict[tuple[Period, str, str, tuple[str, ...]], dict[str, Tally]] = {}

    def _by(self, subject: str, level: str) -> tuple[str, str]:
        if subject in self.countries and subject.isupper():
            return ("country" if level == "lab" else "group_country"), subject
        org = self.orgs[subject]
        return ("org", subject) if level == "lab" else ("group", org["group_id"])

    def tallies(
        self, period: Period, unit: str, by: str, modalities: tuple[str, ...] = (), edge: str = "out"
    ) -> dict[str, Tally]:
        """Counts per key of the releases whose whole date lies in `period` (edge "out"), or of those whose
        date span crosses its edge (edge "only")."""
        key = (period, unit, by, (*modalities, f"edge:{edge}"))
        if key not in self._cache:
            f = Filters(period=(period.start, period.end), edge=edge, modalities=list(modalities))
            board = leaderboard(self.con, f, by=by, unit=unit)
            key_col = "country" if by in ("country", "group_country") else by
            self._cache[key] = {
                r[key_col]: (int(r[unit]), int(r["open"]), int(r["closed"]), int(r["unknown"])) for r in board
            }
        return self._cache[key]

    def unknown_subject(self, subject: str) -> str | None:
        if subject in self.orgs or (subject in self.countries and subject.isupper()):
            return None
        return f"no organization or country {subject!r} in the data"

    def coverage_gap(self, subject: str, period: Period) -> str | None:
        """Why the data cannot speak for `subject` in `period`, or None when it can."""
        if subject in self.orgs:
            labs = [o for o in self.orgs.values() if o["id"] == subject or o["group_id"] == subject]
        else:
            labs = [o for o in self.orgs.values() if o["country"] == subject]
        short: list[str] = []
        for lab in labs:
            start, end = lab["coverage_start"], self.covered_to.get(lab["id"])
            if start and end and start <= period.start and period.end <= end:
                return None
            if not (start and end) and lab["id"] in self.first_release:
                return None
            if start and end and start <= period.start:
                short.append(f"coverage ends {end} for {lab['id']}, before {period.label} does")
        if short:
            return "; ".join(sorted(short)[:3]) + (f" (and {len(short) - 3} more)" if len(short) > 3 else "")
        return f"the registry does not cover {subject} for {period.label}"

    def value(
        self, claim: Claim, subjects: list[str], period: Period, unit: str, level: str, lean: str = "", edge: str = ""
    ) -> float | None:
        """The claim's metric for `subjects`; `lean` counts the releases of unknown openness as open or closed;
        `edge` adds releases whose date span crosses the period's edge: all of them ("in"), or only the open
        ("open") or only the closed ("closed") ones, the extremes of an open share."""
        total = [0, 0, 0, 0]
        for subject in subjects:
            by, key = self._by(subject, level)
            table = self.tallies(period, unit, by, tuple(claim.modality))
            if claim.metric == "rank":
                mine = table.get(key, (0, 0, 0, 0))[0]
                return float(1 + sum(1 for t in table.values() if t[0] > mine))
            for i, n in enumerate(table.get(key, (0, 0, 0, 0))):
                total[i] += n
            if edge:
                _, s_open, s_closed, s_unknown = self.tallies(period, unit, by, tuple(claim.modality), "only").get(
                    key, (0, 0, 0, 0)
                )
                added = {
                    "in": (s_open + s_closed + s_unknown, s_open, s_closed, s_unknown),
                    "open": (s_open, s_open, 0, 0),
                    "closed": (s_closed, 0, s_closed, 0),
                }[edge]
                for i, n in enumerate(added):
                    total[i] += n
        n_all, n_open, n_closed, n_unknown = total
        if lean == "open":
            n_open += n_unknown
        elif lean == "closed":
            n_closed += n_unknown
        metric: dict[str, float | None] = {
            "releases": n_all,
            "open_releases": n_open,
            "closed_releases": n_closed,
            "open_share": n_open / (n_open + n_closed) if n_open + n_closed else None,
        }
        return metric[claim.metric]

    def _could_turn(
        self,
        claim: Claim,
        subjects: list[str],
        period: Period,
        unit: str,
        level: str,
        holds: Callable[..., bool],
        readings: list[dict[str, str]],
        why: str,
    ) -> str | None:
        """`why` with each side's range when reading the data the ways of `readings` (keyword arguments of
        `value`) could turn the verdict; None when every combination of the sides' readings agrees."""
        period_than = claim.periods[1]
        targets = [(subjects, period)]
        if claim.than:
            targets.append((claim.than, period))
        elif period_than is not None:
            targets.append((subjects, period_than))
        sides = [[self.value(claim, who, when, unit, level, **r) for r in readings] for who, when in targets]
        if all(len(set(side)) == 1 for side in sides):
            return None
        outcomes = {holds(*combo) for combo in itertools.product(*sides) if all(v is not None for v in combo)}
        if len(outcomes) < 2:
            return None
        m = claim.metric

        def span(side: list[float | None]) -> str:
            known = sorted(v for v in side if v is not None)
            if not known:
                return "-"
            lo, hi = known[0], known[-1]
            return _fmt(lo, m) if lo == hi else f"{_fmt(lo, m)}..{_fmt(hi, m)}"

        return f"{why}: " + " vs ".join(span(side) for side in sides)

    def _unknown_decides(
        self, claim: Claim, subjects: list[str], period: Period, unit: str, level: str, holds: Callable[..., bool]
    ) -> str | None:
        """Why the releases of unknown openness could turn the verdict, or None when they cannot.

        Each side is taken at its two extremes (every unknown release open, or every one closed): the
        comparisons are monotone, so if no extreme turns the verdict, no mix of them can.
        """
        if claim.metric not in ("open_releases", "closed_releases", "open_share"):
            return None
        leans = [{"lean": "closed"}, {"lean": "open"}]
        why = "releases of unknown openness decide it"
        return self._could_turn(claim, subjects, period, unit, level, holds, leans, why)

    def _edge_decides(
        self, claim: Claim, subjects: list[str], period: Period, unit: str, level: str, holds: Callable[..., bool]
    ) -> str | None:
        """Why the releases dated across a period's edge could turn the verdict, or None when they cannot.

        Each side is computed with them out and in (for an open share also with only the open or only the
        closed ones in, its extremes); if no combination turns the verdict, no placement of them can.
        """
        modes = ["", "in", "open", "closed"] if claim.metric == "open_share" else ["", "in"]
        why = "releases dated across the period's edge decide it"
        return self._could_turn(claim, subjects, period, unit, level, holds, [{"edge": m} for m in modes], why)

    def _metric_of(self, t: Tally, metric: str) -> float | None:
        if metric == "open_share":
            return t[1] / (t[1] + t[2]) if t[1] + t[2] else None
        return float({"releases": t[0], "open_releases": t[1], "closed_releases": t[2]}.get(metric, t[0]))

    def read(self, claim: Claim, subjects: list[str], unit: str, level: str) -> Reading:
        period, than_period = claim.periods
        for s in [*subjects, *claim.than]:
            reason = self.unknown_subject(s)
            if reason is None:
                reason = self.coverage_gap(s, period) or (than_period and self.coverage_gap(s, than_period)) or None
            if reason:
                return Reading(unit, level, "undecidable", detail=reason)
        m = claim.metric
        mine = self.value(claim, subjects, period, unit, level)
        if mine is None:
            return Reading(
                unit, level, "undecidable", detail=f"{claim.metric} is undefined (no open or closed releases)"
            )
        other: float | None
        if claim.op == "handful":
            unknown = self._unknown_decides(
                claim, subjects, period, unit, level, lambda v: v <= HANDFUL
            ) or self._edge_decides(claim, subjects, period, unit, level, lambda v: v <= HANDFUL)
            if unknown:
                return Reading(unit, level, "undecidable", mine, HANDFUL, unknown)
            return Reading(unit, level, str(mine <= HANDFUL).lower(), mine, HANDFUL, f"{_fmt(mine, m)} <= {HANDFUL}")
        if claim.op == "most":
            by, key = self._by(subjects[0], level)
            rivals = {
                k: self._metric_of(t, claim.metric)
                for k, t in self.tallies(period, unit, by, tuple(claim.modality)).items()
                if k != key
            }
            best_key, other = max(rivals.items(), key=lambda kv: kv[1] or 0, default=("nobody", 0.0))
            ok = other is None or mine > other
            edge = self._edge_turns_most(claim, subjects, period, unit, level, by, key)
            if edge:
                return Reading(unit, level, "undecidable", mine, other, edge)
            return Reading(
                unit, level, str(ok).lower(), mine, other, f"{_fmt(mine, m)} vs next {best_key} {_fmt(other, m)}"
            )
        if claim.value is not None:
            other = claim.value
        elif claim.than:
            other = self.value(claim, claim.than, period, unit, level)
        else:
            assert than_period is not None
            other = self.value(claim, subjects, than_period, unit, level)
        if other is None:
            return Reading(unit, level, "undecidable", mine, None, f"{claim.metric} of the comparison is undefined")

        def holds(a: float, b: float | None = None) -> bool:
            b = other if b is None or claim.value is not None else b
            ok = OPS[claim.op](a, b)
            if ok and claim.max_ratio is not None and b > 0:
                ok = a <= b * claim.max_ratio
            return ok

        ok = holds(mine, other)
        unknown = self._unknown_decides(claim, subjects, period, unit, level, holds) or self._edge_decides(
            claim, subjects, period, unit, level, holds
        )
        if unknown:
            return Reading(unit, level, "undecidable", mine, other, unknown)
        return Reading(unit, level, str(ok).lower(), mine, other, f"{_fmt(mine, m)} {claim.op} {_fmt(other, m)}")

    def _edge_turns_most(
        self, claim: Claim, subjects: list[str], period: Period, unit: str, level: str, by: str, key: str
    ) -> str | None:
        """For "most": could the releases dated across the edge make a rival lead, or the subject lead?"""
        if claim.metric == "open_share":
            return None
        mods = tuple(claim.modality)
        inside, edge = self.tallies(period, unit, by, mods), self.tallies(period, unit, by, mods, "only")
        if not edge:
            return None

        def metric(k: str, with_edge: bool) -> float:
            t = inside.get(k, (0, 0, 0, 0))
            if with_edge:
                t = tuple(a + b for a, b in zip(t, edge.get(k, (0, 0, 0, 0)), strict=True))  # type: ignore[assignment]
            return self._metric_of(t, claim.metric) or 0.0

        keys = set(inside) | set(edge)
        low = metric(key, False) > max((metric(k, True) for k in keys if k != key), default=0.0)
        high = metric(key, True) > max((metric(k, False) for k in keys if k != key), default=0.0)
        if low == high:
            return None
        lo, hi = metric(key, False), metric(key, True)
        best = max((metric(k, True) for k in keys if k != key), default=0.0)
        m = claim.metric
        return (
            f"releases dated across the period's edge decide it: {_fmt(lo, m)}..{_fmt(hi, m)} "
            f"vs next up to {_fmt(best, m)}"
        )

    def judge(self, claim: Claim) -> Verdict:
        verdict = Verdict(claim)
        for unit, level in SETTINGS:
            if claim.each:
                parts = [self.read(claim, [s], unit, level) for s in claim.subject]
                undecided = [p for p in parts if p.verdict == "undecidable"]
                if undecided:
                    verdict.readings.append(undecided[0])
                    continue
                ok = all(p.verdict == "true" for p in parts)
                keys = [self._by(s, level)[1] for s in claim.subject]
                detail = "; ".join(f"{k}: {p.detail}" for k, p in zip(keys, parts, strict=True))
                verdict.readings.append(Reading(unit, level, str(ok).lower(), None, None, detail))
            else:
                verdict.readings.append(self.read(claim, claim.subject, unit, level))
        return verdict

    def evidence(self, claim: Claim) -> list[Row]:
        """The releases behind the claim's numbers, at group level (a superset of the lab level)."""
        period, than_period = claim.periods
        out: list[Row] = []
        for p, subjects in ((period, [*claim.subject, *claim.than]), (than_period, claim.subject)):
            if p is None:
                continue
            for s in subjects:
                if self.unknown_subject(s):
                    continue
                # straddlers too: they are part of the evidence, marked as crossing the edge
                f = Filters(period=(p.start, p.end), edge="in", modalities=list(claim.modality))
                if s in self.orgs:
                    f.groups = [self.orgs[s]["group_id"]]
                else:
                    f.countries = [s]
                for r in list_releases(self.con, f, bounds=True):
                    inside = p.start <= r["date_earliest"] and r["date_latest"] <= p.end
                    r = {k: v for k, v in r.items() if k not in ("date_earliest", "date_latest")}
                    out.append({"subject": s, "period": p.label, **r, "in_period": "yes" if inside else "edge"})
        return out


def fmt(v: Any, metric: str = "") -> str:
    """A claim's number as its readings show it: a share in percent, a count as it is."""
    if v is None:
        return "-"
    return f"{v:.0%}" if metric.endswith("share") else f"{v:g}"


_fmt = fmt


def judge_all(
    con: duckdb.DuckDBPyConnection,
    claims: list[Claim],
    pending: Callable[[], dict[str, dt.date]] | None = None,
    engine: str = "duckdb",
    spark_master: str | None = None,
) -> list[Verdict]:
    """Every claim judged: release claims from the registry, adoption claims from the Hub dump history (on
    `engine`), in the file's order."""
    from modelwatch.analyze.adoption_claims import AdoptionJudge

    judge = Judge(con, pending) if any(not c.adoption for c in claims) else None
    adoption = AdoptionJudge(con, engine, spark_master) if any(c.adoption for c in claims) else None
    out = []
    for c in claims:
        if c.adoption:
            assert adoption is not None
            out.append(adoption.judge(c))
        else:
            assert judge is not None
            out.append(judge.judge(c))
    return out


def evidence(con: duckdb.DuckDBPyConnection, claim: Claim) -> list[Row]:
    if claim.adoption:
        from modelwatch.analyze.adoption_claims import AdoptionJudge

        return AdoptionJudge(con).evidence(claim)
    return Judge(con).evidence(claim)
