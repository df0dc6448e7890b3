"""Start-up and query cost of the everyday commands, on the bundled registry."""

from __future__ import annotations

import subprocess
import tempfile

from timing import MODELWATCH, measure

TARGETS = {"leaderboard": 0.5, "help": 0.25}


def run() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as home:
        env = {"MODELWATCH_HOME": home}
        subprocess.run([MODELWATCH, "build"], check=True, env={**__import__("os").environ, **env}, capture_output=True)
        results = {
            "leaderboard": measure([MODELWATCH, "leaderboard", "--year", "2025"], env=env),
            "help": measure([MODELWATCH, "--help"], env=env),
        }
    out: dict[str, object] = {}
    for name, figures in results.items():
        figures["target_s"] = TARGETS[name]
        figures["met"] = figures["median_s"] <= TARGETS[name]
        out[name] = figures
    return out
