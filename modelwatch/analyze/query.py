"""Running SQL and returning plain rows; the one place analyze touches DuckDB."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

Row = dict[str, Any]


class Rows(list[Row]):
    """Rows that remember each column's DuckDB type (`types`, in column order): an answer with no rows still
    has its columns, and a front end can give them their types (the Python API's Arrow tables)."""

    types: dict[str, str]

    def __init__(self, items: list[Row], types: dict[str, str]) -> None:
        super().__init__(items)
        self.types = types


def rows(con: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cur = con.execute(sql, params or [])
    described = [(d[0], str(d[1])) for d in cur.description or []]
    names = [name for name, _ in described]
    return Rows([dict(zip(names, r, strict=True)) for r in cur.fetchall()], dict(described))
