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
from dataclasses import dataclass
from typing import Any

from modelwatch.errors import ModelwatchError

TIMEOUT_SECONDS = 60.0
USER_AGENT = "modelwatch (https://github.com/modelwatch)"


class NetworkError(ModelwatchError):
    """The machine is offline, the host is unreachable, or the server said no."""


def fetch_bytes(url: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """GET `url` and return its body; a one-line NetworkError on any failure."""
    import httpx2

    try:
        response = httpx2.get(url, timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT})
        response.raise_for_status()
    except httpx2.HTTPStatusError as exc:
        raise NetworkError(f"{url}: HTTP {exc.response.status_code}") from None
    except httpx2.HTTPError as exc:
        raise NetworkError(f"{url}: {type(exc).__name__}: {exc}") from None
    return bytes(response.content)


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


class PoliteTransport:
    """Wraps a transport: spaces requests out, retries 429 / 5xx / network errors, then gives up with
    a one-line NetworkError (so the Hub library never retries on top of it)."""

    def __init__(self, inner: Any, policy: RetryPolicy | None = None):
        self.inner = inner
        self.policy = policy or RetryPolicy()
        self._last = 0.0
        self.requests = 0

    def handle_request(self, request: Any) -> Any:
        import httpx2

        attempt = 0
        while True:
            attempt += 1
            gap = self.policy.min_interval - (time.monotonic() - self._last)
            if gap > 0 and self.requests:
                sleep(gap)
            self._last = time.monotonic()
            self.requests += 1
            try:
                response = self.inner.handle_request(request)
            except httpx2.TransportError as exc:
                if attempt > self.policy.max_retries:
                    raise NetworkError(f"{request.url.host}: {type(exc).__name__}: {exc}") from None
                sleep(backoff(attempt, None, self.policy))
                continue
            if response.status_code not in RETRY_STATUSES:
                return response
            response.read()
            response.close()
            if attempt > self.policy.max_retries:
                raise NetworkError(
                    f"{request.url.host}: HTTP {response.status_code} after {attempt} attempts; try again later"
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

    def factory() -> Any:
        import httpx2

        inner = transport if transport is not None else httpx2.HTTPTransport()
        polite = PoliteTransport(inner, policy)
        return httpx2.Client(
            transport=polite,  # type: ignore[arg-type]
            event_hooks={"request": [_refuse_when_offline]},
            follow_redirects=True,
            timeout=TIMEOUT_SECONDS,
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
