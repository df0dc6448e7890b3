"""Wall time and peak memory of a command, as the median of several runs."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELWATCH = str(ROOT / ".venv" / "bin" / "modelwatch")


def measure(cmd: list[str], runs: int = 7, env: dict[str, str] | None = None, warmup: int = 1) -> dict[str, float]:
    """Median and min wall seconds, and the largest peak RSS of the child in MiB."""
    full_env = {**os.environ, **(env or {})}
    times: list[float] = []
    peak = 0.0
    for i in range(warmup + runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        subprocess.run(cmd, check=True, env=full_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak = max(peak, after / 1024, before / 1024)
        if i >= warmup:
            times.append(elapsed)
    return {
        "median_s": round(statistics.median(times), 4),
        "min_s": round(min(times), 4),
        "runs": runs,
        "peak_rss_mib": round(peak, 1),
    }
