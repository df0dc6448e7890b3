"""Rows -> a table for people, CSV or JSON for machines."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "csv", "json")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "is_finite"):  # Decimal from DuckDB's round()
        return float(value)
    return value


def _cell(value: Any) -> str:
    value = _plain(value)
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0%}" if 0 <= value <= 1 else f"{value:g}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def to_json(rows: Sequence[dict[str, Any]]) -> str:
    return json.dumps([{k: _plain(v) for k, v in r.items()} for r in rows], indent=2, ensure_ascii=False)


def to_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None) -> str:
    buf = io.StringIO()
    cols = list(columns or (rows[0].keys() if rows else []))
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(cols)
    for r in rows:
        writer.writerow([_cell(r.get(c)) if not isinstance(r.get(c), int | float) else _plain(r.get(c)) for c in cols])
    return buf.getvalue()


def render(rows: Sequence[dict[str, Any]], fmt: str, title: str = "", caption: str = "") -> str:
    """Text for stdout. Tables carry the title (with the unit) and a caption."""
    if fmt == "json":
        return to_json(rows)
    if fmt == "csv":
        return to_csv(rows)
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    # Text objects, never markup strings: model names such as "FLUX.1 [dev]" must print as written.
    table = Table(
        title=Text(title) if title else None,
        caption=Text(caption) if caption else None,
        caption_justify="left",
        title_justify="left",
    )
    cols = list(rows[0].keys()) if rows else []
    for c in cols:
        numeric = any(isinstance(r.get(c), int | float) and not isinstance(r.get(c), bool) for r in rows)
        table.add_column(Text(c), justify="right" if numeric else "left", overflow="fold")
    for r in rows:
        table.add_row(*(Text(_cell(r.get(c))) for c in cols))
    console = Console(file=io.StringIO(), width=160, force_terminal=False, color_system=None)
    if not rows:
        console.print(Text(f"{title}\n(no rows)" if title else "(no rows)"))
    else:
        console.print(table)
    out = console.file.getvalue()  # type: ignore[attr-defined]
    return str(out).rstrip("\n")
