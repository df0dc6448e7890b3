"""The export as a dataset: its datapackage.json passes Frictionless validation in every format, its card says
what a data portal asks (licence, sources, coverage, columns), and neither replaces a file the export did not
write. docs/schema.md is generated from the same descriptions, and a column without one is refused."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import frictionless
import pytest

from modelwatch.publish.dataset import EXPORT, ExportTable, fields, plain_type, table_schema_type
from modelwatch.publish.export import QUERIES, table_sql
from modelwatch.store.columns import STORE, Column, Table, described, migrated_store
from scripts.schema_reference import DOC, render
from tests.conftest import Run

Mw = Callable[..., Run]

COLUMNS = {
    "organizations": ["id", "name", "parent", "group_id", "country", "kind", "homepage", "source", "import_id"],
    "releases": [
        "id", "org_id", "group_id", "country", "name", "family", "date", "date_precision", "date_earliest",
        "date_latest", "date_source", "announced", "hub_created", "tier", "openness", "license", "modality", "sizes",
        "artifact_count", "rule", "note", "sources", "developers", "import_id",
    ],
    "artifacts": ["artifact_id", "kind", "release_id", "org_id", "import_id"],
}  # fmt: skip


def _errors(report: frictionless.Report) -> list[str]:
    return sorted(
        {f"{task.name}: {e.type}" for task in report.tasks for e in task.errors} | {e.type for e in report.errors}
    )


@pytest.mark.parametrize(("fmt", "list_type"), [("csv", "string"), ("json", "array"), ("parquet", "any")])
def test_the_export_passes_frictionless_validation(mw: Mw, tmp_path: Path, fmt: str, list_type: str) -> None:
    out = tmp_path / "export"
    assert mw("export", "--format", fmt, "--out", str(out)).code == 0
    report = frictionless.validate(out / "datapackage.json")
    assert (report.valid, _errors(report)) == (True, [])
    assert [(t.name, t.stats["rows"]) for t in report.tasks] == [
        ("organizations", 4),
        ("releases", 8),
        ("artifacts", 13),
    ]
    package = json.loads((out / "datapackage.json").read_text())
    assert package["licenses"] == [
        {"name": "Apache-2.0", "title": "Apache License 2.0", "path": "https://www.apache.org/licenses/LICENSE-2.0"}
    ]
    assert [r["path"] for r in package["resources"]] == [f"organizations.{fmt}", f"releases.{fmt}", f"artifacts.{fmt}"]
    releases = package["resources"][1]["schema"]
    assert {r["name"]: [f["name"] for f in r["schema"]["fields"]] for r in package["resources"]} == COLUMNS
    types = {f["name"]: f["type"] for f in releases["fields"]}
    assert (types["sources"], types["date"], types["date_earliest"], types["artifact_count"]) == (
        list_type,
        "string",
        "date",
        "integer",
    )
    assert releases["primaryKey"] == ["id"]
    assert releases["foreignKeys"] == [
        {"fields": ["org_id"], "reference": {"resource": "organizations", "fields": ["id"]}}
    ]
    assert package["version"] == json.loads((out / "manifest.json").read_text())["data_version"]


@pytest.mark.parametrize(
    ("spoil", "errors"),
    [
        (
            lambda text: text.replace("dragon-2,dragon,", "dragon-1,dragon,", 1),
            ["artifacts: foreign-key", "releases: primary-key"],
        ),
        (lambda text: text.replace(",1\n", ",one\n", 1), ["releases: type-error"]),
        (lambda text: text.replace("dragon-2,dragon,", "dragon-2,phoenix,", 1), ["releases: foreign-key"]),
    ],
)
def test_validation_finds_a_spoiled_file(
    mw: Mw, tmp_path: Path, spoil: Callable[[str], str], errors: list[str]
) -> None:
    out = tmp_path / "export"
    assert mw("export", "--format", "csv", "--out", str(out)).code == 0
    path = out / "releases.csv"
    path.write_text(spoil(path.read_text()))
    assert _errors(frictionless.validate(out / "datapackage.json")) == errors


def test_the_card_says_what_a_portal_asks(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert mw("export", "--format", "parquet", "--out", str(out)).code == 0
    card = (out / "README.md").read_text().splitlines()
    assert card[:2] == ["---", "license: apache-2.0"]
    assert card[card.index("configs:") : card.index("configs:") + 8] == [
        "configs:",
        "- config_name: organizations",
        "  data_files: organizations.parquet",
        "- config_name: releases",
        "  data_files: releases.parquet",
        "  default: true",
        "- config_name: artifacts",
        "  data_files: artifacts.parquet",
    ]
    for line in [
        "| `releases.parquet` | 8 | One row per release event (modelwatch's docs/counting-rules.md): a family "
        "launched together in several sizes is one. |",
        "## Licence",
        "## Sources and attribution",
        "## How it was made",
        "The registry speaks for releases from 2024-01-01 (the earliest day an organization's file covers)",
        "to 2025-12-31 at the latest. Each organization is covered to its own day: a count over a period",
        "No covered-to day is stated for: eagle, eagle-lab, eagle-research.",
        "| dragon | Dragon AI | 2024-01-01 | 2025-12-31 |",
        "| eagle-lab | Eagle Lab |  |  |",
        "| `sources` | list of text | where the date and licence can be read, the primary page first (URLs; in CSV "
        "joined with '; ') |",
        "| `artifact_count` | integer | the artifacts it counts for in the `artifacts` unit: its Hub repos and API "
        "ids, at least 1 (artifacts) |",
    ]:
        assert line in card
    assert sum(line.startswith("| `") and "|" in line[3:] for line in card) == 3 + sum(map(len, COLUMNS.values()))


def test_a_user_readme_beside_an_earlier_export_is_never_replaced(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    # an export of a modelwatch that wrote no card: its manifest lists no README.md
    (out / "manifest.json").write_text(json.dumps({"generator": "modelwatch 0.0.9", "tables": {}}))
    (out / "releases.csv").write_text("id\n")
    (out / "README.md").write_text("my notes\n")
    r = mw("export", "--format", "csv", "--out", str(out))
    assert (r.code, r.err.splitlines()[-1]) == (
        2,
        f"modelwatch: error: {out}: not empty and not a modelwatch export (holds README.md); choose a new or empty "
        "folder: an export never deletes what it did not write",
    )
    assert (out / "README.md").read_text() == "my notes\n"


def test_an_export_replaces_its_own_card(mw: Mw, tmp_path: Path) -> None:
    out = tmp_path / "export"
    assert mw("export", "--format", "csv", "--out", str(out)).code == 0
    assert mw("export", "--format", "json", "--out", str(out)).code == 0
    assert "  data_files: releases.json" in (out / "README.md").read_text().splitlines()
    assert json.loads((out / "datapackage.json").read_text())["resources"][1]["path"] == "releases.json"


@pytest.mark.parametrize(
    ("tables", "problem"),
    [
        (
            {**STORE, "meta": Table("settings", {"key": Column("the setting")})},
            "meta.value has no description in modelwatch/store/columns.py",
        ),
        (
            {**STORE, "meta": Table("settings", {"key": Column("k"), "value": Column("v"), "owner": Column("o")})},
            "meta.owner is described but is no column of the store",
        ),
        (
            {k: v for k, v in STORE.items() if k != "license_tags"},
            "license_tags.license_id has no description in "
            "modelwatch/store/columns.py; license_tags.tag has no description in modelwatch/store/columns.py",
        ),
    ],
)
def test_a_store_column_without_words_is_refused(tables: dict[str, Table], problem: str) -> None:
    with pytest.raises(LookupError) as caught:
        described(migrated_store(), tables)
    assert str(caught.value) == problem


def test_an_exported_column_without_words_is_refused() -> None:
    artifacts = EXPORT["artifacts"]
    less = {**EXPORT, "artifacts": ExportTable("a", {k: v for k, v in artifacts.columns.items() if k != "kind"})}
    with pytest.raises(LookupError) as caught:
        fields(migrated_store(), {t: table_sql(t, "csv") for t in QUERIES}, less)
    assert str(caught.value) == "export artifacts.kind has no description in modelwatch/publish/dataset.py"


def test_every_store_table_is_described() -> None:
    store = described(migrated_store())
    assert sorted(store) == sorted(STORE) == [
        "catalogue_imports", "catalogue_row_orgs", "catalogue_rows", "hub_artifacts", "hub_derivatives",
        "hub_dump_absent", "hub_dump_edges", "hub_dump_lineage", "hub_dump_repos", "hub_dump_snapshots",
        "hub_stats_history", "hub_syncs", "imports", "license_tags", "licenses", "meta", "org_aliases",
        "organizations", "release_developers", "release_members", "release_sources", "releases",
    ]  # fmt: skip
    assert all(f.meaning.strip() for cols in store.values() for f in cols)


@pytest.mark.parametrize(
    ("duckdb_type", "fmt", "schema_type", "words"),
    [
        ("VARCHAR", "csv", "string", "text"),
        ("VARCHAR[]", "json", "array", "list of text"),
        ("VARCHAR[]", "parquet", "any", "list of text"),
        ("INTEGER", "parquet", "integer", "integer"),
        ("DATE", "json", "date", "date"),
        ("DECIMAL(4,3)", "csv", "number", "number"),
        ("TIMESTAMP", "parquet", "datetime", "date and time"),
    ],
)
def test_types_in_the_package_and_the_card(duckdb_type: str, fmt: str, schema_type: str, words: str) -> None:
    assert (table_schema_type(duckdb_type, fmt), plain_type(duckdb_type, fmt)) == (schema_type, words)


def test_the_schema_reference_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(), "docs/schema.md is stale: run `make docs`"
