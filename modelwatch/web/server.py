"""The HTTP server's limits: how long a client may take to send a request, how many may be connected.

`serve` and the tests start the app through `config`, so the limits that are tested are the ones served.
uvicorn times out idle keep-alive connections but not a client that sends its headers a byte at a time:
each such client would hold a connection open for as long as it likes, so a few hundred would fill the
server. The protocol below closes a connection whose first request has not arrived in full in time.
"""

from __future__ import annotations

import asyncio
from typing import Any

HEADER_TIMEOUT = 10.0  # seconds a new connection has to send its request line and headers
KEEP_ALIVE_TIMEOUT = 5.0  # seconds an idle keep-alive connection stays open
MAX_CONNECTIONS = 200  # beyond this many at once a request is answered 503, not queued


def _base_protocol() -> type[asyncio.Protocol]:
    """The HTTP protocol uvicorn would pick ("auto"): httptools when installed, else h11."""
    try:
        import httptools  # noqa: F401
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

        return HttpToolsProtocol
    except ImportError:
        from uvicorn.protocols.http.h11_impl import H11Protocol

        return H11Protocol


def protocol(header_timeout: float) -> type[asyncio.Protocol]:
    """uvicorn's HTTP protocol, closing a connection whose first request is not in within `header_timeout`."""
    base: Any = _base_protocol()

    class Deadlined(base):  # type: ignore[misc, valid-type]
        def connection_made(self, transport: asyncio.Transport) -> None:
            super().connection_made(transport)
            self._too_slow = self.loop.call_later(header_timeout, self._close_if_no_request)

        def _close_if_no_request(self) -> None:
            # `cycle` is the request being answered: None until a request line and its headers are in
            if self.cycle is None and not self.transport.is_closing():
                self.transport.close()

        def connection_lost(self, exc: Exception | None) -> None:
            self._too_slow.cancel()
            super().connection_lost(exc)

    return Deadlined


def config(app: Any, host: str, port: int, header_timeout: float = HEADER_TIMEOUT) -> Any:
    """The uvicorn configuration modelwatch serves with (`serve`, and the tests' servers)."""
    import uvicorn

    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        http=protocol(header_timeout),
        timeout_keep_alive=int(KEEP_ALIVE_TIMEOUT),
        limit_concurrency=MAX_CONNECTIONS,
    )
