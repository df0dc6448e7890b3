"""docs/schema.md: every table and column of the export and of the store, generated from the code.

The types come from the export's queries and the store's migrations, run on an empty store in memory; the
meanings from modelwatch/publish/dataset.py (the export) and modelwatch/store/columns.py (the store). A column
without a description stops the script with its name.

python scripts/schema_reference.py           # rewrite docs/schema.md (`make docs`, `make fix`)
python scripts/schema_reference.py --check   # exit 1 when docs/schema.md is stale (`make lint`)
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from modelwatch.store.columns import Field

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "schema.md"

HEADER = """\
# The dataset: the export's tables and the store's

Generated from the code by `make docs` (`python scripts/schema_reference.py`); `make lint` fails when this
file is stale. Do not edit it by hand: the meanings live in `modelwatch/publish/dataset.py` (the export) and
`modelwatch/store/columns.py` (the store), beside the queries and migrations that make the columns, and a
column without a meaning there fails the tests.

- **The export** (`modelwatch export --format parquet|csv|json --out DIR`, or `mw.export(DIR)`) writes the
  three tables below, `manifest.json` (schema version, data version, every import behind the rows),
  `datapackage.json` (a Frictionless Data Package: each file's fields with their types and meanings, keys,
  licence and sources; `frictionless validate DIR/datapackage.json` passes) and `README.md` (a dataset card
  with the licence, sources, how it was made and how far each organization is covered), so that the folder can
  be published on a data portal or the Hugging Face Hub as it is.
- **The store** is the DuckDB file the commands read (`MODELWATCH_HOME/modelwatch.duckdb`): open it read-only
  with `mw.connect()` (docs/python.md) or `duckdb.connect(path, read_only=True)`, and query the tables below.
  Tables marked *internal* are modelwatch's own bookkeeping (integer ids, hashes): readable, but their shape may
  change with any release.

Types are DuckDB's (`VARCHAR` is text, `X[]` a list of X); an empty value is NULL. In the CSV export a list is
one text cell, its items joined with `'; '`. Counts say their unit; days are `YYYY-MM-DD`.
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _table(fields: list[Field], nullable: bool) -> list[str]:
    head = "| column | type | empty? | unit | meaning |" if nullable else "| column | type | unit | meaning |"
    out = [head, "|---" * (5 if nullable else 4) + "|"]
    for f in fields:
        empty = ("may be empty" if f.nullable else "never") if nullable else None
        cells = [f"`{f.name}`", f"`{f.type}`", *([empty] if empty else []), _cell(f.unit), _cell(f.meaning)]
        out.append("| " + " | ".join(cells) + " |")
    return out


def render() -> str:
    from modelwatch.publish.dataset import EXPORT, fields
    from modelwatch.publish.export import QUERIES, table_sql
    from modelwatch.store.columns import STORE, described, migrated_store

    con = migrated_store()
    try:
        export = fields(con, {t: table_sql(t, "parquet") for t in QUERIES})
        store = described(con)
    finally:
        con.close()
    parts = [HEADER, "## The export", ""]
    for table, cols in export.items():
        doc = EXPORT[table]
        key = f" Key: `{doc.key}`." if doc.key else ""
        refers = "".join(f" `{c}` refers to `{t}.{k}`." for c, t, k in doc.refers)
        parts += [f"### {table}", "", f"{doc.meaning}{key}{refers}", "", *_table(cols, nullable=False), ""]
    parts += ["## The store", ""]
    for table in sorted(store, key=lambda t: (STORE[t].internal, t)):
        mark = " *(internal)*" if STORE[table].internal else ""
        parts += [f"### {table}{mark}", "", STORE[table].meaning, "", *_table(store[table], nullable=True), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: list[str]) -> int:
    try:
        text = render()
    except LookupError as exc:
        print(f"a column lacks its description: {exc}", file=sys.stderr)
        return 1
    if argv == ["--check"]:
        if DOC.exists() and DOC.read_text(encoding="utf-8") == text:
            return 0
        print(f"{DOC.relative_to(ROOT)} is stale: run `make docs` and commit it", file=sys.stderr)
        return 1
    from modelwatch.files import write_text

    write_text(DOC, text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
