"""The year review's words: sentences generated from the counts, every number naming the releases it counts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from modelwatch.analyze.query import Row
from modelwatch.tiers import Tier


@dataclass(frozen=True)
class Target:
    """Which releases a number counts: a year's releases of everyone, one organization or one country,
    all of them or only the open or closed ones. The page renders it as a link to exactly those."""

    year: int
    key: str  # all, org, country
    value: str
    which: str  # all, open, closed


Part = tuple[str, Target | None]  # text, what it counts (None for plain text)


def openness(row: Row) -> str:
    return Tier(row["tier"]).openness


def pct(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0%}"


class Writer:
    """Builds linked numbers for one year's releases (and the year before, for change)."""

    def __init__(self, year: int, releases: dict[int, list[Row]], names: dict[str, str]):
        self.year, self.releases, self.names = year, releases, names

    def subset(self, year: int, key: str, value: str, which: str) -> list[Row]:
        rows = [r for r in self.releases.get(year, []) if (key == "all" or r[key] == value)]
        rows = [r for r in rows if openness(r) != "unreleased"]
        return rows if which == "all" else [r for r in rows if openness(r) == which]

    def number(self, year: int, key: str, value: str, which: str) -> Part:
        """A count of releases, with what it counts."""
        return (str(len(self.subset(year, key, value, which))), Target(year, key, value, which))

    def summary(self, orgs: list[Row], countries: list[Row], prev_countries: dict[str, Row]) -> list[list[Part]]:
        y = self.year
        lines: list[list[Part]] = []
        total = self.number(y, "all", "", "all")
        lines.append(
            [
                total,
                (f" releases in {y} by {len(orgs)} organizations, ", None),
                self.number(y, "all", "", "open"),
                (" of them with open weights and ", None),
                self.number(y, "all", "", "closed"),
                (" closed (API or hosted only).", None),
            ]
        )
        if orgs:
            top = [o for o in orgs if o["releases"] == orgs[0]["releases"]]
            line: list[Part] = [("Most releases: ", None)]
            for i, o in enumerate(top):
                if i:
                    line.append((" and ", None))
                line += [
                    (o["name"], None),
                    (" with ", None),
                    self.number(y, "org", o["org"], "all"),
                    (" (", None),
                    self.number(y, "org", o["org"], "open"),
                    (" open)", None),
                ]
            lines.append([*line, (".", None)])
            most_open = max(orgs, key=lambda o: (o["open"], o["releases"]))
            lines.append(
                [
                    ("Most open-weights releases: ", None),
                    (most_open["name"], None),
                    (" with ", None),
                    self.number(y, "org", most_open["org"], "open"),
                    (".", None),
                ]
            )
        for c in countries[:5]:
            cc = c["country"]
            line = [
                (f"{cc}: ", None),
                self.number(y, "country", cc, "all"),
                (" releases, ", None),
                self.number(y, "country", cc, "open"),
                (" open, ", None),
                self.number(y, "country", cc, "closed"),
                (f" closed; open share {pct(c['open_share'])}", None),
            ]
            before = prev_countries.get(cc)
            if before is not None:
                line += [
                    (f" (in {y - 1}: ", None),
                    self.number(y - 1, "country", cc, "all"),
                    (f" releases, open share {pct(before['open_share'])})", None),
                ]
            else:
                line.append((f" (no releases recorded in {y - 1})", None))
            lines.append([*line, (".", None)])
        return lines
