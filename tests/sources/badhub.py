"""A misbehaving server over real HTTP on 127.0.0.1: every way a server has been seen to go wrong.

Each behaviour answers `/api/models` (a page of the Hub) and the paths of `files` (a catalogue's
file); other paths get 404. The real `huggingface_hub` client and modelwatch's transport run
unchanged against it.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hub"
PAGE = (FIXTURES / "models-author-eagle.json").read_bytes()


def _surrogate() -> bytes:
    rows = json.loads(PAGE)
    rows[0]["tags"].append("license:\ud83d")
    rows[0]["id"] = "eagle/eagle-\udc00"
    return json.dumps(rows).encode()


def _bad_date() -> bytes:
    rows = json.loads(PAGE)
    rows[0]["createdAt"] = "the day before yesterday"
    return json.dumps(rows).encode()


def _count(value: object) -> bytes:
    rows = json.loads(PAGE)
    rows[0]["downloads"] = value
    return json.dumps(rows).encode()


# behaviour -> what the server does; bodies are served with a correct Content-Length unless said
BODIES = {
    "truncated-json": PAGE[: len(PAGE) // 2],
    "html": b"<!doctype html><html><body><h1>502 Bad Gateway</h1></body></html>",
    "binary": bytes(range(256)) * 4,
    "null": b"null",
    "object": b'{"error": "Invalid credentials", "models": []}',
    "number": b"42",
    "list-of-numbers": b"[1, 2, 3]",
    "bad-date": _bad_date(),
    "count-beyond-int64": _count(2**64),
    "count-negative": _count(-5),
    "count-text": _count("12k"),
    "surrogate": _surrogate(),
    "empty": b"",
}
# faults a transport should get past or stop at: the first answer fails and the next are right,
# or every answer fails, or the body stalls or is too big (see tests/sources/test_http.py)
RECOVERABLE = ("503-then-200", "429-then-200", "reset-then-200")
FAULTS = (
    *RECOVERABLE,
    "ok",
    "401",
    "503-always",
    "stall",
    "oversize",
    "oversize-undeclared",
    "oversize-gzip",
    "retry-after-long",
)
OVERSIZE = 64 * 1024
BEHAVIOURS = (
    *BODIES,
    *FAULTS,
    "short-body",
    "trickle",
    "link-self",
    "link-cycle",
    "link-endless",
    "redirect-self",
    "redirect-cycle",
    "retry-after-huge",
    "slow-headers",
    "huge-page",
)
HEADER_GAP = 2.0  # seconds between two header lines of "slow-headers" (longer than the tests' read timeout)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], OSError):  # a client hanging up early is what the tests do
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class BadHub:
    def __init__(self, behaviour: str, files: dict[str, bytes] | None = None):
        assert behaviour in BEHAVIOURS, behaviour
        self.behaviour = behaviour
        self.files = files or {}
        self.requests: list[str] = []
        self.base = ""
        self.released = threading.Event()  # set when the server stops: a stalled answer ends then


@contextmanager
def serve(hub: BadHub) -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None, length: int = -1) -> None:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body) if length < 0 else length))
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()

        def do_GET(self) -> None:
            body = hub.files.get(self.path, PAGE if self.path.startswith("/api/models") else None)
            if body is None:
                self._send(404, b'{"error": "not found"}')
                return
            hub.requests.append(self.path)
            b = hub.behaviour
            here = f"{hub.base}{self.path}"
            n = len(hub.requests)
            if b in FAULTS:
                self._fault(b, n, body)
            elif b in BODIES:
                self._send(200, BODIES[b])
            elif b == "short-body":
                self._send(200, PAGE[:100], length=len(PAGE))
                self.close_connection = True
            elif b == "trickle":
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                try:
                    for i in range(len(PAGE)):
                        self.wfile.write(PAGE[i : i + 1])
                        self.wfile.flush()
                        time.sleep(0.05)
                except OSError:
                    return
            elif b == "link-self":
                self._send(200, PAGE, {"Link": f'<{here}>; rel="next"'})
            elif b == "link-cycle":
                other = here.replace("&cursor=B", "") if "cursor=B" in here else here + "&cursor=B"
                self._send(200, PAGE, {"Link": f'<{other}>; rel="next"'})
            elif b == "link-endless":
                base = here.split("&cursor=")[0]
                self._send(200, b"[]", {"Link": f'<{base}&cursor={n}>; rel="next"'})
            elif b == "redirect-self":
                self._send(302, b"", {"Location": here})
            elif b == "redirect-cycle":
                other = here.replace("&hop=1", "") if "hop=1" in here else here + "&hop=1"
                self._send(302, b"", {"Location": other})
            elif b == "retry-after-huge":
                self._send(429, b'{"error": "slow down"}', {"Retry-After": "100000"})
            elif b == "slow-headers":  # each header line long after the one before, for ever
                try:
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    self.wfile.flush()
                    for i in range(1000):
                        if hub.released.wait(HEADER_GAP):
                            return
                        self.wfile.write(f"X-Slow-{i}: 1\r\n".encode())
                        self.wfile.flush()
                except OSError:
                    return
            elif b == "huge-page":  # one page of 300,000 models, far more than any real page holds
                one = (
                    b'{"id": "eagle/m%d", "createdAt": "2025-01-01T00:00:00.000Z", "downloads": 1, '
                    b'"likes": 0, "tags": ["text-generation", "safetensors"], "library_name": "transformers"},'
                )
                body = b"[" + b"".join(one.replace(b"%d", str(i).encode()) for i in range(300_000))[:-1] + b"]"
                self._send(200, body)

        def _fault(self, b: str, n: int, body: bytes) -> None:
            if b == "ok" or (b in RECOVERABLE and n > 1):
                self._send(200, body)
            elif b == "401":
                self._send(401, b'{"error": "Invalid credentials"}')
            elif b in ("503-then-200", "503-always"):
                self._send(503, b'{"error": "unavailable"}')
            elif b == "429-then-200":
                self._send(429, b'{"error": "slow down"}', {"Retry-After": "3"})
            elif b == "retry-after-long":
                self._send(429, b'{"error": "slow down"}', {"Retry-After": "100"})
            elif b == "reset-then-200":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)  # the request was read; no answer comes
            elif b == "stall":
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                hub.released.wait(10)  # the rest never comes while the client waits
                self.close_connection = True
            elif b == "oversize":
                self._send(200, b" " * OVERSIZE)
            elif b == "oversize-gzip":  # a few hundred bytes that unpack to more than the cap
                self._send(200, gzip.compress(b" " * OVERSIZE), {"Content-Encoding": "gzip"})
            elif b == "oversize-undeclared":  # no length: the body ends when the connection closes
                self.send_response(200)
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                with suppress(OSError):  # the client hangs up once it has had enough
                    for _ in range(OVERSIZE // 1024):
                        self.wfile.write(b" " * 1024)

        def log_message(self, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    hub.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub.base
    finally:
        hub.released.set()
        server.shutdown()
        server.server_close()
