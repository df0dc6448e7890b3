"""A real server on loopback over a fixture registry: uvicorn in a thread, the app as `serve` builds it."""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.message import Message
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, held_environment

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")


@dataclass
class Reply:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def json(self) -> object:
        import json

        return json.loads(self.body)


@dataclass
class Server:
    base: str
    home: Path
    data: Path

    def get(self, path: str) -> Reply:
        try:
            with urllib.request.urlopen(self.base + path, timeout=10) as r:
                return Reply(r.status, r.headers, r.read())
        except urllib.error.HTTPError as e:
            return Reply(e.code, e.headers, e.read())


def cli(server: Server, *args: str, codes: tuple[int, ...] = (0,)) -> str:
    """The real command line on the server's store, in-process (what the server reads, the command reads)."""
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from tests.conftest import call_main

    out, err = StringIO(), StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv("MODELWATCH_HOME", str(server.home))
        monkeypatch.setenv("MODELWATCH_DATA", str(server.data))
        with redirect_stdout(out), redirect_stderr(err):
            code = call_main(args, monkeypatch)
    assert code in codes, err.getvalue()
    return out.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(
    home: Path, data: Path, prepare: Callable[[], object] | None = None, header_timeout: float = 10.0
) -> Iterator[Server]:
    import uvicorn

    with held_environment({"MODELWATCH_HOME": str(home), "MODELWATCH_DATA": str(data)}):
        from modelwatch.web.app import create_app

        if prepare is not None:  # imports into the store before the server opens it
            prepare()

        from modelwatch.web.server import config

        port = _free_port()
        # the limits `serve` uses (modelwatch.web.server), the header deadline short enough to test
        server = uvicorn.Server(
            config(create_app(claims_dir=FIXTURES / "claims"), "127.0.0.1", port, header_timeout=header_timeout)
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.started, "the test server did not start within 10 s"
        try:
            yield Server(f"http://127.0.0.1:{port}", home, data)
        finally:
            server.should_exit = True
            thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("web-home"), FIXTURES / "registry")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    yield from start(tmp_path_factory.mktemp("web-hostile"), FIXTURES / "hostile")
