"""The one network chokepoint: every download modelwatch makes goes through here.

Tests replace `fetch_bytes` (or the transport) and never reach the network.
"""

from __future__ import annotations

import contextlib
import email.utils
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from modelwatch.errors import ModelwatchError

TIMEOUT_SECONDS = 60.0
# One network read, and making a connection, may each wait this long at most (a machine without a
# network fails at once, a silent server in seconds, not minutes).
READ_TIMEOUT_SECONDS = 30.0
CONNECT_TIMEOUT_SECONDS = 10.0
USER_AGENT = "modelwatch (https://github.com/modelwatch)"


class NetworkError(ModelwatchError):
    """The machine is offline, the host is unreachable, or the server said no."""


DOWNLOAD_DEADLINE_SECONDS = 300.0
DOWNLOAD_MAX_BYTES = 256 * 2**20


def fetch_bytes(url: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """GET `url` and return its body; a one-line NetworkError on any failure. The whole download has
    a deadline and a size cap, however slowly or however much the server sends."""
    import httpx2

    deadline = time.monotonic() + DOWNLOAD_DEADLINE_SECONDS
    chunks: list[bytes] = []
    size = 0
    try:
        with httpx2.stream(
            "GET",
            url,
            timeout=httpx2.Timeout(min(timeout, READ_TIMEOUT_SECONDS), connect=CONNECT_TIMEOUT_SECONDS),
            follow_redirects=True,
            headers={"User-Agent": USER_AGENT},
        ) as response:
            response.raise_for_status()
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > DOWNLOAD_MAX_BYTES:
                    raise NetworkError(f"{url}: more than {DOWNLOAD_MAX_BYTES:,} bytes; stopped")
                if time.monotonic() > deadline:
                    raise NetworkError(f"{url}: took longer than {DOWNLOAD_DEADLINE_SECONDS:.0f} s; stopped")
                chunks.append(chunk)
    except httpx2.HTTPStatusError as exc:
        raise NetworkError(f"{url}: HTTP {exc.response.status_code}") from None
    except httpx2.HTTPError as exc:
        raise NetworkError(f"{url}: {type(exc).__name__}: {_short(str(exc))}") from None
    return b"".join(chunks)


# --- the Hugging Face Hub: one client factory, one retry policy -------------------------------------

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How hard modelwatch tries, and how gently: retries with exponential backoff that honours
    `Retry-After` (capped at `max_wait`), and at least `min_interval` seconds between two requests."""

    max_retries: int = 5
    base_wait: float = 1.0
    max_wait: float = 120.0
    min_interval: float = 0.25
    # A whole request (headers and body) must finish within this many seconds, however slowly the
    # server trickles it; a listing may follow at most `max_pages` next-page links.
    deadline: float = 120.0
    max_pages: int = 2000


POLICY = RetryPolicy()  # the policy in force when none is given (tests shorten its deadlines)


def sleep(seconds: float) -> None:
    """Every wait goes through here, so tests can patch it."""
    time.sleep(seconds)


def retry_after(headers: Mapping[str, str], now: float | None = None) -> float | None:
    """Seconds the server asks us to wait: `Retry-After` (seconds or HTTP date) or `RateLimit` reset."""
    value = headers.get("retry-after")
    if value:
        value = value.strip()
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            return max(0.0, when.timestamp() - (time.time() if now is None else now))
    limit = headers.get("ratelimit")  # RateLimit: "api";r=0;t=55
    if limit:
        m = re.search(r"\bt=(\d+)", limit)
        r = re.search(r"\br=(\d+)", limit)
        if m and (r is None or r.group(1) == "0"):
            return float(m.group(1))
    return None


def backoff(attempt: int, headers: Mapping[str, str] | None, policy: RetryPolicy) -> float:
    hinted = retry_after(headers) if headers is not None else None
    wait = hinted if hinted is not None else policy.base_wait * (2 ** (attempt - 1))
    return min(policy.max_wait, wait)


@dataclass
class SessionState:
    """What one sync has fetched, shared by every client the Hub library builds during it: the URLs
    already requested (a next-page link or redirect pointing back is a loop), pages per listing."""

    seen: set[str] = field(default_factory=set)
    pages: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    last: float = 0.0
    requests: int = 0


def listing_key(url: str) -> str:
    """The listing a page belongs to: its URL without the page cursor."""
    base, _, query = url.partition("?")
    return base + "?" + urlencode(sorted((k, v) for k, v in parse_qsl(query) if k != "cursor"))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class PoliteTransport:
    """Wraps a transport: spaces requests out, retries 429 / 5xx / network errors, reads each body
    within a total deadline, refuses loops and endless listings, then gives up with a one-line
    NetworkError (so the Hub library never retries on top of it)."""

    def __init__(self, inner: Any, policy: RetryPolicy | None = None, state: SessionState | None = None):
        self.inner = inner
        self.policy = policy or POLICY
        self.state = state or SessionState()

    @property
    def requests(self) -> int:
        return self.state.requests

    def _admit(self, request: Any) -> None:
        url = str(request.url)
        host = request.url.host
        if url in self.state.seen:
            raise NetworkError(
                f"{host}: {_short(request.url.path)} was already fetched in this sync "
                "(a next-page link or a redirect loops); stopped"
            )
        self.state.seen.add(url)
        key = listing_key(url)
        pages = self.state.pages[key] = self.state.pages.get(key, 0) + 1
        if pages > self.policy.max_pages:
            raise NetworkError(f"{host}: a listing ran past {self.policy.max_pages} pages; stopped")

    def _read(self, request: Any, response: Any, deadline: float) -> Any:
        """The whole body, or a TransportError once the deadline has passed (checked after every chunk,
        each chunk bounded by the read timeout)."""
        import httpx2

        if response.is_stream_consumed:  # an in-memory answer (tests' mock transports): nothing to wait for
            return response
        chunks: list[bytes] = []
        try:
            for chunk in response.iter_raw():
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise httpx2.ReadTimeout(
                        f"the answer took longer than {self.policy.deadline:.0f} s", request=request
                    )
        finally:
            response.close()
        ext = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
        return httpx2.Response(
            response.status_code, headers=response.headers, content=b"".join(chunks), request=request, extensions=ext
        )

    def handle_request(self, request: Any) -> Any:
        import httpx2

        self._admit(request)
        host = request.url.host
        attempt = 0
        while True:
            attempt += 1
            gap = self.policy.min_interval - (time.monotonic() - self.state.last)
            if gap > 0 and self.state.requests:
                sleep(gap)
            self.state.last = time.monotonic()
            self.state.requests += 1
            deadline = time.monotonic() + self.policy.deadline
            try:
                response = self.inner.handle_request(request)
                if response.status_code not in RETRY_STATUSES:
                    response = self._read(request, response, deadline)
                    self.state.answered += 1
                    return response
            except (httpx2.ConnectError, httpx2.ConnectTimeout) as exc:
                if not self.state.answered:
                    # Nothing ever answered: no network, or no such host. Say so now, not after minutes.
                    raise NetworkError(
                        f"{host}: cannot connect ({_short(str(exc) or type(exc).__name__)}); "
                        "this command needs the network"
                    ) from None
                if attempt > self.policy.max_retries:
                    raise NetworkError(f"{host}: {type(exc).__name__}: {_short(str(exc))}") from None
                sleep(backoff(attempt, None, self.policy))
                continue
            except httpx2.TransportError as exc:
                if attempt > self.policy.max_retries:
                    raise NetworkError(
                        f"{host}: {type(exc).__name__}: {_short(str(exc))} after {attempt} attempts; try again later"
                    ) from None
                sleep(backoff(attempt, None, self.policy))
                continue
            self.state.answered += 1
            response.close()
            if attempt > self.policy.max_retries:
                raise NetworkError(f"{host}: HTTP {response.status_code} after {attempt} attempts; try again later")
            hinted = retry_after(response.headers)
            if hinted is not None and hinted > self.policy.max_wait:
                raise NetworkError(
                    f"{host}: HTTP {response.status_code}: the server asks to wait {hinted:.0f} s "
                    f"(more than {self.policy.max_wait:.0f}); try again later"
                )
            sleep(backoff(attempt, response.headers, self.policy))

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> PoliteTransport:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


def offline() -> bool:
    """HF_HUB_OFFLINE as it is now (the library reads it once, at import)."""
    value = os.environ.get("HF_HUB_OFFLINE", "")
    if value.strip().upper() in {"1", "ON", "YES", "TRUE"}:
        return True
    from huggingface_hub import is_offline_mode

    return bool(is_offline_mode())


def _refuse_when_offline(request: Any) -> None:
    if offline():
        raise NetworkError(f"{request.url.host}: offline mode is on (HF_HUB_OFFLINE); nothing was fetched")


def hub_client_factory(transport: Any = None, policy: RetryPolicy | None = None) -> Callable[[], Any]:
    """A client factory for `huggingface_hub.set_client_factory`: the library's own request hook
    (offline mode, request ids) over a PoliteTransport."""

    state = SessionState()  # one per session: the library may build several clients during it

    def factory() -> Any:
        import httpx2

        inner = transport if transport is not None else httpx2.HTTPTransport()
        polite = PoliteTransport(inner, policy, state)
        return httpx2.Client(
            transport=polite,  # type: ignore[arg-type]
            event_hooks={"request": [_refuse_when_offline]},
            follow_redirects=True,
            max_redirects=10,
            timeout=httpx2.Timeout(READ_TIMEOUT_SECONDS, connect=CONNECT_TIMEOUT_SECONDS),
            headers={"User-Agent": USER_AGENT},
        )

    return factory


@contextlib.contextmanager
def hub_session(transport: Any = None, policy: RetryPolicy | None = None) -> Iterator[None]:
    """Route every `huggingface_hub` request through the polite client while the block runs."""
    from huggingface_hub import close_session, set_client_factory

    set_client_factory(hub_client_factory(transport, policy))
    try:
        yield
    finally:
        close_session()  # the next session builds a fresh client from the factory in force then
