"""The year review's words: sentences around the review's counts, every number naming the releases it counts.

A page renders each number as a link to exactly its releases (`ReportData.lists[count.list]`).
"""

from __future__ import annotations

from typing import Any

from modelwatch.analyze.review import Count, ReportData

Part = tuple[str, Count | None]  # text, what it counts (None for plain text)

# an organization whose country no page stated (left empty in the registry, never guessed)
NO_COUNTRY = "No country recorded"


def pct(value: Any) -> str:
    return "n/a" if value is None else f"{float(value):.0%}"


def number(count: Count) -> Part:
    """A count, with what it counts."""
    return (str(count.n), count)


def summary(data: ReportData) -> list[list[Part]]:
    y, total = data.year, data.total
    lines: list[list[Part]] = [
        [
            number(total.releases),
            (f" releases in {y} by {data.organizations} organizations, ", None),
            number(total.open),
            (" of them with open weights and ", None),
            number(total.closed),
            (" closed (API or hosted only).", None),
        ]
    ]
    if data.leaders:
        line: list[Part] = [("Most releases: ", None)]
        for i, o in enumerate(data.leaders):
            if i:
                line.append((" and ", None))
            line += [
                (o.name, None),
                (" with ", None),
                number(o.releases),
                (" (", None),
                number(o.open),
                (" open)", None),
            ]
        lines.append([*line, (".", None)])
    if data.most_open is not None:
        o = data.most_open
        lines.append(
            [("Most open-weights releases: ", None), (o.name, None), (" with ", None), number(o.open), (".", None)]
        )
    for c in data.summary_countries:
        line = [
            (f"{c.id or NO_COUNTRY}: ", None),
            number(c.releases),
            (" releases, ", None),
            number(c.open),
            (" open, ", None),
            number(c.closed),
            (f" closed; open share {pct(c.open_share)}", None),
        ]
        before = data.before.get(c.id)
        if before is not None:
            line += [
                (f" (in {y - 1}: ", None),
                number(before.releases),
                (f" releases, open share {pct(before.open_share)})", None),
            ]
        else:
            line.append((f" (no releases recorded in {y - 1})", None))
        lines.append([*line, (".", None)])
    return lines
