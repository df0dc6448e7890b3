"""Adoption claims: sentences about whose base models the Hub builds on, judged from the Hub dump history.

A claim's metric (derivatives, new derivatives, their share, downloads) is read per key from the history query
(`analyze.history.history_sql` with its per-relation columns), on one period: the claim's own. It is judged in
every relation (finetune, quantized, adapter, merge, and all of them) times every level (lab: the root's
organization, its country or region; group: its parent group, the group's country or region), as release claims
are judged in every unit times level, and the verdict says which snapshots it read:

- the closing snapshot: the first one dated on or after the period's last day. Derivatives and downloads are
  what it holds (downloads are the Hub's 30-day count), so it must be dated at most MAX_LAG days after the period;
- new derivatives (and their share) are the closing snapshot's third-party derivatives whose Hub creation date lies
  in the period; they need an opening snapshot too, one dated on or before the period's first day: the history
  must span the period, not only look back on it from after it.

A period the history does not span is undecidable, naming the snapshots the history holds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.claims import OPS, Reading, Verdict, fmt
from modelwatch.analyze.claims_file import HANDFUL, RELATIONS, Claim, Period
from modelwatch.analyze.ecosystem import NO_COUNTRY, REGIONS, REST, UNREGISTERED
from modelwatch.analyze.history import COLUMNS, KEYS_AT_ONCE, LINE, RANKS, RELATION_COLUMNS, history_sql, keys_sql
from modelwatch.analyze.history import Period as Window
from modelwatch.analyze.query import Row, rows
from modelwatch.errors import ModelwatchError
from modelwatch.vocabulary import BASE_RELATIONS

if TYPE_CHECKING:
    import duckdb

    from modelwatch.analyze.engines import Inputs
    from modelwatch.store.hub_history import Snapshot

MAX_LAG = 31  # days: a closing snapshot later than this describes its own month, not the period's end
FLOWS = ("new_derivatives", "new_derivative_share")
LEVELS = ("lab", "group")
NOT_A_RIVAL = (UNREGISTERED, NO_COUNTRY)  # buckets of unregistered roots, not organizations or countries
REGION_NAMES = (*sorted(set(REGIONS.values())), REST)
# the key the history query groups by, per kind of subject and level
BY = {
    ("org", "lab"): "org",
    ("org", "group"): "group",
    ("country", "lab"): "country",
    ("country", "group"): "group_country",
    ("region", "lab"): "region",
    ("region", "group"): "group_region",
    ("line", "line"): LINE,
}
_RANK = dict(zip(BASE_RELATIONS, RANKS, strict=True))
# per relation, the query's columns for: derivatives, new ones, their downloads, all new of the period, all
_REL = {"all": ("derivatives", "new_derivatives", "derivative_downloads", "all_new", "all_derivatives")} | {
    r: (f"d_{k}", f"n_{k}", f"dd_{k}", f"an_{k}", f"ad_{k}") for r, k in _RANK.items()
}
PLURAL = {"finetune": "fine-tunes", "quantized": "quantizations", "adapter": "adapters", "merge": "merges",
          "all": "derivatives"}  # fmt: skip
# Runs the history query on one window (engines.duckdb_engine or spark_engine, bound to their inputs)
Runner = Callable[[str, list[Window]], list[tuple[Any, ...]]]


def first_command(period: Period) -> str:
    """The backfill that would let a claim about `period` be judged (a month before it begins)."""
    since = (period.start.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return f"`modelwatch import hub-dump --download --since {since} --every month`"


def no_history(claim: Claim) -> str:
    first = min((p for p in claim.periods if p is not None), key=lambda p: p.start)
    return (
        f"no Hub dump history yet: run {first_command(first)} first (or `modelwatch import hub-dump PATH` "
        "once per dump)"
    )


def listing(snaps: list[Snapshot]) -> str:
    dates = [s.as_of for s in snaps]
    if len(dates) <= 6:
        return f"the history holds {', '.join(dates)}"
    return f"the history holds {len(dates)} snapshots, {dates[0]} to {dates[-1]}"


@dataclass(frozen=True)
class Span:
    """The snapshots a period is judged from (opening only for new derivatives), or why it cannot be."""

    closing: Snapshot | None
    opening: Snapshot | None = None
    gap: str = ""


class AdoptionJudge:
    """Judges adoption claims against the Hub dump history of one store; a query's answer is kept per (window, key)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, engine: str = "duckdb", spark_master: str | None = None) -> None:
        from modelwatch.store import hub_history

        self.con, self.engine, self.spark_master = con, engine, spark_master
        self.snaps = hub_history.snapshots(con)
        self.orgs = {r["id"]: r for r in rows(con, "SELECT id, group_id, country FROM organizations")}
        self.countries = {str(o["country"]) for o in self.orgs.values() if o["country"]}
        self._inputs: dict[bool, Inputs] = {}
        self._runners: dict[bool, Runner] = {}
        self._tables: dict[tuple[Period, str, str], dict[str, Row]] = {}
        self._relation: dict[str, bool] = {}
        self._spark: Any = None

    # --- what a subject is, and which key the history groups it by ---------------------------------------------
    def kind(self, subject: str) -> str | None:
        if subject in self.orgs:
            return "org"
        if subject.isupper() and subject in self.countries:
            return "country"
        if subject in REGION_NAMES:
            return "region"
        if "/" in subject.strip("/"):
            return "line"
        return None

    def key(self, subject: str, level: str) -> str:
        if level == "group" and subject in self.orgs:
            return str(self.orgs[subject]["group_id"])
        return subject

    def levels(self, claim: Claim) -> tuple[str, ...]:
        return ("line",) if any(self.kind(s) == "line" for s in [*claim.subject, *claim.than]) else LEVELS

    # --- the snapshots a period is judged from -----------------------------------------------------------------
    def span(self, claim: Claim, period: Period) -> Span:
        if not self.snaps:
            return Span(None, gap=no_history(claim))
        days = [dt.date.fromisoformat(s.as_of) for s in self.snaps]
        after = [s for s, d in zip(self.snaps, days, strict=True) if d >= period.end]
        before = [s for s, d in zip(self.snaps, days, strict=True) if d <= period.start]
        held = listing(self.snaps)
        if not after:
            return Span(
                None,
                gap=f"the history ends {self.snaps[-1].as_of}, before {period.label} does ({held}); "
                f"import a later dump",
            )
        closing = after[0]
        lag = (dt.date.fromisoformat(closing.as_of) - period.end).days
        if claim.metric in FLOWS:
            if not before:
                return Span(
                    closing,
                    gap=f"new derivatives of {period.label} need a snapshot from before it begins and one from after "
                    f"it ends; {held} (backfill: {first_command(period)})",
                )
            return Span(closing, before[-1])
        if lag > MAX_LAG:
            return Span(
                closing,
                gap=f"the first snapshot after {period.label} is {closing.as_of}, {lag} days after it ends: its "
                f"{claim.metric} are that day's, not the period's ({held})",
            )
        return Span(closing)

    # --- the history query, per window and key -----------------------------------------------------------------
    def _runner(self, line: bool) -> Runner:
        from modelwatch.analyze import engines

        if line not in self._runners:
            found = engines.inputs(self.con, LINE if line else None)
            assert found is not None  # only asked for once the history has a snapshot
            self._inputs[line] = found
            if self.engine == "spark":
                if self._spark is None:
                    self._spark = engines.spark_session(self.spark_master)
                self._runners[line] = engines.spark_engine(self._spark, found)
            else:
                self._runners[line] = engines.duckdb_engine(self.con, found)
        return self._runners[line]

    def has_relation(self, snap: Snapshot) -> bool:
        from modelwatch.store import hub_history
        from modelwatch.store.connection import store_file

        if snap.as_of not in self._relation:
            path = hub_history.part_file(store_file(self.con), "repos", snap.as_of, snap.sha256)
            self._relation[snap.as_of] = hub_history.has_relation(self.con, path)
        return self._relation[snap.as_of]

    def table(self, period: Period, closing: Snapshot, by: str) -> dict[str, Row]:
        """Key -> the history query's row (COLUMNS, then RELATION_COLUMNS) for the period seen from `closing`."""
        cache = (period, closing.as_of, by)
        if cache not in self._tables:
            window = Window(period.start, period.end + dt.timedelta(days=1), dt.date.fromisoformat(closing.as_of))
            names = (*COLUMNS, *RELATION_COLUMNS)
            relation = self.has_relation(closing)
            if by == LINE:
                found = self._runner(True)(history_sql(by, relations=True, has_relation=relation), [window])
                self._tables[cache] = {str(r[1]): dict(zip(names, r, strict=True)) for r in found}
            else:  # every other key of this window at once: one pass over the snapshot
                for key in KEYS_AT_ONCE:
                    self._tables[period, closing.as_of, key] = {}
                for r in self._runner(False)(keys_sql(KEYS_AT_ONCE, has_relation=relation), [window]):
                    self._tables[period, closing.as_of, str(r[0])][str(r[2])] = dict(zip(names, r[1:], strict=True))
        return self._tables[cache]

    # --- one claim in one setting --------------------------------------------------------------------------------
    def value(self, claim: Claim, table: dict[str, Row], keys: list[str], relation: str) -> float | None:
        cols = _REL[relation]
        if claim.metric == "downloads":
            return float(sum(int(table[k]["downloads"] or 0) for k in keys if k in table))
        pick = {"derivatives": 0, "new_derivatives": 1, "new_derivative_share": 1, "derivative_downloads": 2}
        total = float(sum(int(table[k][cols[pick[claim.metric]]] or 0) for k in keys if k in table))
        if claim.metric != "new_derivative_share":
            return total
        every = max((int(r[cols[3]] or 0) for r in table.values()), default=0)  # the same on every row
        return total / every if every else None

    def read(self, claim: Claim, relation: str, level: str) -> tuple[Reading, list[Snapshot]]:
        period, than_period = claim.periods
        kinds = {s: self.kind(s) for s in [*claim.subject, *claim.than]}
        for s, k in kinds.items():
            if k is None:
                why = f"no organization, country, region or model line {s!r} in the data"
                return Reading(relation, level, "undecidable", detail=why), []
        if len(set(kinds.values())) > 1:
            why = "subjects of different kinds (" + ", ".join(sorted({str(k) for k in kinds.values()})) + ")"
            return Reading(relation, level, "undecidable", detail=why + " cannot be compared"), []
        kind = next(iter(kinds.values()))
        assert kind is not None
        by = BY[kind, level]
        spans = [(period, self.span(claim, period))]
        if than_period is not None:
            spans.append((than_period, self.span(claim, than_period)))
        for _, sp in spans:
            if sp.gap:
                return Reading(relation, level, "undecidable", detail=sp.gap), []
        used = [s for _, sp in spans for s in (sp.opening, sp.closing) if s is not None]
        if relation != "all":
            old = [sp.closing for _, sp in spans if sp.closing is not None and not self.has_relation(sp.closing)]
            if old:
                why = (
                    f"snapshot {old[0].as_of} was imported before the history kept each derivative's relation "
                    "(only relation 'all' can be read from it)"
                )
                return Reading(relation, level, "undecidable", detail=why), used
        try:
            tables = [self.table(p, sp.closing, by) for p, sp in spans if sp.closing is not None]
        except ModelwatchError as exc:  # a snapshot's file is missing: one line naming it
            return Reading(relation, level, "undecidable", detail=str(exc)), used
        mine_keys = [self.key(s, level) for s in claim.subject]
        if kind == "line":
            absent = [k for k in [*mine_keys, *claim.than] if k not in tables[0]]
            if absent:
                why = f"no model line {absent[0]!r} among the roots with third-party derivatives in {period.label}"
                return Reading(relation, level, "undecidable", detail=why), used
        m = claim.metric
        mine = self.value(claim, tables[0], mine_keys, relation)
        if mine is None:
            why = f"no new {PLURAL[relation]} in {period.label}: no share to compare"
            return Reading(relation, level, "undecidable", detail=why), used
        if claim.op == "handful":
            return Reading(relation, level, str(mine <= HANDFUL).lower(), mine, HANDFUL, f"{fmt(mine, m)} <= 5"), used
        if claim.op == "most":
            own = set(mine_keys)
            rivals = {
                k: self.value(claim, tables[0], [k], relation) or 0.0
                for k in tables[0]
                if k not in own and k not in NOT_A_RIVAL
            }
            best, lead = max(rivals.items(), key=lambda kv: (kv[1], kv[0]), default=("nobody", 0.0))
            detail = f"{fmt(mine, m)} vs next {best} {fmt(lead, m)}"
            return Reading(relation, level, str(mine > lead).lower(), mine, lead, detail), used
        other: float | None
        if claim.value is not None:
            other = claim.value
        elif claim.than:
            other = self.value(claim, tables[0], [self.key(s, level) for s in claim.than], relation)
        else:
            other = self.value(claim, tables[1], mine_keys, relation)
        if other is None:
            why = f"{m} of the comparison is undefined (no new derivatives)"
            return Reading(relation, level, "undecidable", mine, None, why), used
        ok = OPS[claim.op](mine, other)
        if ok and claim.max_ratio is not None and other > 0:
            ok = mine <= other * claim.max_ratio
        detail = f"{fmt(mine, m)} {claim.op} {fmt(other, m)}"
        return Reading(relation, level, str(ok).lower(), mine, other, detail), used

    def relations(self, claim: Claim) -> list[str]:
        if claim.metric == "downloads":
            return ["all"]
        return [r for r in RELATIONS if r in claim.relation] if claim.relation else list(RELATIONS)

    def judge(self, claim: Claim) -> Verdict:
        verdict = Verdict(claim)
        used: dict[str, Snapshot] = {}
        for level in self.levels(claim):
            for relation in self.relations(claim):
                if claim.each:
                    parts = [self._one(claim, s, relation, level) for s in claim.subject]
                    for _, snaps in parts:
                        used.update({s.as_of: s for s in snaps})
                    undecided = [p for p, _ in parts if p.verdict == "undecidable"]
                    if undecided:
                        verdict.readings.append(undecided[0])
                        continue
                    ok = all(p.verdict == "true" for p, _ in parts)
                    detail = "; ".join(f"{s}: {p.detail}" for s, (p, _) in zip(claim.subject, parts, strict=True))
                    verdict.readings.append(Reading(relation, level, str(ok).lower(), None, None, detail))
                    continue
                reading, snaps = self.read(claim, relation, level)
                used.update({s.as_of: s for s in snaps})
                verdict.readings.append(reading)
        verdict.basis = basis(claim, sorted(used))
        return verdict

    def _one(self, claim: Claim, subject: str, relation: str, level: str) -> tuple[Reading, list[Snapshot]]:
        return self.read(claim.model_copy(update={"subject": [subject]}), relation, level)

    def evidence(self, claim: Claim, top: int = 10) -> list[Row]:
        """The numbers behind an adoption claim: per period, the subjects and the keys leading on its metric (lab
        level, or the model lines), with new and all derivatives by relation, from the snapshot closing the period."""
        period, than_period = claim.periods
        level = self.levels(claim)[0]
        out: list[Row] = []
        for p in (period, than_period):
            if p is None:
                continue
            sp = self.span(claim, p)
            kind = next((k for k in map(self.kind, claim.subject) if k), None)
            if sp.gap or sp.closing is None or kind is None:
                continue
            table = self.table(p, sp.closing, BY[kind, level])
            wanted = {self.key(s, level) for s in [*claim.subject, *claim.than]}
            ranked = sorted(table, key=lambda k: (-(self.value(claim, table, [k], "all") or 0.0), k))
            for k in [k for k in ranked if k in wanted or k not in NOT_A_RIVAL][:top] + sorted(
                wanted - set(ranked[:top])
            ):
                r = table.get(k)
                if r is None:
                    continue
                row: Row = {"period": p.label, "snapshot": sp.closing.as_of, "key": k, "subject": k in wanted}
                row["derivatives"], row["new_derivatives"] = int(r["derivatives"]), int(r["new_derivatives"])
                for rel, cols in _REL.items():
                    if rel != "all":
                        row[f"new_{rel}"] = None if r[cols[1]] is None else int(r[cols[1]])
                row["new_share"] = round(int(r["new_derivatives"]) / int(r["all_new"]), 4) if r["all_new"] else 0.0
                row["downloads"], row["derivative_downloads"] = int(r["downloads"]), int(r["derivative_downloads"])
                out.append(row)
        return out


def basis(claim: Claim, dates: list[str]) -> str:
    """Which snapshots a verdict read, in one line ('' when it read none)."""
    if not dates:
        return ""
    return f"Hub dump snapshot{'s' if len(dates) > 1 else ''} {', '.join(dates)}"
