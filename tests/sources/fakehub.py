"""A fake Hub serving the recorded responses of tests/fixtures/hub, with scripted failures.

Used in-process (`FakeHub.transport()`, an httpx2 MockTransport) and over a real local HTTP server
(`serve()`, 127.0.0.1 on an ephemeral port) for the end-to-end test.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hub"


@dataclass
class FakeHub:
    """`script` maps a request number (1-based, counting only /api/models) to a failure:
    an HTTP status (with `retry_after`), or "drop" (the connection breaks)."""

    base: str = "https://hub.test"
    script: dict[int, int | str] = field(default_factory=dict)
    retry_after: str | None = None
    seen: list[str] = field(default_factory=list)

    def answer(self, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
        if path != "/api/models":
            return 404, {"Content-Type": "application/json"}, b'{"error": "not found"}'
        self.seen.append(f"{path}?{query}")
        n = len(self.seen)
        failure = self.script.get(n)
        if failure == "drop":
            raise ConnectionResetError("connection dropped by the fake Hub")
        if isinstance(failure, int):
            headers = {"Content-Type": "application/json"}
            if self.retry_after is not None:
                headers["Retry-After"] = self.retry_after
            return failure, headers, b'{"error": "scripted failure"}'
        q = parse_qs(query)
        cursor = q.get("cursor", [""])[0]
        if "author" in q:
            stem = f"models-author-{q['author'][0]}"
        elif "filter" in q:
            stem = "models-filter-" + q["filter"][0].replace(":", "-", 1).replace("/", "--")
        else:
            stem = "none"
        page = FIXTURES / (f"{stem}.page{cursor}.json" if cursor else f"{stem}.json")
        headers = {"Content-Type": "application/json"}
        if not page.exists():
            return 200, headers, b"[]"
        if not cursor and (FIXTURES / f"{stem}.page2.json").exists():
            nxt = {k: v for k, v in q.items() if k != "cursor"}
            link = f"{self.base}/api/models?{urlencode(nxt, doseq=True)}&cursor=2"
            headers["Link"] = f'<{link}>; rel="next"'
        return 200, headers, page.read_bytes()

    def transport(self) -> object:
        import httpx2

        def handle(request: httpx2.Request) -> httpx2.Response:
            try:
                status, headers, body = self.answer(request.url.path, request.url.query.decode())
            except ConnectionResetError as exc:
                raise httpx2.ConnectError(str(exc), request=request) from None
            return httpx2.Response(status, headers=headers, content=body)

        return httpx2.MockTransport(handle)


@contextmanager
def serve(hub: FakeHub) -> Iterator[str]:
    """Serve `hub` over HTTP on 127.0.0.1; yields the endpoint URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            try:
                status, headers, body = hub.answer(parts.path, parts.query)
            except ConnectionResetError:
                self.close_connection = True
                self.connection.close()
                return
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hub.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hub.base
    finally:
        server.shutdown()
        server.server_close()
