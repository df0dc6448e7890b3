"""The report's words: sentences generated from the counts, every number linked to its releases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from modelwatch.analyze.query import Row
from modelwatch.tiers import Tier

Part = tuple[str, str | None]  # text, link target (None for plain text)


@dataclass
class Section:
    anchor: str
    title: str
    rows: list[Row]


@dataclass
class Evidence:
    """The release lists that numbers link to; only lists that some number uses are published."""

    page: str = "releases.html"
    sections: dict[str, Section] = field(default_factory=dict)

    def link(self, anchor: str, title: str, rows: list[Row]) -> str:
        self.sections.setdefault(anchor, Section(anchor, title, rows))
        return f"{self.page}#{anchor}"


def openness(row: Row) -> str:
    return Tier(row["tier"]).openness


def pct(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0%}"


class Writer:
    """Builds linked numbers for one year's releases (and the year before, for change)."""

    def __init__(self, year: int, releases: dict[int, list[Row]], names: dict[str, str], evidence: Evidence):
        self.year, self.releases, self.names, self.evidence = year, releases, names, evidence

    def subset(self, year: int, key: str, value: str, which: str) -> list[Row]:
        rows = [r for r in self.releases.get(year, []) if (key == "all" or r[key] == value)]
        rows = [r for r in rows if openness(r) != "unreleased"]
        return rows if which == "all" else [r for r in rows if openness(r) == which]

    def number(self, year: int, key: str, value: str, which: str) -> Part:
        """A count of releases with a link to exactly those releases."""
        rows = self.subset(year, key, value, which)
        label = "every organization" if key == "all" else self.names.get(value, value)
        kind = {"all": "releases", "open": "open-weights releases", "closed": "closed releases"}[which]
        href = self.evidence.link(f"y{year}-{key}-{value}-{which}", f"{label}: {kind} in {year}", rows)
        return (str(len(rows)), href)

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
