"""What the server knows and asks: the store's data version, its snapshots, and cached answers.

Every answer comes from the same service functions the CLI prints (so the two never disagree);
the store is only read, and one answer per question is kept for the life of the process: the
store does not change under a running server unless someone rebuilds it, and then the server
is restarted to show the new data version.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlencode

from modelwatch.analyze.counts import Filters
from modelwatch.analyze.query import Row
from modelwatch.errors import ModelwatchError
from modelwatch.publish.charts import OPENNESS_ORDER
from modelwatch.service import Answer
from modelwatch.vocabulary import Catalogue, Level, Unit

if TYPE_CHECKING:
    from modelwatch.analyze.review import ReportData

T = TypeVar("T")
OPENNESS = tuple(OPENNESS_ORDER)
COLUMNS = ("date", "name", "org", "country", "tier", "license", "modality", "artifacts")
PER_PAGE = (25, 50, 100, 200)


def plain(value: Any) -> Any:
    """A value as JSON spells it: dates as ISO text, DuckDB decimals as numbers."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Query:
    """Which releases a view is about: the filters of `modelwatch releases`, plus groups."""

    year: int | None = None
    orgs: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    tiers: tuple[str, ...] = ()
    openness: str | None = None
    modalities: tuple[str, ...] = ()
    date_from: dt.date | None = None  # a month or a day of the year review's charts
    date_to: dt.date | None = None

    def __post_init__(self) -> None:
        if self.openness is not None and self.openness not in OPENNESS:
            raise ModelwatchError(f"openness must be one of {', '.join(OPENNESS)}, not {self.openness!r}")

    def filters(self) -> Filters:
        return Filters(
            year=self.year,
            orgs=list(self.orgs),
            groups=list(self.groups),
            countries=list(self.countries),
            tiers=list(self.tiers),
            openness=self.openness,
            modalities=[m.strip().casefold() for m in self.modalities],
            date_from=self.date_from,
            date_to=self.date_to,
        )

    def params(self) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = [("year", str(self.year))] if self.year is not None else []
        for name, values in (
            ("org", self.orgs),
            ("group", self.groups),
            ("country", self.countries),
            ("tier", self.tiers),
            ("modality", self.modalities),
        ):
            out += [(name, v) for v in values]
        if self.openness:
            out.append(("openness", self.openness))
        out += [(k, d.isoformat()) for k, d in (("from", self.date_from), ("to", self.date_to)) if d is not None]
        return out

    def url(self, path: str = "/releases", **extra: str) -> str:
        """The explorer (or another path) filtered to exactly these releases."""
        items = self.params() + [(k, v) for k, v in extra.items() if v]
        return path + ("?" + urlencode(items) if items else "")


@dataclass
class View:
    """One page of the explorer: the rows shown and what is needed to page and sort."""

    query: Query
    search: str
    sort: str
    order: str
    page: int
    per_page: int
    total: int
    rows: list[Row]
    answer: Answer

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def url(self, **change: Any) -> str:
        state = {"q": self.search, "sort": self.sort, "order": self.order, "page": self.page, "per_page": self.per_page}
        state.update(change)
        extra = {k: str(v) for k, v in state.items() if v not in ("", None)}
        defaults = {"sort": "date", "order": "desc", "page": "1", "per_page": "50"}
        extra = {k: v for k, v in extra.items() if defaults.get(k) != v}
        return self.query.url(**extra)


@dataclass
class Site:
    data_version: str
    snapshots: list[Row]
    members: dict[str, list[str]]
    facets: dict[str, list[Row]]
    default_year: int
    has_hub: bool
    catalogues: list[str] = field(default_factory=list)
    has_dump: bool = False
    attributions: list[str] = field(default_factory=list)
    covered_to: dt.date | None = None  # the latest day the registry is covered to (analyze.counts.registry_period)
    claim_sets: dict[str, Path] = field(default_factory=dict)  # the claim files on offer, by name (set by the app)
    _cache: OrderedDict[tuple[Any, ...], Any] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls) -> Site:
        """Read what every page needs once; (re)builds a missing or stale store first, like any command."""
        from modelwatch import service
        from modelwatch.analyze import breakdowns, detail
        from modelwatch.analyze.counts import registry_period
        from modelwatch.analyze.review import has_rows, latest_year
        from modelwatch.publish.report import attributions
        from modelwatch.store.connection import get_meta

        with service.reading() as con:
            version = get_meta(con, "data_version") or ""
            snapshots = [
                {
                    k: plain(s[k])
                    for k in ("import_id", "source", "digest", "digest_kind", "as_of", "retrieved_at", "rows")
                }
                for s in breakdowns.data_snapshots(con)
            ]
            members = detail.member_index(con)
            facets = detail.facets(con)
            _, end = registry_period(con)
            has_hub = has_rows(con, "hub_artifacts")
            sources = [r["source"] for r in snapshots]
            catalogues = [c.value for c in Catalogue if c in sources]
            has_dump = "hub-dump" in sources
            # the site opens on now: the latest year with releases, "so far" while it is not covered to its end
            default = latest_year(con) if facets["years"] else dt.date.today().year
        return cls(
            version, snapshots, members, facets, default, has_hub, catalogues, has_dump, attributions(sources), end
        )

    @property
    def years(self) -> list[int]:
        """The years with a review: those with releases, newest first, up to the one the site opens on."""
        return sorted(
            (y for y in (int(v["value"]) for v in self.facets["years"]) if y <= self.default_year), reverse=True
        )

    def so_far(self, year: int) -> bool:
        """Whether `year` is not yet covered to its end: its review counts what was public to `covered_to`."""
        return self.covered_to is not None and self.covered_to < dt.date(year, 12, 31)

    def cached(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]  # type: ignore[no-any-return]
        value = make()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > 4096:
                self._cache.popitem(last=False)
        return value

    async def answer(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """A cached answer at once, on the event loop; a new question is worked out on a thread.

        The store is read at most once per question, so almost every request is a dictionary look-up.
        """
        with self._lock:
            if key in self._cache:
                return self._cache[key]  # type: ignore[no-any-return]
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(self.cached, key, make)

    def review(self, year: int, modalities: tuple[str, ...] = (), claims: str | None = None) -> ReportData:
        """The year review of `year` (with the claim set `claims` judged), the data `modelwatch report` renders."""
        from modelwatch import service

        def make() -> ReportData:
            path = self.claim_sets[claims] if claims is not None else None
            return service.year_review(year, list(modalities), path)

        return self.cached(("review", year, modalities, claims), make)

    def releases(self, q: Query) -> Answer:
        from modelwatch import service

        return self.cached(("releases", q), lambda: service.releases(q.filters()))

    def leaderboard(self, q: Query, by: str, unit: str) -> Answer:
        from modelwatch import service

        if by not in tuple(Level):
            raise ModelwatchError(f"by must be one of {', '.join(Level)}, not {by!r}")
        if unit not in tuple(Unit):
            raise ModelwatchError(f"unit must be one of {', '.join(Unit)}, not {unit!r}")
        return self.cached(("leaderboard", q, by, unit), lambda: service.leaderboard(q.filters(), by, unit))

    def organizations(self) -> Answer:
        from modelwatch import service

        return self.cached(("organizations",), service.organizations)

    def release(self, release_id: str) -> Any:
        from modelwatch import service
        from modelwatch.analyze import detail

        def make() -> Any:
            with service.reading() as con:
                return detail.release(con, release_id)

        return self.cached(("release", release_id), make)

    def warm(self, release_ids: list[str], org_ids: list[str]) -> None:
        """Read many release and organization details over one connection (the static export asks for all)."""
        from modelwatch import service
        from modelwatch.analyze import detail

        found: dict[tuple[str, str], Any] = {}
        with service.reading() as con:
            found |= {("release", r): d for r, d in detail.releases(con, release_ids).items()}
            found |= {("organization", o): detail.organization(con, o) for o in org_ids}
        with self._lock:
            self._cache.update(found)

    def release_compare(self, release_id: str, org: str) -> dict[str, list[Row]]:
        """What each imported catalogue says about one release: the comparison's findings that name it."""
        from modelwatch.service.catalogues import compare

        out: dict[str, list[Row]] = {}
        for source in self.catalogues:

            def findings(source: str = source) -> list[Row]:
                return compare(source, orgs=[org]).rows

            found = self.cached(("compare-org", source, org), findings)
            out[Catalogue(source).label] = [r for r in found if r.get("release") == release_id]
        return out

    def release_adoption(self, release_id: str, org: str) -> Answer | None:
        """Hub downloads, likes and derivatives of one release, when a Hub sync is in the store."""
        from modelwatch.service.hub import adoption

        if not self.has_hub:
            return None
        every = self.cached(("adoption-org", org), lambda: adoption("release", orgs=[org]))
        mine = [r for r in every.rows if r.get("release") == release_id]
        return Answer(mine, title=every.title, caption=every.caption) if mine else None

    def organization(self, org_id: str) -> Any:
        from modelwatch import service
        from modelwatch.analyze import detail

        def make() -> Any:
            with service.reading() as con:
                return detail.organization(con, org_id)

        return self.cached(("organization", org_id), make)

    def found(self, q: Query, search: str = "", sort: str = "date", order: str = "desc") -> list[Row]:
        """The releases of `q` that match `search`, sorted; cached per question."""
        if sort not in COLUMNS:
            raise ModelwatchError(f"sort must be one of {', '.join(COLUMNS)}, not {sort!r}")
        if order not in ("asc", "desc"):
            raise ModelwatchError(f"order must be asc or desc, not {order!r}")
        rows = self.releases(q).rows
        needle = search.strip().casefold()
        return self.cached(("found", q, needle, sort, order), lambda: self._search(rows, needle, sort, order))

    def explore(
        self, q: Query, search: str = "", sort: str = "date", order: str = "desc", page: int = 1, per_page: int = 50
    ) -> View:
        if per_page not in PER_PAGE:
            raise ModelwatchError(f"per_page must be one of {', '.join(map(str, PER_PAGE))}, not {per_page}")
        if page < 1:
            raise ModelwatchError(f"page must be 1 or more, not {page}")
        found = self.found(q, search, sort, order)
        start = (page - 1) * per_page
        return View(
            q, search, sort, order, page, per_page, len(found), found[start : start + per_page], self.releases(q)
        )

    def _search(self, rows: Sequence[Row], needle: str, sort: str, order: str) -> list[Row]:
        if needle:
            rows = [
                r
                for r in rows
                if needle in r["name"].casefold()
                or needle in r["id"].casefold()
                or any(needle in m.casefold() for m in self.members.get(r["id"], []))
            ]
        # Ties keep the registry's order (date, org, id); an empty value sorts last either way.
        rows = list(rows)
        present = [r for r in rows if r.get(sort) not in (None, "")]
        missing = [r for r in rows if r.get(sort) in (None, "")]
        present.sort(key=lambda r: _date_key(r[sort]) if sort == "date" else _key(r[sort]), reverse=order == "desc")
        return present + missing


def _date_key(label: Any) -> tuple[dt.date, dt.date]:
    """A date sorts by its earliest day, then its latest (2026-08 before 2026-08-14; 2026-Q3 with July)."""
    from modelwatch.dates import parse_date

    d = parse_date(label)
    return d.earliest, d.latest


def _key(value: Any) -> Any:
    return value.casefold() if isinstance(value, str) else value
