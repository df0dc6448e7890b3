"""A misbehaving Hub over real HTTP on 127.0.0.1: every way a server has been seen to go wrong.

Each behaviour answers `/api/models` (other paths get 404); the real `huggingface_hub` client and
modelwatch's transport run unchanged against it.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
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
    "surrogate": _surrogate(),
    "empty": b"",
}
BEHAVIOURS = (
    *BODIES,
    "short-body",
    "trickle",
    "link-self",
    "link-cycle",
    "link-endless",
    "redirect-self",
    "redirect-cycle",
    "retry-after-huge",
)


class BadHub:
    def __init__(self, behaviour: str):
        assert behaviour in BEHAVIOURS, behaviour
        self.behaviour = behaviour
        self.requests: list[str] = []
        self.base = ""


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
            if not self.path.startswith("/api/models"):
                self._send(404, b'{"error": "not found"}')
                return
            hub.requests.append(self.path)
            b = hub.behaviour
            here = f"{hub.base}{self.path}"
            n = len(hub.requests)
            if b in BODIES:
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

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    hub.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub.base
    finally:
        server.shutdown()
        server.server_close()
