"""The one network chokepoint: every request modelwatch makes goes through here.

Catalogue downloads (`fetch_bytes`) and the Hugging Face Hub library's session (`hub_session`) share
one transport, `PoliteTransport`, and one set of limits, `POLICY`: the offline switch, connect and
read timeouts, a deadline per answer and per request, retries with backoff, a size cap, and a
one-line `NetworkError` naming the URL. Tests serve faults from loopback servers and patch `sleep`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import email.utils
import os
import re
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

from modelwatch.errors import ModelwatchError

USER_AGENT = "modelwatch (https://github.com/modelwatch)"


class NetworkError(ModelwatchError):
    """The machine is offline, the host is unreachable, or the server said no."""


RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How long modelwatch waits, how hard it tries, and how gently.

    Connecting may take `connect_timeout` seconds and each network read `read_timeout` (a machine
    without a network fails at once, a silent server in seconds, not minutes). One answer, headers
    and body, must arrive within `deadline` however slowly it trickles; one request, with all its
    retries and waits, within `total`. 429 / 5xx answers and broken connections are retried up to
    `max_retries` times with exponential backoff that honours `Retry-After` (never more than
    `max_wait`, never past `total`), at least `min_interval` seconds apart. An answer may hold
    `max_bytes` at most; a listing may follow at most `max_pages` next-page links."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 300.0
    total: float = 600.0
    max_retries: int = 5
    base_wait: float = 1.0
    max_wait: float = 120.0
    min_interval: float = 0.25
    max_bytes: int = 256 * 2**20
    max_pages: int = 2000


POLICY = RetryPolicy()  # the policy in force when none is given (tests shorten its deadlines)
# A page of a Hub listing holds at most a thousand repos (a few MB): a page past this cap is refused before
# it is parsed, so a hostile or broken server cannot make one page cost gigabytes of memory.
HUB_PAGE_BYTES = 32 * 2**20


def sleep(seconds: float) -> None:
    """Every wait goes through here, so tests can patch it."""
    time.sleep(seconds)


def offline() -> bool:
    """Offline mode as the Hub library defines it (HF_HUB_OFFLINE, or TRANSFORMERS_OFFLINE, set to 1,
    ON, YES or TRUE), for every source, read at each request: the library reads it once, at import."""
    value = os.environ.get("HF_HUB_OFFLINE") or os.environ.get("TRANSFORMERS_OFFLINE") or ""
    return value.strip().upper() in {"1", "ON", "YES", "TRUE"}


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


def seconds(value: float) -> str:
    """Seconds as a message says them: whole from ten up, else to a tenth (a 0.3 s deadline is not "0 s")."""
    if value >= 10 or float(value).is_integer():
        return f"{value:.0f}"
    return f"{value:.1f}"


def backoff(attempt: int, headers: Mapping[str, str] | None, policy: RetryPolicy) -> float:
    hinted = retry_after(headers) if headers is not None else None
    wait = hinted if hinted is not None else policy.base_wait * (2 ** (attempt - 1))
    return min(policy.max_wait, wait)


@dataclass
class SessionState:
    """What one session has fetched, shared by every client the Hub library builds during it: the URLs
    already requested (a next-page link or redirect pointing back is a loop), pages per listing."""

    seen: set[str] = field(default_factory=set)
    pages: dict[str, int] = field(default_factory=dict)
    answered: int = 0
    last: float = 0.0
    requests: int = 0
    # the run's own deadline (monotonic clock) and its length in seconds: every request ends by it
    ends: float | None = None
    budget: float = 0.0

    def remaining(self) -> float | None:
        return None if self.ends is None else self.ends - time.monotonic()


def listing_key(url: str) -> str:
    """The listing a page belongs to: its URL without the page cursor."""
    base, _, query = url.partition("?")
    return base + "?" + urlencode(sorted((k, v) for k, v in parse_qsl(query) if k != "cursor"))


def _short(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def name_url(url: object) -> str:
    """The URL a message names (cut short: a Hub listing's query is long, its start says which)."""
    return _short(str(url))


def _name(request: Any) -> str:
    return name_url(request.url)


class PoliteTransport:
    """Wraps a transport: refuses in offline mode, imposes the policy's timeouts (whatever the caller
    asked: the Hub library asks for none), spaces requests out, retries 429 / 5xx / network errors
    within the request's deadline, reads each body within its deadline and size cap, refuses loops
    and endless listings, then gives up with a one-line NetworkError (which the Hub library does not
    retry on top of)."""

    def __init__(self, inner: Any, policy: RetryPolicy | None = None, state: SessionState | None = None):
        self.inner = inner
        self.policy = policy or POLICY
        self.state = state or SessionState()

    @property
    def requests(self) -> int:
        return self.state.requests

    def _admit(self, request: Any) -> None:
        if offline():
            raise NetworkError(f"{_name(request)}: offline mode is on (HF_HUB_OFFLINE); nothing was fetched")
        url = str(request.url)
        asked = f"{request.method} {url}"  # a file's HEAD (its metadata) then its GET is no loop
        if asked in self.state.seen:
            raise NetworkError(
                f"{_name(request)}: was already fetched in this session (a next-page link or a redirect loops); stopped"
            )
        self.state.seen.add(asked)
        key = listing_key(url)
        pages = self.state.pages[key] = self.state.pages.get(key, 0) + 1
        if pages > self.policy.max_pages:
            raise NetworkError(f"{_name(request)}: a listing ran past {self.policy.max_pages} pages; stopped")
        p = self.policy
        left = self.state.remaining()
        # no single wait may outlast the run: each socket wait is cut to what the run has left

        def cut(t: float) -> float:
            return t if left is None else max(0.05, min(t, left))

        request.extensions = {
            **request.extensions,
            "timeout": {
                "connect": cut(p.connect_timeout),
                "read": cut(p.read_timeout),
                "write": cut(p.read_timeout),
                "pool": cut(p.connect_timeout),
            },
        }

    def _read(self, request: Any, response: Any, deadline: float) -> Any:
        """The whole body, decoded, or a ReadTimeout once the deadline has passed (checked after every
        chunk, each chunk bounded by the read timeout), or a NetworkError past the size cap (counted
        after decompression: a small gzip answer may unpack to gigabytes)."""
        import httpx2

        cap = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            response.close()
            raise NetworkError(f"{_name(request)}: the answer has {int(declared):,} bytes, more than {cap:,}; stopped")
        if response.is_stream_consumed:  # an in-memory answer (tests' mock transports): nothing to wait for
            return response
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise NetworkError(f"{_name(request)}: the answer has more than {cap:,} bytes; stopped")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    self._past_run(request, f"its answer was still arriving ({size:,} bytes so far)")
                    raise httpx2.ReadTimeout(
                        f"the answer took longer than {seconds(self.policy.deadline)} s", request=request
                    )
        finally:
            response.close()
        ext = {k: v for k, v in response.extensions.items() if k in ("http_version", "reason_phrase")}
        # The body is decoded now: its length and encoding headers no longer describe it.
        headers = [(k, v) for k, v in response.headers.multi_items() if k not in ("content-encoding", "content-length")]
        return httpx2.Response(
            response.status_code, headers=headers, content=b"".join(chunks), request=request, extensions=ext
        )

    def _past_run(self, request: Any, waiting_for: str) -> None:
        """The one-line refusal once the run's own deadline has passed: what it was waiting for."""
        left = self.state.remaining()
        if left is not None and left <= 0:
            raise NetworkError(
                f"{_name(request)}: gave up after the whole run's {seconds(self.state.budget)} s (--timeout): "
                f"{waiting_for}; try again later, or give more time"
            )

    def _wait(self, request: Any, wait: float, ends: float, failure: str) -> None:
        """Wait before the next attempt, unless that would pass the request's deadline."""
        if time.monotonic() + wait > ends:
            if self.state.ends is not None and ends >= self.state.ends:
                raise NetworkError(
                    f"{_name(request)}: {failure}; waiting {seconds(wait)} s more would pass the whole run's "
                    f"{seconds(self.state.budget)} s (--timeout); try again later, or give more time"
                )
            raise NetworkError(
                f"{_name(request)}: {failure}; waiting {seconds(wait)} s more would pass the "
                f"{seconds(self.policy.total)} s deadline; try again later"
            )
        sleep(wait)

    def handle_request(self, request: Any) -> Any:
        import httpx2

        self._past_run(request, "it had not been sent yet")
        self._admit(request)
        policy = self.policy
        ends = time.monotonic() + policy.total
        if self.state.ends is not None:
            ends = min(ends, self.state.ends)
        attempt = 0
        failure = "no answer yet"
        while True:
            attempt += 1
            self._past_run(request, f"the last attempt ended in {failure}")
            gap = policy.min_interval - (time.monotonic() - self.state.last)
            if gap > 0 and self.state.requests:
                sleep(gap)
            self.state.last = time.monotonic()
            self.state.requests += 1
            deadline = min(time.monotonic() + policy.deadline, ends)
            headers: Mapping[str, str] | None = None
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
                        f"{_name(request)}: cannot connect ({_short(str(exc) or type(exc).__name__)}); "
                        "this command needs the network"
                    ) from None
                failure = f"{type(exc).__name__}: {_short(str(exc))}"
            except (httpx2.NetworkError, httpx2.TimeoutException, httpx2.RemoteProtocolError) as exc:
                failure = f"{type(exc).__name__}: {_short(str(exc) or 'no answer')}"
                self._past_run(request, f"waiting for its answer ({failure})")
            except httpx2.TransportError as exc:  # a proxy refusing, a scheme not spoken: trying again won't help
                raise NetworkError(f"{_name(request)}: {type(exc).__name__}: {_short(str(exc))}") from None
            else:
                self.state.answered += 1
                response.close()
                failure, headers = f"HTTP {response.status_code}", response.headers
                hinted = retry_after(headers)
                if hinted is not None and hinted > policy.max_wait:
                    raise NetworkError(
                        f"{_name(request)}: {failure}: the server asks to wait {hinted:.0f} s "
                        f"(more than {policy.max_wait:.0f}); try again later"
                    )
            if attempt > policy.max_retries:
                raise NetworkError(f"{_name(request)}: {failure} after {attempt} attempts; try again later")
            self._wait(request, backoff(attempt, headers, policy), ends, failure)

    def close(self) -> None:
        self.inner.close()

    def __enter__(self) -> PoliteTransport:
        return self

    def __exit__(self, *args: object) -> None:
        self.close()


def client(transport: Any = None, policy: RetryPolicy | None = None, state: SessionState | None = None) -> Any:
    """An httpx2 client whose every request goes through a PoliteTransport over `transport` (the
    network when None). Timeouts are the transport's to impose, so none are set here."""
    import httpx2

    inner = transport if transport is not None else httpx2.HTTPTransport()
    return httpx2.Client(
        transport=PoliteTransport(inner, policy, state),  # type: ignore[arg-type]
        follow_redirects=True,
        max_redirects=10,
        headers={"User-Agent": USER_AGENT},
    )


def fetch_bytes(url: str, transport: Any = None) -> bytes:
    """GET `url` and return its body, under the policy; a one-line NetworkError on any failure."""
    import httpx2

    try:
        with client(transport) as session:
            response = session.get(url)
    except (httpx2.HTTPError, httpx2.InvalidURL) as exc:  # raised by the client itself: too many redirects, a bad URL
        raise NetworkError(f"{name_url(url)}: {type(exc).__name__}: {_short(str(exc))}") from None
    if not response.is_success:
        raise NetworkError(f"{name_url(url)}: HTTP {response.status_code}")
    return bytes(response.content)


# --- the Hugging Face Hub: the library keeps its own session, built by our factory ------------------


def hub_client_factory(
    transport: Any = None, policy: RetryPolicy | None = None, timeout: float | None = None
) -> Callable[[], Any]:
    """A client factory for `huggingface_hub.set_client_factory`: every client it builds during one
    session shares the session's state (loops, pages, spacing, and with `timeout` the run's deadline)."""
    state = SessionState()  # one per session: the library may build several clients during it
    if timeout is not None:
        state.ends, state.budget = time.monotonic() + timeout, timeout
    hub_policy = policy or dataclasses.replace(POLICY, max_bytes=min(POLICY.max_bytes, HUB_PAGE_BYTES))
    return lambda: client(transport, hub_policy, state)


@contextlib.contextmanager
def hub_session(
    transport: Any = None, policy: RetryPolicy | None = None, timeout: float | None = None
) -> Iterator[None]:
    """Route every `huggingface_hub` request through the polite client while the block runs; with `timeout`,
    the whole block's requests end within that many seconds."""
    from huggingface_hub import close_session, set_client_factory

    set_client_factory(hub_client_factory(transport, policy, timeout))
    try:
        yield
    finally:
        close_session()  # the next session builds a fresh client from the factory in force then
