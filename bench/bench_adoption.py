"""Backfill from the dataset's revisions, and adoption claims over a long history.

1. `backfill`: N generated revisions of a dump of R repos (the daily snapshots of bench_history: the revision of day
   d holds the repos created by then) are served as the revisions of the hub-stats dataset by the loopback stand-in
   Hub of the tests (tests/sources/fakehub.py: the commits API, paths-info, resolve/<revision>/<path>), and
   `import hub-dump --download --since DAY --every day` backfills them as a fresh process. Against it, the same N
   files imported by N plain `import hub-dump FILE` runs. Reported: the backfill's wall time and its import part
   (its own per-revision figures: store opened, dump imported, older dump copies pruned), and the plain runs' wall
   time and in-process import seconds. Target: the import part at most 1.2x the N plain runs (`import_ratio`);
   `import_ratio_in_process` compares it with the plain imports' own seconds, which leave out the store's opening.
   Disk per snapshot (the series files) is reported too.
2. `claims`: a history of N daily snapshots of R repos is imported, then `check` of a file of adoption claims
   (every metric, country, region, organization and model line subjects, periods the history spans) is timed as a
   fresh process on DuckDB (median of 3) and run once with `--engine spark`; the answers must be identical.
   Target: at most 10 s on DuckDB for 30 x 2M repos.

    BENCH_BACKFILL=200000:30 BENCH_ADOPTION=2000000:30 python bench/run.py adoption
    BENCH_BACKFILL=20000:3 BENCH_ADOPTION=20000:5 BENCH_ADOPTION_SPARK=0 python bench/run.py --out /tmp/a.json adoption

`BENCH_ADOPTION_SPARK=0` skips the Spark run (its answer is then not compared).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_history import _days, _tree_rss_mib
from timing import MODELWATCH, ROOT

BACKFILL = os.environ.get("BENCH_BACKFILL", "200000:30")
ADOPTION = os.environ.get("BENCH_ADOPTION", "2000000:30")
SPARK = os.environ.get("BENCH_ADOPTION_SPARK", "1") != "0"
DATASET = "cfahlgren1/hub-stats"
_SECONDS = re.compile(r"imported as of \S+ \((\d+\.\d+) s\)")
_PLAIN = re.compile(r"\(import \d+, as of \S+, (\d+(?:\.\d+)?) s\)")


def _fresh(home: str) -> dict[str, str]:
    env = {**os.environ, "MODELWATCH_HOME": home, "HF_HOME": str(Path(home) / "hf"), "HF_HUB_DISABLE_TELEMETRY": "1"}
    env.pop("HF_HUB_OFFLINE", None)
    subprocess.run([MODELWATCH, "build"], check=True, env=env, capture_output=True)
    return env


def _series_bytes(home: str) -> int:
    return sum(p.stat().st_size for p in (Path(home) / "history" / "hub-dump").rglob("*.parquet"))


def backfill(n: int, revisions: int) -> dict[str, object]:
    sys.path.insert(0, str(ROOT))
    from tests.sources.fakehub import FakeHub, serve

    snaps = _days(n, revisions, dated_by_data=True)
    commits = [(f"{i:040x}", f"{day}T23:00:00.000Z", {"models.parquet": path}) for i, (day, path) in enumerate(snaps)]
    hub = FakeHub(datasets={DATASET: commits})  # type: ignore[dict-item]
    out: dict[str, object] = {"repos_last_day": n, "revisions": revisions}
    home = tempfile.mkdtemp(prefix="mw-backfill-")
    try:
        with serve(hub) as base:
            env = {**_fresh(home), "HF_ENDPOINT": base}
            cmd = [MODELWATCH, "import", "hub-dump", "--download", "--since", snaps[0][0], "--every", "day"]
            start = time.perf_counter()
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
            wall = time.perf_counter() - start
        per_revision = [float(s) for s in _SECONDS.findall(proc.stderr)]
        if len(per_revision) != revisions:
            raise AssertionError(f"the backfill imported {len(per_revision)} of {revisions} revisions:\n{proc.stderr}")
        out["backfill"] = {
            "wall_s": round(wall, 2),
            "import_s": round(sum(per_revision), 2),
            "import_median_s": round(statistics.median(per_revision), 2),
            "series_bytes_per_snapshot": _series_bytes(home) // revisions,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)
    home = tempfile.mkdtemp(prefix="mw-plain-")
    try:
        env = _fresh(home)
        walls, inside = [], []
        for _, path in snaps:
            start = time.perf_counter()
            proc = subprocess.run(
                [MODELWATCH, "import", "hub-dump", str(path)], env=env, capture_output=True, text=True
            )
            walls.append(time.perf_counter() - start)
            if proc.returncode != 0:
                raise AssertionError(proc.stderr)
            found = _PLAIN.search(proc.stdout)
            inside.append(float(found.group(1)) if found else float("nan"))
        out["plain"] = {
            "wall_s": round(sum(walls), 2),
            "import_s": round(sum(inside), 2),
            "series_bytes_per_snapshot": _series_bytes(home) // revisions,
        }
    finally:
        shutil.rmtree(home, ignore_errors=True)
    bf, plain = out["backfill"], out["plain"]
    assert isinstance(bf, dict) and isinstance(plain, dict)
    # the target: the backfill's import part against the N plain `import hub-dump` runs (whole processes)
    out["import_ratio"] = round(bf["import_s"] / plain["wall_s"], 3)  # target <= 1.2
    # stricter: against the plain imports' own in-process seconds (which leave out opening the store)
    out["import_ratio_in_process"] = round(bf["import_s"] / plain["import_s"], 3)
    out["wall_ratio_vs_plain_runs"] = round(bf["wall_s"] / plain["wall_s"], 3)
    return out


CLAIMS = """
[[claim]]
id = "cn-largest-share-of-new"
text = "Chinese base models drew the largest share of new derivatives."
metric = "new_derivative_share"
subject = "CN"
period = "{period}"
op = "most"

[[claim]]
id = "china-more-new-than-us"
text = "More new derivatives were built on Chinese base models than on American ones."
metric = "new_derivatives"
subject = "China"
period = "{period}"
op = ">"
than = "United States"

[[claim]]
id = "top-org-most-derivatives"
text = "The organization with the most derivatives had the most."
metric = "derivatives"
subject = "{org}"
period = "{period}"
op = "most"

[[claim]]
id = "top-line-most-new"
text = "The most-derived model line was the most-derived."
metric = "new_derivatives"
subject = "{line}"
period = "{period}"
op = "most"

[[claim]]
id = "china-downloads"
text = "China's own repos were downloaded more than the United States'."
metric = "downloads"
subject = "China"
period = "{period}"
op = ">"
than = "United States"

[[claim]]
id = "us-derivative-downloads"
text = "Derivatives of American base models were downloaded more than a million times."
metric = "derivative_downloads"
subject = "US"
period = "{period}"
op = ">"
value = 1000000
"""


def claims(n: int, days: int) -> dict[str, object]:
    snaps = _days(n, days)
    home = tempfile.mkdtemp(prefix="mw-adoption-")
    try:
        env = _fresh(home)
        for day, path in snaps:
            subprocess.run([MODELWATCH, "import", "hub-dump", str(path), "--as-of", day], env=env, check=True,
                           capture_output=True)  # fmt: skip
        top = json.loads(subprocess.run([MODELWATCH, "ecosystem", "--format", "json", "--top", "1"], env=env,
                                        check=True, capture_output=True, text=True).stdout)  # fmt: skip
        lines = json.loads(subprocess.run([MODELWATCH, "ecosystem", "--by", "line", "--format", "json", "--top", "1"],
                                          env=env, check=True, capture_output=True, text=True).stdout)  # fmt: skip
        # a period the history spans: from its 2nd snapshot to its 2nd to last
        first, last = snaps[1][0], snaps[-2][0] if days > 2 else snaps[-1][0]
        path = Path(home) / "claims.toml"
        path.write_text(CLAIMS.format(period=f"{first}..{last}", org=top[0]["org"], line=lines[0]["line"]))
        check = [MODELWATCH, "check", str(path), "--format", "json"]
        times, peaks, answer = [], [], ""
        for _ in range(3):
            took, peak, answer = _run_any(check, env)
            times.append(took)
            peaks.append(peak)
        out: dict[str, object] = {
            "repos_last_day": n,
            "snapshots": days,
            "period": f"{first}..{last}",
            "duckdb": {"median_s": round(statistics.median(times), 2), "peak_rss_mib": max(peaks)},
            "verdicts": {v["id"]: v["verdict"] for v in json.loads(answer)},
        }
        if SPARK:
            took, peak, spark_answer = _run_any([*check, "--engine", "spark"], env)
            out["spark"] = {"s": round(took, 2), "peak_rss_mib": peak}
            out["identical"] = json.loads(spark_answer) == json.loads(answer)
            if not out["identical"]:
                raise AssertionError(f"DuckDB and Spark judge the adoption claims differently over {days} x {n}")
        return out
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _run_any(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the process tree (MiB), stdout, as bench_history._run, accepting check's exit 1
    (a claim the data cannot decide)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mib(proc.pid))
            time.sleep(0.05)
        took = time.perf_counter() - start
        if proc.returncode not in (0, 1):
            raise RuntimeError(f"{cmd} failed with {proc.returncode}")
        out.seek(0)
        return took, round(peak, 1), out.read().decode()


def run() -> dict[str, object]:
    load = os.getloadavg()[0]
    results: dict[str, object] = {}
    for spec in filter(None, BACKFILL.split(",")):
        n, revisions = (int(x) for x in spec.split(":"))
        print(f"  backfill of {revisions} revisions x {n:,} repos ...", flush=True)
        results[f"backfill_{revisions}x{n}"] = backfill(n, revisions)
    for spec in filter(None, ADOPTION.split(",")):
        n, days = (int(x) for x in spec.split(":"))
        print(f"  adoption claims over {days} x {n:,} repos ...", flush=True)
        results[f"claims_{days}x{n}"] = claims(n, days)
    results["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_average_before_after"] = [round(load, 2), round(os.getloadavg()[0], 2)]
    return results
