"""The JSON API on a real loopback server: the CLI's numbers, filters, units and levels; one-line 4xx errors."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.web.conftest import Server, cli


@pytest.mark.parametrize(
    ("api", "args"),
    [
        ("/api/v1/releases", ["releases"]),
        ("/api/v1/releases?year=2025", ["releases", "--year", "2025"]),
        ("/api/v1/releases?org=dragon&openness=open", ["releases", "--org", "dragon", "--open"]),
        ("/api/v1/releases?org=eagle", ["releases", "--org", "eagle"]),
        ("/api/v1/releases?country=us&tier=api", ["releases", "--country", "us", "--tier", "api"]),
        ("/api/v1/releases?modality=language&year=2025", ["releases", "--modality", "language", "--year", "2025"]),
        ("/api/v1/releases?from=2025-03-01&to=2025-03-31", ["releases", "--year", "2025", "--org", "dragon", "--open"]),
        ("/api/v1/leaderboard?year=2025", ["leaderboard", "--year", "2025"]),
        (
            "/api/v1/leaderboard?year=2025&by=group&unit=artifacts",
            ["leaderboard", "-y", "2025", "--by", "group", "--unit", "artifacts"],
        ),
        ("/api/v1/leaderboard?by=country&unit=days", ["leaderboard", "--by", "country", "--unit", "days"]),
        # the leaderboard takes every release filter the releases listing takes
        ("/api/v1/leaderboard?year=2025&openness=open", ["leaderboard", "--year", "2025", "--open"]),
        ("/api/v1/leaderboard?year=&org=&country=CN", ["leaderboard", "--country", "CN"]),
        ("/api/v1/organizations", ["orgs"]),
    ],
)
def test_api_rows_are_the_cli_rows(server: Server, api: str, args: list[str]) -> None:
    got = server.get(api)
    assert got.status == 200
    body: Any = got.json()
    assert body["rows"] == json.loads(cli(server, *args, "-f", "json"))
    assert body["count"] == len(body["rows"])


@pytest.mark.parametrize(
    ("api", "args"),
    [
        ("/api/v1/releases?year=2025&format=csv", ["releases", "--year", "2025"]),
        ("/api/v1/leaderboard?by=group&format=csv", ["leaderboard", "--by", "group"]),
        ("/api/v1/organizations?format=csv", ["orgs"]),
    ],
)
def test_csv_is_the_cli_csv(server: Server, api: str, args: list[str]) -> None:
    got = server.get(api)
    assert got.status == 200
    assert got.headers["content-type"].startswith("text/csv")
    assert got.text.rstrip("\n") == cli(server, *args, "-f", "csv").rstrip("\n")


def test_every_response_names_the_data_version(server: Server) -> None:
    body: Any = server.get("/api/v1/releases?year=2025").json()
    version = body["data_version"]
    assert len(version) == 16
    assert [s["source"] for s in body["snapshots"]] == ["registry"]
    assert (body["snapshots"][0]["digest"], body["snapshots"][0]["digest_kind"]) == (version, "data-version")
    assert "path" not in body["snapshots"][0]  # no local path leaks
    for path in ("/api/v1/releases?format=csv", "/", "/releases", "/api/v1/releases?year=x", "/nowhere"):
        got = server.get(path)
        assert got.headers["x-data-version"] == version, path
        assert got.headers["x-data-snapshots"] == f"registry:{version[:12]}", path


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        (
            "/api/v1/releases?year=abc",
            400,
            "year: Input should be a valid integer, unable to parse string as an integer",
        ),
        (
            "/api/v1/releases?org=dragn",
            400,
            "unknown organization 'dragn' (did you mean 'dragon'?); see `modelwatch orgs`",
        ),
        ("/api/v1/releases?country=China", 400, "--country takes ISO 3166-1 alpha-2 codes: use CN for 'China'"),
        (
            "/api/v1/releases?tier=free",
            400,
            "unknown tier 'free'; one of api, hosted, open_noncommercial, open_restricted, open_unrestricted, "
            "unknown, unreleased",
        ),
        ("/api/v1/releases?openness=ajar", 400, "openness must be one of open, closed, unknown, not 'ajar'"),
        ("/api/v1/releases?year=1990", 400, "the registry covers 2024-01-01 to 2025-12-31; 1990 lies outside it"),
        (
            "/api/v1/releases?sort=secret",
            400,
            "sort must be one of date, name, org, country, tier, license, modality, artifacts, not 'secret'",
        ),
        ("/api/v1/leaderboard?by=planet", 400, "by: String should match pattern '^(org|group|country)$'"),
        ("/api/v1/leaderboard?unit=tokens", 400, "unit: String should match pattern '^(releases|artifacts|days)$'"),
        ("/api/v1/releases?format=xml", 400, "format: String should match pattern '^(json|csv)$'"),
        ("/api/v1/releases/no-such-release", 404, "no release has the id 'no-such-release'; see /releases"),
        ("/api/v1/organizations/..%2F..%2Fetc%2Fpasswd", 404, "Not Found"),
        ("/api/v1/organizations/..", 404, "no organization has the id '..'; see /organizations"),
        ("/api/v1/nothing", 404, "Not Found"),
    ],
)
def test_bad_parameters_get_one_line(server: Server, path: str, status: int, message: str) -> None:
    got = server.get(path)
    assert got.status == status
    assert got.json() == {"error": message, "status": status}


def test_search_sort_and_detail(server: Server) -> None:
    body: Any = server.get("/api/v1/releases?q=dragon-2-32b&sort=name&order=desc").json()
    assert [r["id"] for r in body["rows"]] == ["dragon-2"]  # found by a member id
    body = server.get("/api/v1/releases?year=2025&sort=artifacts&order=desc").json()
    assert [r["artifacts"] for r in body["rows"]] == [4, 2, 2, 1, 1, 1]
    one: Any = server.get("/api/v1/releases/dragon-2").json()
    assert one["release"]["date"] == "2025-03-10"
    assert one["license"]["id"] == "Apache-2.0"
    assert len(one["members"]) == 4
    org: Any = server.get("/api/v1/organizations/dragon").json()
    assert [(y["year"], y["releases"], y["artifacts"], y["days"]) for y in org["per_year"]] == [
        (2024, 1, 1, 1),
        (2025, 3, 6, 2),
    ]


def test_openapi_schema_is_served(server: Server) -> None:
    schema: Any = server.get("/api/v1/openapi.json").json()
    assert {"/api/v1/releases", "/api/v1/leaderboard", "/api/v1/organizations"} <= set(schema["paths"])
    assert all(p.startswith("/api/v1/") for p in schema["paths"])


def test_the_store_is_only_read(server: Server) -> None:
    store = server.home / "modelwatch.duckdb"
    before = store.stat().st_mtime_ns
    for path in ("/api/v1/releases?year=2024", "/api/v1/leaderboard?by=country", "/releases?q=eagle"):
        assert server.get(path).status == 200
    assert store.stat().st_mtime_ns == before


FILTERS = ["year", "org", "group", "country", "tier", "openness", "modality", "from", "to"]


@pytest.mark.parametrize(
    ("path", "own"),
    [("/api/v1/releases", ["q", "sort", "order", "format"]), ("/api/v1/leaderboard", ["by", "unit", "format"])],
)
def test_the_schema_offers_the_release_filters_once_described(server: Server, path: str, own: list[str]) -> None:
    schema: Any = server.get("/api/v1/openapi.json").json()
    params = schema["paths"][path]["get"]["parameters"]
    assert [p["name"] for p in params] == [*own, *FILTERS]
    assert all(p.get("description") for p in params if p["name"] in FILTERS)
    year = next(p for p in params if p["name"] == "year")["schema"]["anyOf"][0]
    assert (year["type"], year["minimum"], year["maximum"]) == ("integer", 1, 9999)


def test_a_huge_bad_value_is_named_not_echoed_whole(server: Server) -> None:
    got = server.get("/api/v1/releases?org=" + "x" * 10_000)
    assert got.status == 400
    body: Any = got.json()
    assert body["error"].startswith("unknown organization 'xxxx") and len(got.body) < 400
