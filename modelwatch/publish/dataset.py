"""The export described: what each exported column means (docs/schema.md is generated from this), and the two
files that let the export be published as it is: a Frictionless `datapackage.json` and a dataset card
(`README.md`, with the metadata header the Hugging Face Hub reads).

The columns' types come from the export's own queries (`fields`), the words from `EXPORT`: a column added to a
query without words here fails the export's tests and `make lint`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from modelwatch.store.columns import STORE, Column, Field

if TYPE_CHECKING:
    import duckdb

C = Column
_ORG = STORE["organizations"].columns
_REL = STORE["releases"].columns


@dataclass(frozen=True)
class ExportTable:
    meaning: str
    columns: dict[str, Column]
    key: str | None = None  # the column that identifies a row
    # column -> (table, column) it refers to
    refers: tuple[tuple[str, str, str], ...] = ()


EXPORT: dict[str, ExportTable] = {
    "organizations": ExportTable(
        "One row per organization of the registry.",
        {k: _ORG[k] for k in ("id", "name", "parent", "group_id", "country", "kind", "homepage", "source")}
        | {"import_id": C("the registry build the row comes from (manifest.json lists it under `imports`)")},
        key="id",
    ),
    "releases": ExportTable(
        "One row per release event (modelwatch's docs/counting-rules.md): a family launched together in several "
        "sizes is one.",
        {
            "id": _REL["id"],
            "org_id": _REL["org_id"],
            "group_id": C("the group the releasing organization is counted in (`organizations.group_id`)"),
            "country": C("headquarters country of the releasing organization", "ISO 3166-1 alpha-2"),
            "name": _REL["name"],
            "family": _REL["family"],
            "date": C(
                "the date as precise as its evidence: a day 2026-08-14, a month 2026-08, a quarter 2026-Q3, a year "
                "2026, or a span 2026-08-03..2026-08-14 (not before the first day, no later than the last)"
            ),
            "date_precision": _REL["date_precision"],
            "date_earliest": C("the earliest day the release can have been public", "YYYY-MM-DD"),
            "date_latest": _REL["date_latest"],
            "date_source": _REL["date_source"],
            "announced": _REL["announced"],
            "hub_created": _REL["hub_created"],
            "tier": _REL["tier"],
            "openness": _REL["openness"],
            "license": _REL["license"],
            "modality": _REL["modality"],
            "sizes": C(_REL["sizes"].meaning, "as written, e.g. 7B or 30B-A3B; in CSV joined with '; '"),
            "artifact_count": _REL["artifact_count"],
            "rule": _REL["rule"],
            "note": _REL["note"],
            "sources": C(
                "where the date and licence can be read, the primary page first", "URLs; in CSV joined with '; '"
            ),
            "developers": C(
                "the developing organizations, the lead first, then co-developers",
                "organization ids; in CSV joined with '; '",
            ),
            "import_id": C("the registry build the row comes from (manifest.json lists it under `imports`)"),
        },
        key="id",
        refers=(("org_id", "organizations", "id"),),
    ),
    "artifacts": ExportTable(
        "One row per artifact as the `artifacts` unit counts them: the rows add up to the releases' artifact_count.",
        {
            "artifact_id": C("a Hub repo id (owner/name), an API model id, or for kind release the release's id"),
            "kind": C("hub | api | release (a release that lists no repo or API id stands for one artifact)"),
            "release_id": C("the release it belongs to (`releases.id`)"),
            "org_id": _REL["org_id"],
            "import_id": C("the registry build the row comes from (manifest.json lists it under `imports`)"),
        },
        refers=(("release_id", "releases", "id"),),
    ),
}

# DuckDB's types -> Table Schema's (https://datapackage.org/standard/table-schema/#field-types)
_TYPES = {
    "VARCHAR": "string",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "datetime",
    "DOUBLE": "number",
    "FLOAT": "number",
}
_INTEGERS = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT")
MEDIA_TYPES = {"csv": "text/csv", "json": "application/json", "parquet": "application/vnd.apache.parquet"}
LICENSE = {
    "name": "Apache-2.0",
    "title": "Apache License 2.0",
    "path": "https://www.apache.org/licenses/LICENSE-2.0",
}


def fields(
    con: duckdb.DuckDBPyConnection, queries: dict[str, str], tables: dict[str, ExportTable] | None = None
) -> dict[str, list[Field]]:
    """Each exported table's columns with the type its query gives them, described by `tables`.

    Raises LookupError naming every column without words and every word without a column."""
    tables = EXPORT if tables is None else tables
    out: dict[str, list[Field]] = {}
    problems: list[str] = []
    for table, sql in queries.items():
        doc = tables.get(table, ExportTable("", {}))
        described = con.execute(f"DESCRIBE {sql}").fetchall()
        names = [str(r[0]) for r in described]
        problems += [
            f"export {table}.{n} has no description in modelwatch/publish/dataset.py"
            for n in names
            if n not in doc.columns
        ]
        problems += [
            f"export {table}.{c} is described but is no exported column" for c in doc.columns if c not in names
        ]
        out[table] = [
            Field(n, str(kind), True, doc.columns[n].meaning, doc.columns[n].unit)
            for n, kind, *_ in described
            if n in doc.columns
        ]
    if problems:
        raise LookupError("; ".join(problems))
    return out


def table_schema_type(duckdb_type: str, fmt: str) -> str:
    """A column's Table Schema type in the format written. A list is an `array` in JSON; in Parquet it is
    declared `any`: validators read Parquet through pandas, which hands a list over as an array object that no
    Table Schema type accepts (its Parquet type, list<...>, stays in the file and in `x-duckdb-type`)."""
    if duckdb_type.endswith("[]"):
        return "array" if fmt == "json" else "any"
    if duckdb_type in _INTEGERS:
        return "integer"
    if duckdb_type.startswith("DECIMAL"):
        return "number"
    return _TYPES.get(duckdb_type, "any")


def plain_type(duckdb_type: str, fmt: str = "parquet") -> str:
    """A column's type in words: text, integer, date, list of text (in CSV a list is text joined with '; ')."""
    if duckdb_type.endswith("[]"):
        return "text" if fmt == "csv" else f"list of {plain_type(duckdb_type[:-2])}"
    if duckdb_type in _INTEGERS:
        return "integer"
    if duckdb_type.startswith("DECIMAL") or duckdb_type in ("DOUBLE", "FLOAT"):
        return "number"
    return {"VARCHAR": "text", "BOOLEAN": "true/false", "DATE": "date", "TIMESTAMP": "date and time"}.get(
        duckdb_type, duckdb_type.lower()
    )


def _field(f: Field, fmt: str) -> dict[str, Any]:
    out: dict[str, Any] = {"name": f.name, "type": table_schema_type(f.type, fmt), "description": f.meaning}
    if f.unit:
        out["x-unit"] = f.unit
    out["x-duckdb-type"] = f.type
    return out


def datapackage(
    described: dict[str, list[Field]], fmt: str, rows: dict[str, int], data_version: str, exported_at: str, version: str
) -> dict[str, Any]:
    """The Frictionless Data Package (v2) of an export: one tabular resource per file, its schema, keys and links,
    the licence, and the sources to credit."""
    resources = []
    for table, cols in described.items():
        doc = EXPORT[table]
        schema: dict[str, Any] = {"fields": [_field(f, fmt) for f in cols]}
        if doc.key:
            schema["primaryKey"] = [doc.key]
        if doc.refers:
            schema["foreignKeys"] = [
                {"fields": [col], "reference": {"resource": other, "fields": [key]}} for col, other, key in doc.refers
            ]
        resource: dict[str, Any] = {
            "name": table,
            "type": "table",
            "path": f"{table}.{fmt}",
            "format": fmt,
            "mediatype": MEDIA_TYPES[fmt],
            "description": doc.meaning,
            "schema": schema,
            "x-rows": rows[table],
        }
        if fmt == "csv":
            resource["encoding"] = "utf-8"
        resources.append(resource)
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "modelwatch-releases",
        "title": "modelwatch: AI model releases by organization, date, country and openness",
        "description": (
            "Who released which AI models, when, from which country, and how openly (weights, licence): the "
            "release events of modelwatch's curated registry, each with the sources its date and licence are read "
            "from. See README.md in this folder."
        ),
        "version": data_version,
        "created": exported_at,
        "licenses": [LICENSE],
        "sources": SOURCES,
        "keywords": ["AI models", "model releases", "open weights", "licences"],
        "x-generator": f"modelwatch {version}",
        "resources": resources,
    }


SOURCES = [
    {
        "title": "modelwatch curated registry (modelwatch/data/: one file per organization and its releases)",
        "description": "reviewed by its curators from the publishers' own pages; its data version is this package's",
    },
    {
        "title": "the publishers' release pages, blog posts, model cards and changelogs",
        "description": "each release lists its own in the `sources` column: credit them when you cite a release",
    },
]


@dataclass(frozen=True)
class Covered:
    """How far the registry speaks for each organization, for the card."""

    org: str
    name: str
    coverage_start: dt.date | None
    covered_to: dt.date | None


def coverage_rows(con: duckdb.DuckDBPyConnection, pending: Callable[[], dict[str, dt.date]]) -> list[Covered]:
    from modelwatch.analyze.currency import coverage
    from modelwatch.analyze.query import rows

    cov = coverage(con, pending)
    orgs = rows(con, "SELECT id, name, coverage_start FROM organizations ORDER BY id")
    return [Covered(o["id"], o["name"], o["coverage_start"], cov[o["id"]].covered_to) for o in orgs]


def _md(text: str) -> str:
    """A cell of a Markdown table: no line break, no column bar."""
    return " ".join(str(text).split()).replace("|", "\\|")


def card(
    described: dict[str, list[Field]],
    fmt: str,
    rows: dict[str, int],
    data_version: str,
    exported_at: str,
    version: str,
    covered: list[Covered],
) -> str:
    """The dataset card: what the data is, its licence and sources, how it was made, its columns in brief and how
    far it reaches, with the YAML header the Hugging Face Hub reads."""
    starts = [c.coverage_start for c in covered if c.coverage_start is not None]
    ends = [c.covered_to for c in covered if c.covered_to is not None]
    unknown = [c.org for c in covered if c.covered_to is None]
    lines = [
        "---",
        "license: apache-2.0",
        "pretty_name: modelwatch AI model releases",
        "tags:",
        "- ai-models",
        "- model-releases",
        "- open-weights",
        "configs:",
        *(
            line
            for table in described
            for line in (
                f"- config_name: {table}",
                f"  data_files: {table}.{fmt}",
                *(["  default: true"] * (table == "releases")),
            )
        ),
        "---",
        "",
        "# modelwatch: AI model releases",
        "",
        "Who released which AI models, when, from which country, and how openly (weights, licence). One row of",
        "`releases` is one release event: a family launched together in several sizes is one release, and each",
        "release lists the pages its date and licence are read from.",
        "",
        "| file | rows | one row is |",
        "|---|---|---|",
        *(f"| `{t}.{fmt}` | {rows[t]:,} | {_md(EXPORT[t].meaning)} |" for t in described),
        "",
        "## Licence",
        "",
        "Apache License 2.0 (https://www.apache.org/licenses/LICENSE-2.0), the licence of modelwatch, under which",
        "its curated registry is distributed.",
        "",
        "## Sources and attribution",
        "",
        "- The modelwatch curated registry (`modelwatch/data/`), data version "
        f"`{data_version}`: one reviewed file per organization and its releases.",
        "- The publishers' own pages (release posts, model cards, changelogs): each release's `sources` column",
        "  names them, the primary page first. Credit them when you cite a release.",
        "",
        "No row of a third-party catalogue (Epoch AI, OpenRouter, models.dev) or of the Hugging Face Hub's figures",
        "is in these files; `manifest.json` lists every import the store held when they were written.",
        "",
        "## How it was made",
        "",
        f"Written by `modelwatch export --format {fmt}` (modelwatch {version}) on {exported_at} from the store",
        "built from the registry. Dates are as precise as their evidence: `date` is a day, a month, a quarter, a",
        "year or a span, with `date_earliest` and `date_latest` its bounds; unknown values are left empty, never",
        "guessed. Open means weights are downloadable (tiers open_unrestricted, open_restricted,",
        "open_noncommercial); closed means API or hosted only; `unknown` is never counted as closed.",
        "`datapackage.json` describes every column (Frictionless Data Package); `manifest.json` holds the",
        "provenance.",
        "",
        "## Coverage",
        "",
    ]
    if starts and ends:
        lines += [
            f"The registry speaks for releases from {min(starts)} (the earliest day an organization's file covers)",
            f"to {max(ends)} at the latest. Each organization is covered to its own day: a count over a period",
            "past an organization's day may be incomplete for it.",
        ]
    if unknown:
        lines += ["", f"No covered-to day is stated for: {', '.join(unknown)}."]
    lines += [
        "",
        "| organization | name | covered from | covered to |",
        "|---|---|---|---|",
        *(f"| {c.org} | {_md(c.name)} | {c.coverage_start or ''} | {c.covered_to or ''} |" for c in covered),
        "",
        "## Columns",
        "",
    ]
    for table, cols in described.items():
        lines += [f"### {table}", "", "| column | type | meaning |", "|---|---|---|"]
        for f in cols:
            unit = f" ({_md(f.unit)})" if f.unit else ""
            lines.append(f"| `{f.name}` | {plain_type(f.type, fmt)} | {_md(f.meaning)}{unit} |")
        lines.append("")
    return "\n".join(lines)
