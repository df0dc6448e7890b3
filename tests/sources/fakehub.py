"""A fake Hub serving the recorded responses of tests/fixtures/hub, with scripted failures, and datasets with
revisions (the commits API, paths-info and resolve/<revision>/<path>, as the Hub serves them to huggingface_hub).

Used in-process (`FakeHub.transport()`, an httpx2 MockTransport) and over a real local HTTP server
(`serve()`, 127.0.0.1 on an ephemeral port) for the end-to-end test.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hub"


@dataclass(frozen=True)
class _Lazy:
    """A dataset file's bytes, read only when asked for (a benchmark serves hundreds of MB from files)."""

    value: bytes | Path

    def read(self) -> bytes:
        return self.value.read_bytes() if isinstance(self.value, Path) else self.value


@dataclass
class FakeHub:
    """`script` maps a request number (1-based, counting only /api/models) to a failure:
    an HTTP status (with `retry_after`), or "drop" (the connection breaks)."""

    base: str = "https://hub.test"
    script: dict[int, int | str] = field(default_factory=dict)
    retry_after: str | None = None
    seen: list[str] = field(default_factory=list)
    # dataset id -> its revisions, oldest first: (commit id, ISO date, {file path: bytes, or a file holding them})
    datasets: dict[str, list[tuple[str, str, dict[str, bytes | Path]]]] = field(default_factory=dict)
    fetched: list[str] = field(default_factory=list)  # commit ids whose file a GET of resolve/ downloaded
    refused: set[str] = field(default_factory=set)  # commit ids whose files answer 403 (a revision gone private)

    def _dataset(self, method: str, path: str) -> tuple[int, dict[str, str], bytes] | None:
        """The dataset endpoints; None for a path that is not one."""
        js = {"Content-Type": "application/json"}
        for repo, revisions in self.datasets.items():
            commits = {c: {k: _Lazy(v) for k, v in f.items()} for c, _, f in revisions}
            api = f"/api/datasets/{repo}/"
            if path.startswith(api + "commits/"):
                body = [
                    {"id": c, "title": f"update {d}", "message": "", "authors": [{"user": "bot"}], "date": d}
                    for c, d, _ in reversed(revisions)
                ]
                return 200, js, json.dumps(body).encode()
            if path.startswith(api + "paths-info/"):
                commit = unquote(path.rsplit("/", 1)[1])
                if commit not in commits:
                    return 404, {**js, "X-Error-Code": "RevisionNotFound"}, b'{"error": "no such revision"}'
                infos = [
                    {"type": "file", "path": name, "size": len(data), "oid": hashlib.sha1(data).hexdigest(),
                     "lfs": {"oid": hashlib.sha256(data).hexdigest(), "size": len(data), "pointerSize": 134}}
                    for name, data in ((n, d.read()) for n, d in commits[commit].items())
                ]  # fmt: skip
                return 200, js, json.dumps(infos).encode()
            resolve = f"/datasets/{repo}/resolve/"
            if path.startswith(resolve):
                commit, _, name = path[len(resolve) :].partition("/")
                commit = unquote(commit)
                lazy = commits.get(commit, {}).get(unquote(name))
                data = lazy.read() if lazy is not None else None
                if data is None:
                    return 404, {**js, "X-Error-Code": "EntryNotFound"}, b'{"error": "no such file"}'
                if commit in self.refused:
                    return 403, js, b'{"error": "forbidden"}'
                sha = hashlib.sha256(data).hexdigest()
                headers = {"X-Repo-Commit": commit, "ETag": f'"{sha}"', "X-Linked-Etag": f'"{sha}"',
                           "X-Linked-Size": str(len(data)), "Accept-Ranges": "bytes"}  # fmt: skip
                if method == "HEAD":
                    return 200, headers, b""
                self.fetched.append(commit)
                return 200, headers, data
        return None

    def reply(self, path: str, query: str, method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        """What the server answers: a dataset endpoint's answer, else `answer` (which tests override)."""
        found = self._dataset(method, path)
        return found if found is not None else self.answer(path, query)

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
                status, headers, body = self.reply(request.url.path, request.url.query.decode(), request.method)
            except ConnectionResetError as exc:
                raise httpx2.ConnectError(str(exc), request=request) from None
            return httpx2.Response(status, headers=headers, content=body)

        return httpx2.MockTransport(handle)


@contextmanager
def serve(hub: FakeHub) -> Iterator[str]:
    """Serve `hub` over HTTP on 127.0.0.1; yields the endpoint URL."""

    class Handler(BaseHTTPRequestHandler):
        def _serve(self, method: str) -> None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)  # a POST's form (paths-info): every listed file is answered
            try:
                status, headers, body = hub.reply(parts.path, parts.query, method)
            except ConnectionResetError:
                self.close_connection = True
                self.connection.close()
                return
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            if "X-Linked-Size" in headers and method == "HEAD":
                self.send_header("Content-Length", headers["X-Linked-Size"])
            else:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            self._serve("GET")

        def do_HEAD(self) -> None:
            self._serve("HEAD")

        def do_POST(self) -> None:
            self._serve("POST")

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
