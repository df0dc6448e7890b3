"""`import hub-dump --download --since`: the history backfilled from the hub-stats dataset's revisions, against a
loopback stand-in Hub (the real huggingface_hub client code runs: commits, paths-info, resolve/<revision>/<path>)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.analyze.test_history import snapshot
from tests.conftest import Run
from tests.sources.fakehub import FakeHub, serve

Mw = Callable[..., Run]
DATASET = "cfahlgren1/hub-stats"
# commit dates; the data each holds is dated 2025-03-20, 2025-04-14 and 2025-04-29 (its newest repo)
COMMITS = [("a" * 40, "2025-03-31T06:00:00.000Z"), ("e" * 40, "2025-04-02T06:00:00.000Z"),
           ("b" * 40, "2025-04-15T06:00:00.000Z"), ("c" * 40, "2025-05-01T06:00:00.000Z")]  # fmt: skip
DATA_DATES = ["2025-03-20", "2025-04-14", "2025-04-29"]


@pytest.fixture
def hub(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    dumps = [snapshot(tmp_path / f"s{i}.parquet", i).read_bytes() for i in range(3)]
    files = [dumps[0], dumps[1], dumps[1], dumps[2]]  # the early-April commit is not the newest of its month
    fake = FakeHub(
        datasets={DATASET: [(c, d, {"models.parquet": f}) for (c, d), f in zip(COMMITS, files, strict=True)]}
    )
    with serve(fake) as base:
        monkeypatch.setenv("HF_ENDPOINT", base)
        yield fake


def _backfill(mw: Mw, *args: str) -> Run:
    return mw("import", "hub-dump", "--download", "--since", "2025-03-01", "--every", "month", *args)


def _said(r: Run) -> list[str]:
    """What the backfill said on stderr (the store's own first-run line aside)."""
    return [line for line in r.err.strip().splitlines() if not line.startswith("modelwatch: built the store")]


def _history_dates(mw: Mw) -> list[str]:
    r = mw("ecosystem", "--history", "--every", "day", "--format", "json")
    assert r.code == 0, r.err
    return sorted({row["as_of"] for row in r.json()})


def _size(hub: FakeHub, i: int) -> int:
    data = hub.datasets[DATASET][i][2]["models.parquet"]
    assert isinstance(data, bytes)
    return len(data)


def _copies(env: Path) -> int:
    return len(list((env / "snapshots" / "hub-dump").glob("*.parquet")))


def test_a_backfill_of_three_revisions_makes_a_three_snapshot_history(hub: FakeHub, mw: Mw, env: Path) -> None:
    sizes = [_size(hub, i) for i in (0, 2, 3)]  # the early-April commit (1) is not picked
    size = sum(sizes)
    r = _backfill(mw)
    assert r.code == 0, r.err
    lines = _said(r)
    assert lines[0] == (
        f"{DATASET}: 3 revisions of models.parquet (one per month since 2025-03-01): 0 already in the history, "
        f"3 to fetch, {size:,} bytes"
    )
    assert [line.split(": ", 1)[1].rsplit(" (", 1)[0] for line in lines[1:]] == [
        f"imported as of {d}" for d in DATA_DATES
    ]
    assert lines[1].startswith("[1/3] revision aaaaaaaaaaaa of 2025-03-31 (")
    assert r.out.strip() == (
        f"{DATASET}: 3 revisions imported ({', '.join(DATA_DATES)}), 0 already in the history; fetched {size:,} bytes, "
        f"freed {sizes[0] + sizes[1]:,} bytes of older dump copies (their series stay)"
    )
    assert _history_dates(mw) == DATA_DATES  # dated from the data each revision holds, never the download day
    assert hub.fetched == ["a" * 40, "b" * 40, "c" * 40]
    assert _copies(env) == 1  # only the newest snapshot keeps its dump copy; the series of all three stay
    assert not any((env / "downloads").rglob("*.parquet"))  # every download deleted after its import


def test_keep_history_keeps_every_dump_copy(hub: FakeHub, mw: Mw, env: Path) -> None:
    r = _backfill(mw, "--keep-history")
    assert r.code == 0, r.err
    assert "freed" not in r.out
    assert _copies(env) == 3


def test_an_interrupted_backfill_resumes_without_fetching_again(hub: FakeHub, mw: Mw) -> None:
    hub.refused = {"c" * 40}
    r = _backfill(mw)
    assert r.code == 2
    assert r.err.strip().splitlines()[-1].startswith("modelwatch: error: ")
    assert "HTTP 403" in r.err and "Traceback" not in r.err
    assert _history_dates(mw) == DATA_DATES[:2]  # what was imported before the stop stays
    hub.refused, hub.fetched = set(), []
    again = _backfill(mw)
    assert again.code == 0, again.err
    assert _said(again)[0].endswith(f"2 already in the history, 1 to fetch, {_size(hub, 3):,} bytes")
    assert hub.fetched == ["c" * 40]  # the done ones are not downloaded again
    assert _history_dates(mw) == DATA_DATES
    assert mw("import", "hub-dump", "--download", "--since", "2025-03-01").out.startswith(
        f"{DATASET}: 0 revisions imported (none), 3 already in the history; fetched 0 bytes"
    )


def test_a_revision_that_is_not_a_dump_is_skipped_and_counted(hub: FakeHub, mw: Mw) -> None:
    commit, day, _ = hub.datasets[DATASET][2]
    hub.datasets[DATASET][2] = (commit, day, {"models.parquet": b"not a parquet file"})
    r = _backfill(mw)
    assert r.code == 1
    assert (
        "[2/3] revision bbbbbbbbbbbb of 2025-04-15 (18 bytes): skipped: models.parquet: not a readable Parquet file"
        in r.err
    )
    assert "1 skipped (not a readable dump)" in r.out
    assert _history_dates(mw) == [DATA_DATES[0], DATA_DATES[2]]


def test_offline_fails_at_once_in_one_line(hub: FakeHub, mw: Mw, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    r = _backfill(mw)
    assert r.code == 2
    assert _said(r) == [
        f"modelwatch: error: {DATASET}: offline mode is on (HF_HUB_OFFLINE); the dataset's revisions need the "
        "network; nothing was fetched"
    ]
    assert hub.fetched == [] and hub.seen == []


def test_no_network_fails_at_once_in_one_line(mw: Mw) -> None:  # HF_ENDPOINT: a loopback port nobody listens on
    r = _backfill(mw)
    assert r.code == 2
    (line,) = _said(r)
    assert line.startswith("modelwatch: error: http://127.0.0.1:9/api/datasets/cfahlgren1/hub-stats/commits/main")
    assert line.endswith("this command needs the network")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("x.parquet", "--download"), "give PATH or --download, not both"),
        (("--download", "--as-of", "2025-01-01"),
         "--download dates each revision from its data; --as-of and --keep go with PATH"),
        (("x.parquet", "--since", "2025-01-01"), "--since, --every and --keep-history go with --download"),
        (("--download", "--since", "2025-13-01"), "--since '2025-13-01' is not a date (YYYY-MM-DD)"),
        ((), "give PATH (a Hub dump in Parquet), or --download"),
    ],
)  # fmt: skip
def test_wrong_combinations_are_one_line(mw: Mw, args: tuple[str, ...], message: str) -> None:
    r = mw("import", "hub-dump", *args)
    assert r.code == 2
    assert r.err.strip().splitlines() == [f"modelwatch: error: {message}"]
