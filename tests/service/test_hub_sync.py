"""Hub sync against recorded responses: snapshots, history, interruptions, retries, offline mode."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from modelwatch.errors import ModelwatchError
from modelwatch.sources import _http
from tests.sources.fakehub import FakeHub, serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def hub_env(env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Fixture registry, private store, fake endpoint, no real sleeping; returns the waits asked for."""
    monkeypatch.setenv("HF_ENDPOINT", "https://hub.test")
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    waits: list[float] = []
    monkeypatch.setattr(_http, "sleep", waits.append)
    return waits


def _sync(hub: FakeHub, **kw: Any) -> Any:
    from modelwatch.service.hub import sync_hub

    return sync_hub(transport=hub.transport(), **kw)


def _state() -> dict[str, object]:
    from modelwatch import config
    from modelwatch.store.opening import opened

    with opened(config.store_path(), config.data_dir()) as state:
        con = state.con
        q: Callable[[str], object] = lambda sql: con.execute(sql).fetchall()  # noqa: E731
        return {
            "artifacts": q("SELECT repo_id, downloads, import_id FROM hub_artifacts ORDER BY repo_id"),
            "history": q("SELECT count(*), count(DISTINCT import_id) FROM hub_stats_history"),
            "derivatives": q("SELECT count(*) FROM hub_derivatives"),
            "syncs": q("SELECT count(*) FROM hub_syncs"),
        }


def test_sync_lists_every_page_and_stores_a_snapshot(hub_env: list[float]) -> None:
    hub = FakeHub()
    r = _sync(hub)
    assert (r.write.repos, r.write.new_repos, r.namespaces) == (
        15,
        15,
        ["DragonAI", "Dragon-Vision", "eagle", "eagle-research"],
    )
    # two pages for DragonAI (Link header), one for each other namespace: 5 requests
    assert len(hub.seen) == 5 and "cursor=2" in hub.seen[1]
    state = _state()
    assert state["history"] == [(15, 1)]
    assert state["derivatives"] == [(0,)]


def test_each_sync_appends_history_and_upserts_artifacts(hub_env: list[float]) -> None:
    _sync(FakeHub())
    r = _sync(FakeHub())
    assert (r.write.repos, r.write.new_repos) == (15, 0)
    state = _state()
    assert len(state["artifacts"]) == 15  # type: ignore[arg-type]
    assert state["history"] == [(30, 2)]


@pytest.mark.parametrize(
    "script",
    [
        {2: "drop", 3: "drop", 4: "drop", 5: "drop", 6: "drop", 7: "drop"},  # the network goes away mid-listing
        {3: 503, 4: 503, 5: 503, 6: 503, 7: 503, 8: 503},  # the Hub keeps failing on the third namespace
    ],
)
def test_a_failed_sync_leaves_the_store_as_it_was_and_the_next_completes(
    hub_env: list[float], script: dict[int, int | str]
) -> None:
    _sync(FakeHub())
    before = _state()
    with pytest.raises(ModelwatchError):
        _sync(FakeHub(script=script))
    assert _state() == before
    _sync(FakeHub())
    assert _state()["history"] == [(30, 2)]


def test_ctrl_c_while_listing_leaves_the_store_unchanged(hub_env: list[float]) -> None:
    """Ctrl-C while writing: tests/store/test_connection.py (the sync writes in one transaction)."""
    _sync(FakeHub())
    before = _state()

    class Interrupting(FakeHub):
        def answer(self, path: str, query: str) -> tuple[int, dict[str, str], bytes]:
            if len(self.seen) == 2:
                raise KeyboardInterrupt
            return super().answer(path, query)

    with pytest.raises(KeyboardInterrupt):
        _sync(Interrupting())
    assert _state() == before


def test_429_is_retried_after_the_time_the_hub_asks(hub_env: list[float]) -> None:
    hub = FakeHub(script={1: 429}, retry_after="7")
    r = _sync(hub)
    assert r.write.repos == 15
    assert 7.0 in hub_env and len(hub.seen) == 6


def test_offline_mode_fetches_nothing(hub_env: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    hub = FakeHub()
    with pytest.raises(ModelwatchError, match="offline"):
        _sync(hub)
    assert hub.seen == []


def test_unknown_org_is_one_line(hub_env: list[float]) -> None:
    with pytest.raises(ModelwatchError, match="--org nobody: no such organization"):
        _sync(FakeHub(), orgs=["nobody"])


def test_derivatives_count_third_party_repos_by_relation(hub_env: list[float]) -> None:
    from modelwatch.service.hub import adoption

    r = _sync(FakeHub(), derivatives=True)
    assert r.write.derivatives == 7  # the organization's own GGUF is a member, not a derivative
    rows = {row["release"]: row for row in adoption("release").rows}
    d2 = rows["dragon-2"]
    assert (d2["repos"], d2["finetune"], d2["quantized"], d2["adapter"], d2["merge"]) == (5, 1, 2, 1, 1)
    by_country = adoption("country").rows
    assert [(row["country"], row["releases"]) for row in by_country] == [("US", 2), ("CN", 5)]


def test_adoption_says_when_no_derivative_data_was_synced(hub_env: list[float]) -> None:
    from modelwatch.service.hub import adoption

    _sync(FakeHub())
    answer = adoption("org")
    assert "No derivative data was synced" in answer.caption
    assert all(row["finetune"] is None for row in answer.rows)


def test_candidates_are_the_clusters_no_registry_release_claims(hub_env: list[float]) -> None:
    from modelwatch.service.hub import candidates, explain

    _sync(FakeHub())
    rows = candidates().rows
    assert [(r["candidate"], r["repos"], r["rule"]) for r in rows] == [
        ("dragon-dragon-2-2507", 1, "date code 2507 starts a new release of dragon-2"),
        ("dragon-dragon-3-2025-09-01", 4, "first dragon-3 repo; same family dragon-3 within 14 days"),
    ]
    summary, members = explain("dragon-dragon-3-2025-09-01")
    assert summary["origin"] == "candidate"
    assert [m["why"] for m in members.rows][-1] == "re-pack (FP8) of DragonAI/Dragon-3-30B-A3B"
    summary, members = explain("dragon-2")
    assert summary["sources"] == ["https://example.org/dragon/blog/dragon-2"]
    assert {m["repo"]: m["why"] for m in members.rows}["DragonAI/Dragon-2-7B-GGUF"].startswith("unclaimed")


def test_end_to_end_through_a_local_http_server(env: Path, tmp_path: Path) -> None:
    """The real client path: a subprocess with HF_ENDPOINT set before huggingface_hub is imported."""
    hub = FakeHub()
    with serve(hub) as endpoint:
        run_env = {
            **os.environ,
            "HF_ENDPOINT": endpoint,
            "HF_HOME": str(tmp_path / "hf"),
            "HF_HUB_DISABLE_TELEMETRY": "1",
            "HF_TOKEN": "hf_fake_token_for_tests",
            "NO_PROXY": "127.0.0.1",
        }
        run_env.pop("HF_HUB_OFFLINE", None)

        def mw(*args: str) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                [sys.executable, "-m", "modelwatch", *args],
                env=run_env,
                capture_output=True,
                text=True,
                timeout=120,
                cwd=ROOT,
            )

        sync = mw("sync", "hub", "--org", "dragon", "--derivatives")
        assert sync.returncode == 0, sync.stderr
        assert "synced 12 repos (12 new) from 2 namespaces" in sync.stdout
        listed = mw("candidates", "--org", "dragon", "-f", "csv")
        assert listed.returncode == 0, listed.stderr
        assert listed.stdout.splitlines()[0].startswith("candidate,org,family,first_created,repos")
        assert len(listed.stdout.splitlines()) == 3
        adoption = mw("adoption", "--by", "org", "-f", "json")
        assert adoption.returncode == 0, adoption.stderr
        assert '"org": "dragon"' in adoption.stdout
    assert any("expand=createdAt" in s for s in hub.seen)


def test_report_charts_adoption_once_hub_data_is_synced(hub_env: list[float], mw: Any, tmp_path: Path) -> None:
    out = tmp_path / "before"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    assert not (out / "adoption-by-org.png").exists()
    _sync(FakeHub())
    out = tmp_path / "after"
    assert mw("report", "--year", "2025", "--out", str(out)).code == 0
    assert (out / "adoption-by-org.png").read_bytes()[:4] == b"\x89PNG"
    spec = (out / "adoption-by-org.vl.json").read_text()
    assert '"org": "dragon"' in spec
    assert 'id="adoption-by-org"' in (out / "index.html").read_text()
