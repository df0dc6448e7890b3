"""Whole-Hub ecosystem: `import hub-dump` + `ecosystem` end to end, against pandas, polars and DuckDB's bare scan.

Dumps of 200k and 2M repos are generated once (tests/support/gen_hub_dump.py) and cached under bench/cache/.
Each figure is the median wall time of several runs of a fresh process, with that process's own peak RSS.
The pandas and polars answers are checked to be identical to modelwatch's before anything is timed. Every timed
import starts from a store without the dump (importing the same bytes twice is a no-op).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from timing import MODELWATCH, ROOT

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / "cache"
SUPPORT = ROOT / "tests" / "support"  # the dump generator and the peers, shared with the tests
PY = str(ROOT / ".venv" / "bin" / "python")
SIZES = (200_000, 2_000_000)
RUNS = {200_000: (5, 3), 2_000_000: (3, 2)}  # (modelwatch and scan runs, pandas runs)
TARGETS = {"end_to_end_s": 20.0, "peak_rss_mib": 2048.0, "speedup_vs_pandas": 10.0, "speedup_vs_polars": 1.0,
           "ratio_to_bare_scan": 4.0}  # fmt: skip
SCAN = (
    'import duckdb,sys; duckdb.sql("SELECT count(*), max(id), max(author), max(createdAt), max(lastModified), '
    "sum(downloads), sum(downloadsAllTime), sum(likes), max(pipeline_tag), max(library_name), sum(len(tags)), "
    'max(cardData) FROM read_parquet(\'" + sys.argv[1] + "\')").fetchall()'
)
# Only extracting the base-model links (one streaming pass over tags and cardData, the import's first
# step, nothing written): the least work any correct answer needs beyond the scan.
LINKS = (
    "import duckdb,sys; from pathlib import Path; from modelwatch.sources.hub_dump import edges_select, inspect; "
    'q = edges_select(inspect(Path(sys.argv[1]))).format(source="read_parquet(\'" + sys.argv[1] + "\', '
    'file_row_number = true)"); duckdb.sql("SELECT count(*) FROM (" + q + ")").fetchall()'
)


def _dump(n: int) -> Path:
    path = CACHE / f"hub_dump_{n}.parquet"
    if not path.exists():  # in a child process, so this one stays small (children inherit its peak RSS)
        print(f"  generating {path.name} ...", flush=True)
        tmp = path.with_suffix(".tmp")
        subprocess.run([PY, str(SUPPORT / "gen_hub_dump.py"), str(tmp), str(n), "--seed", "0"], check=True)
        tmp.rename(path)
    return path


def _fresh(env: dict[str, str]) -> None:
    """Back to the store as built, with no dump and no history (outside the timed span)."""
    home = Path(env["MODELWATCH_HOME"])
    for sub in ("snapshots", "history"):
        shutil.rmtree(home / sub, ignore_errors=True)
    shutil.copyfile(home.parent / "pristine.duckdb", home / "modelwatch.duckdb")
    (home / "modelwatch.duckdb.wal").unlink(missing_ok=True)


def _run(cmds: list[list[str]], env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Run commands one after another; wall seconds, the largest peak RSS (MiB) of any of them, their stdout."""
    if "import" in cmds[0]:
        _fresh(env)
    peak, outs = 0.0, []
    start = time.perf_counter()
    for cmd in cmds:
        with tempfile.TemporaryFile() as out:
            proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(proc.pid, 0)
            proc.returncode = os.waitstatus_to_exitcode(status)
            if proc.returncode != 0:
                raise RuntimeError(f"{cmd} failed with {proc.returncode}")
            out.seek(0)
            outs.append(out.read().decode())
        peak = max(peak, usage.ru_maxrss / 1024)
    return time.perf_counter() - start, peak, outs


def _measure(cmds: list[list[str]], env: dict[str, str], runs: int) -> dict[str, float]:
    times, peaks = [], []
    for _ in range(runs):
        t, p, _ = _run(cmds, env)
        times.append(t)
        peaks.append(p)
    return {"median_s": round(statistics.median(times), 3), "min_s": round(min(times), 3), "runs": runs,
            "peak_rss_mib": round(max(peaks), 1)}  # fmt: skip


def _size(n: int, env: dict[str, str]) -> dict[str, object]:
    dump = str(_dump(n))
    runs, pandas_runs = RUNS[n]
    ours = [[MODELWATCH, "import", "hub-dump", dump], [MODELWATCH, "ecosystem", "--format", "json"]]
    pandas = [PY, "-m", "tests.support.pandas_ecosystem", dump]
    polars = [PY, "-m", "tests.support.polars_ecosystem", dump]
    # identical answers first (also warms the page cache)
    _, _, outs = _run(ours, env)
    _, _, pouts = _run([pandas], env)
    _, _, plouts = _run([polars], env)
    identical = json.loads(outs[1]) == json.loads(pouts[0])
    if not identical:
        raise AssertionError(f"pandas and modelwatch disagree on {dump}")
    if json.loads(outs[1]) != json.loads(plouts[0]):
        raise AssertionError(f"polars and modelwatch disagree on {dump}")
    e2e = _measure(ours, env, runs)
    imp = _measure(ours[:1], env, runs)
    eco = _measure(ours[1:], env, runs)
    pan = _measure([pandas], env, pandas_runs)
    pol = _measure([polars], env, runs)
    scan = _measure([[PY, "-c", SCAN, dump]], env, runs)
    links = _measure([[PY, "-c", LINKS, dump]], env, runs)
    return {
        "repos": n,
        "dump_mib": round(Path(dump).stat().st_size / 2**20, 1),
        "end_to_end": e2e,
        "import": imp,
        "ecosystem": eco,
        "pandas": pan,
        "polars": pol,
        "bare_scan": scan,
        "links_only": links,
        "identical_to_pandas": identical,
        "identical_to_polars": True,
        "speedup_vs_pandas": round(pan["median_s"] / e2e["median_s"], 2),
        "speedup_vs_polars": round(pol["median_s"] / e2e["median_s"], 2),
        "ratio_to_bare_scan": round(e2e["median_s"] / scan["median_s"], 2),
        "links_only_to_bare_scan": round(links["median_s"] / scan["median_s"], 2),
    }


def run() -> dict[str, object]:
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory() as home:
        # PYTHONPATH: the peers run as `python -m tests.support...` from wherever bench/run.py was started
        env = {**os.environ, "MODELWATCH_HOME": home, "PYTHONPATH": str(ROOT)}
        home_dir = Path(home) / "home"
        env["MODELWATCH_HOME"] = str(home_dir)
        subprocess.run([MODELWATCH, "build"], check=True, env=env, capture_output=True)
        shutil.copyfile(home_dir / "modelwatch.duckdb", Path(home) / "pristine.duckdb")
        sizes = {}
        for n in SIZES:
            print(f"  {n:,} repos ...", flush=True)
            sizes[str(n)] = _size(n, env)
    big, small = sizes[str(SIZES[-1])], sizes[str(SIZES[0])]
    e2e, peak = big["end_to_end"]["median_s"], big["end_to_end"]["peak_rss_mib"]  # type: ignore[index]
    return {
        "sizes": sizes,
        "growth_200k_to_2m": {
            "end_to_end": round(e2e / small["end_to_end"]["median_s"], 2),  # type: ignore[index]
            "pandas": round(big["pandas"]["median_s"] / small["pandas"]["median_s"], 2),  # type: ignore[index]
            "polars": round(big["polars"]["median_s"] / small["polars"]["median_s"], 2),  # type: ignore[index]
            "bare_scan": round(big["bare_scan"]["median_s"] / small["bare_scan"]["median_s"], 2),  # type: ignore[index]
        },
        "targets": TARGETS,
        "met": {
            "end_to_end_s": e2e <= TARGETS["end_to_end_s"],
            "peak_rss_mib": peak <= TARGETS["peak_rss_mib"],
            "speedup_vs_pandas": big["speedup_vs_pandas"] >= TARGETS["speedup_vs_pandas"],  # type: ignore[operator]
            "speedup_vs_polars": big["speedup_vs_polars"] > TARGETS["speedup_vs_polars"],  # type: ignore[operator]
            "ratio_to_bare_scan": big["ratio_to_bare_scan"] <= TARGETS["ratio_to_bare_scan"],  # type: ignore[operator]
        },
        "load_average_before_after": [round(load_before[0], 2), round(os.getloadavg()[0], 2)],
    }
