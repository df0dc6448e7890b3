from __future__ import annotations

import pytest

from modelwatch.sources import _http
from modelwatch.sources._http import NetworkError, PoliteTransport, RetryPolicy, backoff, retry_after


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "30"}, 30.0),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:30 GMT"}, 30.0),
        ({"ratelimit": '"api";r=0;t=55'}, 55.0),
        ({"ratelimit": '"api";r=12;t=55'}, None),
        ({}, None),
    ],
)
def test_retry_after(headers: dict[str, str], seconds: float | None) -> None:
    import email.utils

    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    assert retry_after(headers, now=now) == seconds


@pytest.mark.parametrize(
    ("attempt", "headers", "wait"),
    [
        (1, None, 1.0),
        (3, None, 4.0),
        (9, None, 120.0),
        (1, {"retry-after": "7"}, 7.0),
        (1, {"retry-after": "999"}, 120.0),
    ],
)
def test_backoff_is_exponential_capped_and_honours_retry_after(
    attempt: int, headers: dict[str, str] | None, wait: float
) -> None:
    assert backoff(attempt, headers, RetryPolicy()) == wait


def _transport(statuses: list[int], headers: dict[str, str] | None = None) -> tuple[PoliteTransport, list[int]]:
    import httpx2

    calls: list[int] = []

    def handle(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        status = statuses[min(len(calls), len(statuses)) - 1]
        return httpx2.Response(status, headers=headers or {}, content=b"[]")

    return PoliteTransport(httpx2.MockTransport(handle), RetryPolicy(max_retries=3, min_interval=0)), calls


def test_429_then_200_waits_as_told(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    polite, calls = _transport([429, 200], {"Retry-After": "7"})
    with httpx2.Client(transport=polite) as client:  # type: ignore[arg-type]
        assert client.get("https://hub.test/api/models").status_code == 200
    assert (len(calls), waits) == (2, [7.0])


def test_gives_up_with_one_line_after_the_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    import httpx2

    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    polite, calls = _transport([503])
    with httpx2.Client(transport=polite) as client, pytest.raises(NetworkError, match="HTTP 503 after 4 attempts"):  # type: ignore[arg-type]
        client.get("https://hub.test/api/models")
    assert (len(calls), waits) == (4, [1.0, 2.0, 4.0])


@pytest.mark.parametrize(
    ("behaviour", "setting", "message"),
    [
        ("trickle", ("DOWNLOAD_DEADLINE_SECONDS", 1.0), "took longer than 1 s; stopped"),
        ("html", ("DOWNLOAD_MAX_BYTES", 10), "more than 10 bytes; stopped"),
    ],
)
def test_a_download_has_a_total_deadline_and_a_size_cap(
    monkeypatch: pytest.MonkeyPatch, behaviour: str, setting: tuple[str, float], message: str
) -> None:
    import time

    from tests.sources.badhub import BadHub, serve

    monkeypatch.setattr(_http, *setting)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    with serve(BadHub(behaviour)) as base:
        started = time.monotonic()
        with pytest.raises(NetworkError) as exc:
            _http.fetch_bytes(f"{base}/api/models?x=1")
    assert str(exc.value).endswith(message)
    assert time.monotonic() - started < 10
