"""The server's limits on a real loopback server: slow clients are cut off, a client that goes away is no
traceback, a port whose server just stopped is free again, and a browser's icon request is answered."""

from __future__ import annotations

import contextlib
import logging
import socket
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.web.conftest import Server, start


@pytest.fixture(scope="module")
def quick(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose header deadline is one second (serve's is modelwatch.web.server.HEADER_TIMEOUT)."""
    yield from start(tmp_path_factory.mktemp("web-limits"), FIXTURES / "registry", header_timeout=1.0)


def _port(server: Server) -> int:
    return int(server.base.rsplit(":", 1)[1])


def test_clients_sending_headers_a_byte_at_a_time_are_cut_off(quick: Server) -> None:
    slow = []
    for _ in range(30):
        s = socket.create_connection(("127.0.0.1", _port(quick)), timeout=5)
        s.sendall(b"GET /api/v1/organizations HT")  # and then nothing more, as a slowloris client
        slow.append(s)
    started = time.monotonic()
    closed = 0
    for s in slow:
        s.settimeout(max(0.1, 5 - (time.monotonic() - started)))
        with contextlib.suppress(TimeoutError):
            closed += s.recv(1) == b""
        s.close()
    assert closed == 30
    assert time.monotonic() - started < 4  # closed after about the one-second deadline
    assert quick.get("/api/v1/organizations").status == 200  # and the server still answers


def test_a_client_that_goes_away_mid_upload_is_no_traceback(quick: Server, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING)
    s = socket.create_connection(("127.0.0.1", _port(quick)), timeout=5)
    s.sendall(b"POST /api/v1/claims/check HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n[[claim]]\n")
    s.close()  # 4,990 bytes short
    time.sleep(0.5)
    assert quick.get("/api/v1/organizations").status == 200
    assert [r.getMessage() for r in caplog.records if r.exc_info or "Exception" in r.getMessage()] == []


def test_the_icon_a_browser_asks_for_is_answered(quick: Server) -> None:
    got = quick.get("/favicon.ico")
    assert (got.status, got.headers["Content-Type"]) == (200, "image/svg+xml")
    assert got.body.startswith(b"<svg")


def test_a_port_whose_server_just_stopped_can_be_served_again(tmp_path: Path) -> None:
    from modelwatch.cli.serve import _can_listen

    for server in start(tmp_path / "home", FIXTURES / "registry"):
        port = _port(server)
        with urllib.request.urlopen(server.base + "/api/v1/organizations", timeout=10) as r:
            assert r.status == 200
    _can_listen("127.0.0.1", port)  # no "Address already in use" for connections left in TIME_WAIT
