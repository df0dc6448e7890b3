from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from modelwatch.sources import _http
from modelwatch.sources._http import NetworkError, PoliteTransport, RetryPolicy, backoff, retry_after
from tests.conftest import Run


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "30"}, 30.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),
        ({"ratelimit": '"api";r=0;t=55'}, 55.0),
        ({"ratelimit": '"api";r=12;t=55'}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    import email.utils

    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    assert retry_after(headers, now=now) == seconds


@pytest.mark.parametrize(
    ("attempt", "headers", "wait"),
    [
        (1, None, 1.0),
        (3, None, 4.0),
        (9, None, 120.0),
        (1, {"retry-after": "7"}, 7.0),
        (1, {"retry-after": "999"}, 120.0),
    ],
)
def test_backoff_is_exponential_capped_and_honours_retry_after(
    attempt: int, headers: dict[str, str] | None, wait: float
) -> None:
    assert backoff(attempt, headers, RetryPolicy()) == wait


def _transport(statuses: list[int], headers: dict[str, str] | None = None) -> tuple[PoliteTransport, list[int]]:
    import httpx2

    calls: list[int] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        status = statuses[min(len(calls), len(statuses)) - 1]
        return httpx2.Response(status, headers=headers or {}, content=b"[]")

    return PoliteTransport(httpx2.MockTransport(handle), RetryPolicy(max_retries=3, min_interval=0)), calls


def test_429_then_200_waits_as_told(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    polite, calls = _transport([429, 200], {"Retry-After": "7"})
    with httpx2.Client(transport=polite) as client:  # type: ignore[arg-type]
        assert client.get("https://hub.test/api/models").status_code == 200
    assert (len(calls), waits) == (2, [7.0])


def test_gives_up_with_one_line_after_the_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    polite, calls = _transport([503])
    with httpx2.Client(transport=polite) as client, pytest.raises(NetworkError, match="HTTP 503 after 4 attempts"):  # type: ignore[arg-type]
        client.get("https://hub.test/api/models")
    assert (len(calls), waits) == (4, [1.0, 2.0, 4.0])


# ------------------------------------------------------------------ every fault, through the command line

# What a user sees when the server misbehaves, for both kinds of request modelwatch makes (a
# catalogue download, a Hub listing): the exit code, the one line (after the URL it names), the
# requests the server got, the waits asked for (the shortened policy below), and whether the store
# changed. A fault got past stores what the server finally sent; a fault stopped at stores nothing.
RETRY_AFTER_LONG = ": HTTP 429; waiting 100 s more would pass the 60 s deadline; try again later"
FAULTS = [
    # fault, exit code, the line ends with (None: no error), requests served, waits asked for
    ("ok", 0, None, 1, []),
    ("503-then-200", 0, None, 2, [1.0]),
    ("429-then-200", 0, None, 2, [3.0]),
    ("reset-then-200", 0, None, 2, [1.0]),
    ("401", 2, ": HTTP 401", 1, []),
    ("503-always", 2, ": HTTP 503 after 6 attempts; try again later", 6, [1.0, 2.0, 4.0, 8.0, 16.0]),
    ("stall", 2, ": ReadTimeout: timed out after 6 attempts; try again later", 6, [1.0, 2.0, 4.0, 8.0, 16.0]),
    ("oversize", 2, ": the answer has 65,536 bytes, more than 16,384; stopped", 1, []),
    ("oversize-undeclared", 2, ": the answer has more than 16,384 bytes; stopped", 1, []),
    ("oversize-gzip", 2, ": the answer has more than 16,384 bytes; stopped", 1, []),
    ("retry-after-long", 2, RETRY_AFTER_LONG, 1, []),
    ("offline", 2, ": offline mode is on (HF_HUB_OFFLINE); nothing was fetched", 0, []),
]
# A stalled answer is given up after 0.2 s of silence (30 s in use): six attempts cost about a second.
SHORT = _http.RetryPolicy(min_interval=0, read_timeout=0.2, deadline=5.0, total=60.0, max_bytes=16 * 1024)
CATALOGUE = Path(__file__).resolve().parents[1] / "fixtures" / "catalogues" / "openrouter" / "models.json"
COMMANDS = {"download": ("import", "openrouter", "--download"), "hub": ("sync", "hub", "--org", "eagle-lab")}


def _stored(home: Path) -> tuple[int, int, dict[str, bytes]]:
    """Catalogue snapshots, Hub syncs, downloaded files."""
    import duckdb

    con = duckdb.connect(str(home / "modelwatch.duckdb"), read_only=True)
    try:
        snapshots = con.execute("SELECT count(*) FROM catalogue_imports").fetchall()[0][0]
        syncs = con.execute("SELECT count(*) FROM hub_syncs").fetchall()[0][0]
    finally:
        con.close()
    folder = home / "catalogues"
    files = {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()} if folder.exists() else {}
    return snapshots, syncs, files


@pytest.mark.parametrize("command", ["download", "hub"])
@pytest.mark.parametrize(("fault", "code", "ends", "requests", "waits"), FAULTS)
def test_a_fault_is_got_past_or_is_one_line_and_stores_nothing(
    env: Path,
    mw: Callable[..., Run],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    command: str,
    fault: str,
    code: int,
    ends: str | None,
    requests: int,
    waits: list[float],
) -> None:
    import modelwatch.sources.openrouter as openrouter
    from tests.sources.badhub import BadHub, serve

    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    asked: list[float] = []
    monkeypatch.setattr(_http, "sleep", asked.append)
    monkeypatch.setattr(_http, "POLICY", SHORT)
    assert mw("build").code == 0
    before = _stored(env)
    store = (env / "modelwatch.duckdb").read_bytes()
    server = BadHub(fault if fault != "offline" else "ok", {"/openrouter/models.json": CATALOGUE.read_bytes()})
    with serve(server) as base:
        url = f"{base}/openrouter/models.json"
        monkeypatch.setattr(openrouter, "URL", url)
        monkeypatch.setenv("HF_ENDPOINT", base)
        if fault == "offline":
            monkeypatch.setenv("HF_HUB_OFFLINE", "1")
        started = time.monotonic()
        r = mw(*COMMANDS[command])
        elapsed = time.monotonic() - started
    assert (r.code, len(server.requests), asked) == (code, requests, waits), r.err
    assert elapsed < 15
    if ends is None:
        assert "error" not in r.err
        assert _stored(env) == (
            (1, 0, {f"{dt.date.today().isoformat()}-models.json": CATALOGUE.read_bytes()})
            if command == "download"
            else (0, 1, {})
        )
        return
    lines = r.err.splitlines()
    assert len(lines) == 1, r.err
    if command == "download":
        assert lines[0] == (
            f"modelwatch: error: cannot download OpenRouter ({url}{ends}); "
            "download it yourself and run `modelwatch import openrouter PATH`"
        )
    else:
        assert lines[0].startswith(f"modelwatch: error: {base}/api/models?author=eagle&") and lines[0].endswith(ends)
    assert (_stored(env), (env / "modelwatch.duckdb").read_bytes() == store) == (before, True)


@pytest.mark.parametrize(
    ("variables", "refused"),
    [
        ({}, False),
        ({"HF_HUB_OFFLINE": "1"}, True),
        ({"HF_HUB_OFFLINE": "yes"}, True),
        ({"HF_HUB_OFFLINE": "0"}, False),
        ({"TRANSFORMERS_OFFLINE": "TRUE"}, True),
    ],
)
def test_offline_mode_is_read_as_the_hub_library_reads_it(
    monkeypatch: pytest.MonkeyPatch, variables: dict[str, str], refused: bool
) -> None:
    for name in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    assert _http.offline() is refused
