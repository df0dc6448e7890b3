"""`make bench`: measure, then write bench/results.json (one section per benchmark).

Usage: python bench/run.py [SECTION ...]   (default: every section)
Each section is a module bench/bench_<name>.py with a `run() -> dict` function.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import os
import platform
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results.json"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(BENCH))
    names = argv or sorted(p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py"))
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results["machine"] = {
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    for name in names:
        print(f"bench: {name} ...", flush=True)
        module = importlib.import_module(f"bench_{name}")
        results[name] = module.run()
        print(json.dumps(results[name], indent=2), flush=True)
        RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
