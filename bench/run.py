"""`make bench`: measure, then write the figures as JSON (one section per benchmark).

Usage: python bench/run.py [--out FILE] [SECTION ...]   (default: every section)
Each section is a module bench/bench_<name>.py with a `run() -> dict` function.

The figures go to bench/cache/results.json, which git ignores, so that a run on a busy laptop does not
rewrite the figures the docs cite; `make bench SAVE=1` (`--out bench/results.json`) replaces those.
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
RESULTS = BENCH / "cache" / "results.json"


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(BENCH))
    out = RESULTS
    if argv[:1] == ["--out"] and len(argv) > 1:
        out, argv = Path(argv[1]), argv[2:]
    out.parent.mkdir(parents=True, exist_ok=True)
    names = argv or sorted(p.stem.removeprefix("bench_") for p in BENCH.glob("bench_*.py"))
    results = json.loads(out.read_text()) if out.exists() else {}
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
        # temp file then rename: an interrupted run never leaves half a JSON file
        tmp = out.with_name(out.name + ".tmp")
        tmp.write_text(json.dumps(results, indent=2) + "\n")
        tmp.replace(out)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
