"""Answers as tables for notebooks: Arrow, then pandas or polars, each column typed as the store types it.

The Python API (`modelwatch.api`) returns these. pyarrow is a dependency of modelwatch; pandas and polars are
not, so each conversion imports its library when called and says in one line which extra installs it.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from modelwatch.analyze.query import Row
from modelwatch.analyze.verdicts import ClaimRow, long_rows
from modelwatch.publish.terminal import plain_rows

if TYPE_CHECKING:
    import pyarrow as pa

# DuckDB's type names -> Arrow's; a DECIMAL (a rounded share) is a float, as `--format json` gives it.
_SCALARS = {
    "VARCHAR": "string",
    "BOOLEAN": "bool_",
    "TINYINT": "int8",
    "SMALLINT": "int16",
    "INTEGER": "int32",
    "BIGINT": "int64",
    "HUGEINT": "int64",  # sum() of integers: any count here is far below 2^63 (and too large a one is refused)
    "UTINYINT": "uint8",
    "USMALLINT": "uint16",
    "UINTEGER": "uint32",
    "UBIGINT": "uint64",
    "FLOAT": "float32",
    "DOUBLE": "float64",
    "DATE": "date32",
}
_DECIMAL = re.compile(r"^DECIMAL\(\d+,\s*\d+\)$")


def arrow_type(duckdb_type: str) -> pa.DataType | None:
    """The Arrow type of a DuckDB column type; None for one it leaves to Arrow to infer (a STRUCT, a MAP)."""
    import pyarrow as pa

    if duckdb_type.endswith("[]"):
        inner = arrow_type(duckdb_type[:-2])
        return None if inner is None else pa.list_(inner)
    if _DECIMAL.match(duckdb_type):
        return pa.float64()
    if duckdb_type == "TIMESTAMP":
        return pa.timestamp("us")
    if duckdb_type == "TIMESTAMP WITH TIME ZONE":
        return pa.timestamp("us", tz="UTC")
    name = _SCALARS.get(duckdb_type)
    return None if name is None else getattr(pa, name)()


def _value(v: Any) -> Any:
    if isinstance(v, decimal.Decimal):
        return float(v)
    if isinstance(v, list | tuple):
        return [_value(x) for x in v]
    return v


def to_arrow(rows: Sequence[Row], types: dict[str, str] | None = None) -> pa.Table:
    """Rows as an Arrow table: the columns in order, typed by `types` (DuckDB's names) where given."""
    import pyarrow as pa

    columns = list(types or {}) or list(dict.fromkeys(k for r in rows for k in r))
    arrays = {}
    for c in columns:
        typed = arrow_type((types or {}).get(c, ""))
        values = [_value(r.get(c)) for r in rows]
        arrays[c] = pa.array(values, type=typed) if typed is not None else pa.array(values)
    return pa.table(arrays) if arrays else pa.table({})


def _library(name: str) -> Any:
    import importlib

    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImportError(
            f"to_{name}() needs {name}, which modelwatch does not install: pip install 'modelwatch[{name}]'"
        ) from None


@dataclass(frozen=True)
class Table:
    """An answer: its rows (dicts, as DuckDB gives the values), and the words a reader needs to read them.

    `title` names the unit and the scope, `caption` what the columns mean and what the period leaves out;
    `meta` holds what an answer was computed from (a dump's date and digest)."""

    rows: list[Row]
    title: str = ""
    caption: str = ""
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def columns(self) -> list[str]:
        types = getattr(self.rows, "types", None)
        return list(types) if types else list(dict.fromkeys(k for r in self.rows for k in r))

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __getitem__(self, index: int) -> Row:
        return self.rows[index]

    def __repr__(self) -> str:
        return f"<Table {self.title or 'rows'!r}: {len(self.rows)} rows x {len(self.columns)} columns>"

    def to_dicts(self) -> list[dict[str, Any]]:
        """The rows as `--format json` prints them: dates as ISO text, shares as floats."""
        return plain_rows(self.rows)

    def to_arrow(self) -> pa.Table:
        """A pyarrow Table, each column typed as the store types it (an empty answer keeps its columns)."""
        return to_arrow(self.rows, getattr(self.rows, "types", None))

    def to_pandas(self) -> Any:
        """A pandas DataFrame (needs pandas: `pip install 'modelwatch[pandas]'`)."""
        _library("pandas")
        return self.to_arrow().to_pandas()

    def to_polars(self) -> Any:
        """A polars DataFrame (needs polars: `pip install 'modelwatch[polars]'`)."""
        return _library("polars").from_arrow(self.to_arrow())


@dataclass(frozen=True)
class Verdicts:
    """Judged claims (`modelwatch check`): one ClaimRow per claim, with its reading in every setting.

    As a table it has one row per claim and setting, the columns of `check --format csv`."""

    claims: tuple[ClaimRow, ...]

    def __len__(self) -> int:
        return len(self.claims)

    def __iter__(self) -> Iterator[ClaimRow]:
        return iter(self.claims)

    def __getitem__(self, key: int | str) -> ClaimRow:
        """A claim by position, or by its id."""
        if isinstance(key, str):
            found = next((c for c in self.claims if c.id == key), None)
            if found is None:
                raise KeyError(f"no claim {key!r}; the ids are {', '.join(c.id for c in self.claims)}")
            return found
        return self.claims[key]

    def __repr__(self) -> str:
        return f"<Verdicts: {len(self.claims)} claims, {sum(c.decided for c in self.claims)} decided>"

    @property
    def decided(self) -> bool:
        """Whether the data decided every claim (`check` exits 0 when it did, 1 when not)."""
        return all(c.decided for c in self.claims)

    def to_dicts(self) -> list[dict[str, Any]]:
        """The claims as `check --format json` prints them."""
        return [c.as_json() for c in self.claims]

    def table(self) -> Table:
        """One row per claim and setting (`check --format csv`)."""
        return Table(long_rows(list(self.claims)), title="Claims judged in every setting")

    def to_arrow(self) -> pa.Table:
        return self.table().to_arrow()

    def to_pandas(self) -> Any:
        return self.table().to_pandas()

    def to_polars(self) -> Any:
        return self.table().to_polars()
