"""Two reviews at once on one organization's file: both land, or the loser says it lost; never a
reported success whose record is not in the file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.service.test_proposals import _load_all, _rows, hub_env  # noqa: F401  (a fixture)


def _run_together(commands: list[list[str]], env: dict[str, str]) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "modelwatch", *c], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for c in commands
    ]
    out = []
    for p, c in zip(procs, commands, strict=True):
        stdout, stderr = p.communicate(timeout=120)
        out.append(subprocess.CompletedProcess(c, p.returncode, stdout, stderr))
    return out


@pytest.mark.parametrize("second", ["accept", "reject"])
def test_two_decisions_at_once_on_one_file_both_land(
    hub_env: None,  # noqa: F811
    epoch_dir: Path,
    data_dir: Path,
    env: Path,
    second: str,
) -> None:
    _load_all(epoch_dir)
    ids = {r["name"]: r["id"] for r in _rows()}
    first = ["accept", ids["Dragon-3"]]
    other = ["accept", ids["Dragon Coder"], "--modality", "code"]
    if second == "reject":
        other = ["reject", ids["Dragon Coder"], "--reason", "research checkpoint"]
    environ = {**os.environ, "MODELWATCH_HOME": str(env), "MODELWATCH_DATA": str(data_dir)}
    for _ in range(4):  # each round on the file as the last left it; the proposals' ids stay the same
        text = (data_dir / "orgs" / "dragon.toml").read_text()
        done = _run_together([first, other], environ)
        assert [d.returncode for d in done] == [0, 0], [d.stderr for d in done]
        after = (data_dir / "orgs" / "dragon.toml").read_text()
        assert 'id = "dragon-3"' in after
        assert ('id = "dragon-coder"' if second == "accept" else 'name = "Dragon Coder"') in after
        (data_dir / "orgs" / "dragon.toml").write_text(text)  # the next round starts from the same file
