"""Rows -> a table for people, CSV or JSON for machines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
import unicodedata
from collections.abc import Sequence
from enum import StrEnum
from typing import Any

from modelwatch.errors import escaped

LIST_SHOWN = 12  # a table cell shows this many items of a list; CSV and JSON carry them all


class Format(StrEnum):
    """How rows are written: a table for people, CSV or JSON for machines."""

    table = "table"
    csv = "csv"
    json = "json"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "is_finite"):  # Decimal from DuckDB's round()
        return float(value)
    return value


def _cell(value: Any) -> str:
    """A value as one cell of text: a control or bidi-override character in a name from a catalogue is
    shown escaped (\x1b, \u202e), so it can neither retitle the terminal nor split the row."""
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 <= value <= 1 else f"{value:g}"
    if isinstance(value, list):
        return escaped(", ".join(str(v) for v in value))
    return escaped(str(value))


def _shown(value: Any) -> Any:
    if isinstance(value, list) and len(value) > LIST_SHOWN:
        return [*value[:LIST_SHOWN], f"... ({len(value)} in all)"]
    return value


def plain_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with JSON's values: dates as ISO text, decimals as floats (what `--format json` prints)."""
    return [{k: _plain(v) for k, v in r.items()} for r in rows]


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps(plain_rows(rows), indent=2, ensure_ascii=False)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    buf = io.StringIO()
    cols = list(columns or (rows[0].keys() if rows else []))
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) if not isinstance(r.get(c), int | float) else _plain(r.get(c)) for c in cols])
    return buf.getvalue()


def _width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * (width - _width(text))
    return gap + text if right else text + gap


def _table(rows: Sequence[dict[str, Any]], title: str, caption: str) -> str:
    # Plain text, no markup: names such as "FLUX.1 [dev]" print as written, and it costs
    # milliseconds where a rich table took a fifth of a second for a 60-row leaderboard.
    cols = list(rows[0].keys())
    cells = [[_cell(_shown(r.get(c))) for c in cols] for r in rows]
    numeric = [any(isinstance(r.get(c), int | float) and not isinstance(r.get(c), bool) for r in rows) for c in cols]
    widths = [max([_width(c), *(_width(row[i]) for row in cells)]) for i, c in enumerate(cols)]

    def line(values: list[str]) -> str:
        return "  ".join(_pad(v, widths[i], numeric[i]) for i, v in enumerate(values)).rstrip()

    title, caption = escaped(title), escaped(caption)
    out = [title] if title else []
    out.append(line(cols))
    out.append("  ".join("-" * w for w in widths))
    out.extend(line(row) for row in cells)
    if caption:
        # ids, commands and URLs in a caption stay whole, so that they can be copied
        width = max(60, min(120, sum(widths) + 2 * len(widths)))
        out.extend(textwrap.wrap(caption, width=width, break_on_hyphens=False, break_long_words=False))
    return "\n".join(out)


def render(rows: Sequence[dict[str, Any]], fmt: str, title: str = "", caption: str = "") -> str:
    """Text for stdout. Tables carry the title (with the unit) and a caption."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows)
    if not rows:  # the caption still says what the empty answer covers (a partial period, say)
        return "\n".join(x for x in (title, "(no rows)", caption) if x)
    return _table(rows, title, caption)
