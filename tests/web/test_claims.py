"""Claims on the site and in the API: the CLI's verdicts, the releases behind each claim, pasted files."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.web.conftest import Reply, Server, cli

CLAIMS = FIXTURES / "claims" / "fixture-claims.toml"


def post(server: Server, path: str, data: bytes, kind: str) -> Reply:
    req = urllib.request.Request(server.base + path, data=data, headers={"content-type": kind}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            return Reply(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Reply(e.code, e.headers, e.read())


def test_claim_set_verdicts_are_the_cli_verdicts(server: Server) -> None:
    got: Any = server.get("/api/v1/claims/fixture-claims").json()
    # exit 1: some claims of the fixture set are undecidable
    assert got["claims"] == json.loads(cli(server, "check", str(CLAIMS), "-f", "json", codes=(1,)))
    assert got["data_version"]


def test_the_claims_page_shows_every_setting_and_links_the_releases(server: Server) -> None:
    html = server.get("/claims/fixture-claims").text
    assert "depends: true in releases/lab, artifacts/lab, artifacts/group; false in days/lab" in html
    assert "3 vs next eagle-lab 2" in html  # releases/lab, where it holds
    assert '<a href="/claims/fixture-claims/dragon-leads">the releases behind it</a>' in html
    evidence = server.get("/claims/fixture-claims/dragon-leads").text
    assert '<a href="/releases/dragon-2">Dragon 2</a>' in evidence
    assert '<a href="/releases/dragon-max">Dragon Max</a>' in evidence


def test_pasted_claims_are_judged(server: Server) -> None:
    text = CLAIMS.read_text(encoding="utf-8")
    api: Any = post(server, "/api/v1/claims/check", text.encode(), "text/plain").json()
    assert [c["id"] for c in api["claims"]][:3] == ["cn-more-open", "dragon-leads", "eagle-handful-open"]
    page = post(
        server, "/claims", urllib.parse.urlencode({"claims": text}).encode(), "application/x-www-form-urlencoded"
    )
    assert page.status == 200
    assert "eagle-lab: 1 &lt;= 5; dragon: 2 &lt;= 5" in page.text
    assert "Dragon leads in 2025." in page.text  # the pasted text stays in the form


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        (
            "/api/v1/claims/check",
            b"not = [toml",
            400,
            "pasted claims: not valid TOML: Invalid value (at line 1, column 8)",
        ),
        (
            "/api/v1/claims/check",
            b'[[claim]]\nid = "x"\n',
            400,
            "pasted claims: claim x: text: Field required; metric: Field required; subject: Field required; "
            "period: Field required; op: Field required",
        ),
        ("/api/v1/claims/check", b"\xff\xfe", 400, "pasted claims: not UTF-8 text"),
        ("/api/v1/claims/check", b"x" * 200_001, 400, "pasted claims: larger than 200 kB"),
    ],
)
def test_bad_claims_files_get_one_line(server: Server, path: str, body: bytes, status: int, message: str) -> None:
    got = post(server, path, body, "text/plain")
    assert got.status == status
    assert got.json() == {"error": message, "status": status}


@pytest.mark.parametrize(
    ("path", "status", "message"),
    [
        ("/api/v1/claims/..%2F..%2Fpyproject", 404, "Not Found"),
        ("/api/v1/claims/pyproject", 404, "no claim set 'pyproject'; the sets are fixture-claims"),
        ("/api/v1/claims/fixture-claims.toml", 404, "no claim set 'fixture-claims.toml'; the sets are fixture-claims"),
    ],
)
def test_claim_sets_are_a_fixed_list(server: Server, path: str, status: int, message: str) -> None:
    got = server.get(path)
    assert got.status == status
    assert got.json() == {"error": message, "status": status}


def test_an_unknown_claim_names_its_set_not_a_path(server: Server) -> None:
    got = server.get("/claims/fixture-claims/nope")
    assert got.status == 400
    assert "fixture-claims: no claim &#39;nope&#39;; claims are cn-more-open" in got.text
    assert str(CLAIMS) not in got.text
