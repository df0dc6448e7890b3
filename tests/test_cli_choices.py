"""Every option value the CLI offers is its enum's, defined once beside the code that computes with it."""

from __future__ import annotations

import re
from enum import StrEnum

import pytest
from typer.testing import CliRunner

from modelwatch.cli import app
from modelwatch.publish.terminal import Format
from modelwatch.vocabulary import (
    AdoptionBy,
    Catalogue,
    EcoBy,
    EngineName,
    Every,
    ExportFormat,
    Level,
    ProposalKind,
    Unit,
    UpdateSource,
)


def _choices(path: tuple[str, ...], name: str) -> list[str]:
    """The values `--help` offers for an option (or an argument), as the user reads them: `--by <org|group>`."""
    r = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    found = re.search(rf"(?:^|[\s,]){re.escape(name)} <([^>]+)>", r.output, re.MULTILINE)
    assert found, r.output
    return found.group(1).split("|")


@pytest.mark.parametrize(
    ("path", "name", "enum", "expected"),
    [
        (("leaderboard",), "--by", Level, ["org", "group", "country"]),
        (("leaderboard",), "--unit", Unit, ["releases", "artifacts", "days"]),
        (("leaderboard",), "--format", Format, ["table", "csv", "json"]),
        (("releases",), "--format", Format, ["table", "csv", "json"]),
        (("adoption",), "--by", AdoptionBy, ["release", "family", "org", "country"]),
        (("ecosystem",), "--by", EcoBy, ["org", "group", "country", "region", "line"]),
        (("ecosystem",), "--every", Every, ["day", "week", "month"]),
        (("ecosystem",), "--engine", EngineName, ["duckdb", "spark"]),
        (("export",), "--format", ExportFormat, ["csv", "parquet", "json"]),
        (("compare",), "source", Catalogue, ["epoch", "openrouter", "modelsdev"]),
        (("import", "list"), "source", Catalogue, ["epoch", "openrouter", "modelsdev"]),
        (("proposals",), "--kind", ProposalKind, ["release", "change", "omission", "organization"]),
        (("update",), "--source", UpdateSource, ["hub", "epoch", "openrouter", "modelsdev"]),
    ],
)
def test_every_choice_list_is_its_enum(
    path: tuple[str, ...], name: str, enum: type[StrEnum], expected: list[str]
) -> None:
    assert _choices(path, name) == [e.value for e in enum] == expected


def test_the_catalogue_importers_are_the_catalogues() -> None:
    r = CliRunner().invoke(app, ["import", "--help"], env={"COLUMNS": "200"})
    commands = re.findall(r"^  (\S+)\s", r.output.partition("Commands:")[2], re.MULTILINE)
    assert sorted(commands) == sorted([*(c.value for c in Catalogue), "hub-dump", "list"])
