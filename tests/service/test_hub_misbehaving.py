"""Sync against a misbehaving Hub: every behaviour ends in one line and exit 2, within a deadline,
after a bounded number of requests, with the store exactly as it was."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from modelwatch.sources import _http
from tests.conftest import Run
from tests.sources.badhub import BadHub, serve

Mw = Callable[..., Run]

NOT_A_PAGE = "the answer is not a page of models"


@pytest.fixture
def hub_cli(env: Path, mw: Mw, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[float]:
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    # The deadlines of the real policy, shortened so the test takes seconds.
    monkeypatch.setattr(_http, "POLICY", _http.RetryPolicy(min_interval=0, deadline=1.5, max_pages=25))
    assert mw("build").code == 0
    return waits


def _store_bytes(home: Path) -> bytes:
    return (home / "modelwatch.duckdb").read_bytes()


SHORT_DEADLINE = {"trickle": 0.3}


@pytest.mark.parametrize(
    ("behaviour", "message", "max_requests"),
    [
        ("truncated-json", NOT_A_PAGE, 1),
        ("html", NOT_A_PAGE, 1),
        ("binary", NOT_A_PAGE, 1),
        ("null", NOT_A_PAGE, 1),
        ("object", NOT_A_PAGE, 1),
        ("number", NOT_A_PAGE, 1),
        ("list-of-numbers", NOT_A_PAGE, 1),
        ("bad-date", NOT_A_PAGE, 1),
        ("count-beyond-int64", NOT_A_PAGE, 1),  # was a failed write after the sync: "run build --force"
        ("count-negative", NOT_A_PAGE, 1),
        ("count-text", NOT_A_PAGE, 1),
        ("empty", NOT_A_PAGE, 1),
        ("surrogate", NOT_A_PAGE, 1),
        ("short-body", "RemoteProtocolError", 6),  # modelwatch's 5 retries, then one line; the library adds none
        ("trickle", "the answer took longer than 0.3 s", 6),
        ("link-self", "was already fetched in this session (a next-page link or a redirect loops)", 1),
        ("link-cycle", "was already fetched in this session (a next-page link or a redirect loops)", 2),
        ("link-endless", "a listing ran past 25 pages", 25),
        ("redirect-self", "was already fetched in this session (a next-page link or a redirect loops)", 1),
        ("redirect-cycle", "was already fetched in this session (a next-page link or a redirect loops)", 2),
        ("retry-after-huge", "HTTP 429: the server asks to wait 100000 s (more than 120); try again later", 1),
    ],
)
def test_a_misbehaving_hub_is_one_line_and_changes_nothing(
    hub_cli: list[float],
    env: Path,
    mw: Mw,
    monkeypatch: pytest.MonkeyPatch,
    behaviour: str,
    message: str,
    max_requests: int,
) -> None:
    if behaviour in SHORT_DEADLINE:  # six answers that each take the whole deadline: a short one proves it
        monkeypatch.setattr(_http, "POLICY", _http.RetryPolicy(min_interval=0, deadline=SHORT_DEADLINE[behaviour]))
    before = _store_bytes(env)
    hub = BadHub(behaviour)
    with serve(hub) as endpoint:
        monkeypatch.setenv("HF_ENDPOINT", endpoint)
        started = time.monotonic()
        r = mw("sync", "hub", "--org", "eagle-lab")
        elapsed = time.monotonic() - started
    assert r.code == 2, r.err
    lines = r.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("modelwatch: error: "), r.err
    assert message in lines[0]
    assert "Traceback" not in r.err
    assert 1 <= len(hub.requests) <= max_requests
    assert max(hub_cli, default=0) <= 120
    assert elapsed < 30
    assert _store_bytes(env) == before


def test_no_network_fails_at_once_and_says_so(
    hub_cli: list[float], env: Path, mw: Mw, monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    with socket.socket() as s:  # a port that nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{port}")
    started = time.monotonic()
    r = mw("sync", "hub", "--org", "eagle-lab")
    assert (r.code, len(r.err.splitlines())) == (2, 1)
    assert r.err.startswith(f"modelwatch: error: http://127.0.0.1:{port}/api/models?author=eagle&")
    assert ": cannot connect (" in r.err
    assert r.err.rstrip().endswith("this command needs the network")
    assert (hub_cli, time.monotonic() - started < 5) == ([], True)


def test_an_empty_namespace_never_lists_the_whole_hub() -> None:
    from modelwatch.errors import ModelwatchError
    from modelwatch.sources.hub import iter_namespaces, list_namespace

    assert list(iter_namespaces({"x": ["deepseek-ai", "", " "]})) == [("x", "deepseek-ai")]
    with pytest.raises(ModelwatchError, match=r"organization x: an empty Hub namespace; fix aliases\.hub"):
        list_namespace("", "x", api=object())


@pytest.mark.parametrize(
    ("behaviour", "timeout", "message"),
    [
        # every header line after 2 s: each read is cut to what is left of the run, retries come at once (no sleep):
        # without the run's deadline one namespace took 6 attempts of a second each, per namespace
        ("slow-headers", "0.6", "the whole run's 0.6 s (--timeout)"),
        # a body trickling a byte every 50 ms: the run's deadline ends it, not the answer's own 1.5 s
        ("trickle", "0.5", "the whole run's 0.5 s (--timeout)"),
    ],
)
def test_a_sync_ends_within_its_stated_deadline_and_says_what_it_waited_for(
    hub_cli: list[float], env: Path, mw: Mw, monkeypatch: pytest.MonkeyPatch, behaviour: str, timeout: str, message: str
) -> None:
    monkeypatch.setattr(_http, "POLICY", _http.RetryPolicy(min_interval=0, read_timeout=1.0, deadline=1.5))
    before = _store_bytes(env)
    hub = BadHub(behaviour)
    with serve(hub) as endpoint:
        monkeypatch.setenv("HF_ENDPOINT", endpoint)
        started = time.monotonic()
        r = mw("sync", "hub", "--org", "eagle-lab", "--timeout", timeout)
        elapsed = time.monotonic() - started
        hub.released.set()
    lines = r.err.splitlines()
    assert (r.code, len(lines)) == (2, 1), r.err
    assert message in lines[0], lines[0]
    assert elapsed < float(timeout) + 1.5
    assert _store_bytes(env) == before


def test_a_page_of_three_hundred_thousand_models_is_refused_before_it_is_parsed(
    hub_cli: list[float], env: Path, mw: Mw, monkeypatch: pytest.MonkeyPatch
) -> None:
    import resource

    before = _store_bytes(env)
    with serve(BadHub("huge-page")) as endpoint:
        monkeypatch.setenv("HF_ENDPOINT", endpoint)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        r = mw("sync", "hub", "--org", "eagle-lab")
        grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak  # KiB
    assert r.code == 2 and "more than 33,554,432; stopped" in r.err, r.err
    assert grown < 200 * 1024  # the page is refused on its declared size, never held whole and parsed
    assert _store_bytes(env) == before
