"""The past of the hub-stats dataset: its revisions on the Hub, one per period, and the models table at each.

The dataset keeps every version of its models table as a revision (a commit). `list_revisions` lists the commits
through `huggingface_hub`'s `HfApi.list_repo_commits`, picks the newest commit of each period (a day, a week from
Monday, a month), and asks `HfApi.get_paths_info` at each for the table's size and SHA-256 (the Hub's LFS
record of the file: the same SHA-256 the history records of a dump, so a revision already imported is known
before a byte of it is fetched). `download` fetches the table at one revision with `hf_hub_download(revision=)`.
Every request goes through the transport of `sources._http` (deadlines, retries, the offline switch).
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from modelwatch.errors import ModelwatchError
from modelwatch.sources import _http
from modelwatch.sources._http import NetworkError, name_url

DATASET = "cfahlgren1/hub-stats"  # the public dataset the hub-stats models table is published in
MODELS_FILE = "models.parquet"
LISTING_TIMEOUT = 900.0  # seconds for the whole listing (commits, then one paths-info per picked revision)
MIN_RATE = 1 << 20  # bytes per second a download may not fall below (its deadline follows its size)


@dataclass(frozen=True)
class Revision:
    """One revision of the dataset picked for a period, and what its models table is (None: not there)."""

    commit: str
    created: dt.datetime  # the commit's date (the data's own date is read from the table at import)
    size: int | None
    sha256: str | None  # the Hub's LFS SHA-256 of the file, None for a file kept in git itself


def _period(day: dt.date, every: str) -> dt.date:
    if every == "day":
        return day
    if every == "week":
        return day - dt.timedelta(days=day.weekday())
    return day.replace(day=1)


@contextlib.contextmanager
def _answers(what: str) -> Iterator[None]:
    """Whatever the Hub answers, a failure is one line (an HTTP status, or an answer that is not what was asked)."""
    import httpx2
    from huggingface_hub.errors import EntryNotFoundError, HfHubHTTPError

    try:
        yield
    except NetworkError:
        raise
    except EntryNotFoundError as exc:  # the library's "not found, nor in the cache" wraps what the Hub answered
        cause = exc.__cause__
        if isinstance(cause, NetworkError):
            raise cause from None
        if isinstance(cause, HfHubHTTPError) and cause.response is not None:
            raise NetworkError(f"{name_url(cause.response.url)}: HTTP {cause.response.status_code} ({what})") from None
        raise NetworkError(f"the Hub: {what}: not found ({type(exc).__name__})") from None
    except HfHubHTTPError as exc:
        if exc.response is None:
            raise NetworkError(f"the Hub: {what}: {type(exc).__name__}") from None
        raise NetworkError(f"{name_url(exc.response.url)}: HTTP {exc.response.status_code} ({what})") from None
    except httpx2.HTTPError as exc:
        raise NetworkError(f"the Hub: {what}: {type(exc).__name__}: {str(exc)[:120]}") from None
    except (ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        raise NetworkError(f"the Hub: {what}: the answer is not what was asked ({type(exc).__name__})") from None


def refuse_offline(dataset: str) -> None:
    """Offline mode fails at once, in one line, before any request."""
    if _http.offline():
        raise NetworkError(
            f"{dataset}: offline mode is on (HF_HUB_OFFLINE); the dataset's revisions need the network; nothing was "
            "fetched"
        )


def pick(commits: list[tuple[str, dt.datetime]], every: str, since: dt.date | None) -> list[tuple[str, dt.datetime]]:
    """The newest commit of each period on or after `since`, oldest period first."""
    newest: dict[dt.date, tuple[str, dt.datetime]] = {}
    for commit, created in commits:
        day = created.astimezone(dt.UTC).date() if created.tzinfo else created.date()
        if since is not None and day < since:
            continue
        key = _period(day, every)
        if key not in newest or created > newest[key][1]:
            newest[key] = (commit, created)
    return [newest[k] for k in sorted(newest)]


def list_revisions(
    dataset: str = DATASET,
    path: str = MODELS_FILE,
    every: str = "month",
    since: dt.date | None = None,
    api: Any = None,
) -> list[Revision]:
    """One revision per period (the newest commit in it) since `since`, with the table's size and SHA-256 there;
    without `since`, the newest revision only. Consecutive revisions holding the same bytes are one."""
    from modelwatch.sources.hub import make_api

    refuse_offline(dataset)
    api = api or make_api()
    with _http.hub_session(timeout=LISTING_TIMEOUT), _answers(f"listing the revisions of {dataset}"):
        commits = [(str(c.commit_id), c.created_at) for c in api.list_repo_commits(dataset, repo_type="dataset")]
        if not commits:
            return []
        chosen = pick(commits, every, since) if since is not None else [max(commits, key=lambda c: c[1])]
        out: list[Revision] = []
        for commit, created in chosen:
            infos = api.get_paths_info(dataset, [path], repo_type="dataset", revision=commit)
            info = next((i for i in infos if getattr(i, "path", None) == path and hasattr(i, "size")), None)
            lfs = getattr(info, "lfs", None) if info is not None else None
            sha = str(lfs.sha256) if lfs is not None and getattr(lfs, "sha256", None) else None
            rev = Revision(commit, created, int(info.size) if info is not None else None, sha)
            if out and sha is not None and out[-1].sha256 == sha:
                continue  # the table did not change: the same snapshot
            out.append(rev)
    return out


@contextlib.contextmanager
def _direct() -> Iterator[None]:
    """Downloads go through our transport and its deadlines, never through a storage client of the library's own
    (Xet), and without the library's progress bars (the caller shows one line per revision)."""
    from huggingface_hub import constants
    from huggingface_hub.utils.tqdm import are_progress_bars_disabled, disable_progress_bars, enable_progress_bars

    xet, bars = constants.HF_HUB_DISABLE_XET, are_progress_bars_disabled()
    constants.HF_HUB_DISABLE_XET = True
    disable_progress_bars()
    try:
        yield
    finally:
        constants.HF_HUB_DISABLE_XET = xet
        if not bars:
            enable_progress_bars()


def download(rev: Revision, folder: Path, dataset: str = DATASET, path: str = MODELS_FILE) -> Path:
    """The models table at `rev`, downloaded into `folder` (the caller's own); a NetworkError on any failure.

    One answer may take as long as its size needs at MIN_RATE (at least the usual deadline), and hold its size."""
    from huggingface_hub import hf_hub_download

    from modelwatch.sources.hub import endpoint

    refuse_offline(dataset)
    size = rev.size or 0
    policy = dataclasses.replace(
        _http.POLICY,
        max_bytes=max(_http.POLICY.max_bytes, size + (1 << 20)),
        deadline=_http.POLICY.deadline + size / MIN_RATE,
        total=_http.POLICY.total + 2 * size / MIN_RATE,
    )
    with _direct(), _http.hub_session(policy=policy), _answers(f"{path} at revision {rev.commit[:12]}"):
        got = hf_hub_download(
            dataset, path, repo_type="dataset", revision=rev.commit, local_dir=folder, endpoint=endpoint()
        )
    found = Path(got)
    if not found.is_file():
        raise ModelwatchError(f"{dataset}: {path} at revision {rev.commit[:12]} was not written to {folder}")
    return found
