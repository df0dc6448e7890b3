"""`make fuzz`: 10,000 hostile inputs per loader (Epoch AI, OpenRouter, models.dev, the registry,
claims files, the Hub dump gate; mutations of the test fixtures), then a sample
through the whole import into a scratch store; counts by outcome.

The outcomes that must stay at zero: `crash: ...` (a traceback), `bad message` (an error over
several lines or not naming the file) and `refused, STORE CHANGED`.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COUNT = int(os.environ.get("FUZZ_COUNT", "10000"))
PIPELINE = int(os.environ.get("FUZZ_PIPELINE", "300"))


def run() -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from tests import fuzzing

    out: dict[str, object] = {"inputs_per_target": COUNT, "pipeline_inputs_per_target": PIPELINE, "targets": {}}
    bad = 0
    with tempfile.TemporaryDirectory(prefix="modelwatch-fuzz-home-") as home:
        os.environ["MODELWATCH_HOME"] = home
        os.environ["MODELWATCH_DATA"] = str(fuzzing.FIXTURES / "registry")
        for target in fuzzing.targets():
            started = time.perf_counter()
            outcomes, failures = fuzzing.fuzz(target, COUNT)
            parse_s = time.perf_counter() - started
            entry: dict[str, object] = {
                "outcomes": dict(sorted(outcomes.items())),
                "failures": failures,
                "seconds": round(parse_s, 1),
            }
            bad += sum(n for k, n in outcomes.items() if k.startswith(("crash", "bad message")))
            if target.name != "claims":
                started = time.perf_counter()
                p_outcomes, p_failures = fuzzing.pipeline(target, PIPELINE)
                entry["pipeline"] = {
                    "outcomes": dict(sorted(p_outcomes.items())),
                    "failures": p_failures,
                    "seconds": round(time.perf_counter() - started, 1),
                }
                bad += sum(n for k, n in p_outcomes.items() if "crash" in k or "CHANGED" in k)
            out["targets"][target.name] = entry  # type: ignore[index]
            print(f"fuzz {target.name}: {entry}", flush=True)
    out["failures_total"] = bad
    return out
