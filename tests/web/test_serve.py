"""`modelwatch serve` on the command line: refusals are one line with exit 2."""

from __future__ import annotations

import socket
from collections.abc import Callable

import pytest

from tests.conftest import Run

Mw = Callable[..., Run]


def test_a_port_in_use_is_one_line(mw: Mw) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        r = mw("serve", "--port", str(port))
    assert r.code == 2
    assert r.err == f"modelwatch: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--port", "0"], "--port must be between 1 and 65535, not 0"),
        (["--port", "70000"], "--port must be between 1 and 65535, not 70000"),
    ],
)
def test_bad_options_are_one_line(mw: Mw, args: list[str], message: str) -> None:
    r = mw("serve", *args)
    assert (r.code, r.err) == (2, f"modelwatch: error: {message}\n")
