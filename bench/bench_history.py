"""History of whole-Hub snapshots: N daily snapshots, `ecosystem --history` on DuckDB against Spark local.

One generated dump (tests/support/gen_hub_dump.py, cached under bench/cache/) is cut into N daily snapshots: the
snapshot of day d holds the repos created by then, with downloads that move from day to day. They are imported
one by one (`import hub-dump FILE --as-of DAY`, timed), and at a few history lengths the query
`ecosystem --history --every day --by region` (every snapshot read) is timed as a fresh process on each
engine, with the peak memory of the whole process tree (Spark's JVM included). Both engines' answers are
checked identical first.

    BENCH_HISTORY_SIZES=200000:30,2000000:30 python bench/run.py history
    BENCH_HISTORY_SIZES=2000000:30 BENCH_HISTORY_CHECKPOINTS=5,10,20,30 BENCH_HISTORY_SPARK_MAX=5 \
        python bench/run.py history    # queries at 5, 10, 20 and 30 snapshots; Spark only at 5

Sizes not measured again keep their earlier figures (each entry says when it was measured, at what load).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from bench_ecosystem import CACHE, PY, _dump
from timing import MODELWATCH

from modelwatch.store.hub_history import PARTS

SIZES = os.environ.get("BENCH_HISTORY_SIZES", "200000:30")
QUERY = ["ecosystem", "--history", "--every", "day", "--by", "region", "--format", "json"]
RUNS = {"duckdb": 3, "spark": 1}
# Spark only up to this many snapshots (on a busy 2-core machine one Spark run over 10 x 2M repos took over 12 min)
SPARK_MAX = int(os.environ.get("BENCH_HISTORY_SPARK_MAX", "1000000"))


def _days(n: int, days: int, dated_by_data: bool = False) -> list[tuple[str, Path]]:
    """The daily snapshots of the cached n-repo dump (made once, in DuckDB). `dated_by_data`: no repo modified
    after the snapshot's day either (a backfill dates each revision from the newest date it holds)."""
    base = _dump(n)
    folder = CACHE / (f"revisions_{n}_{days}" if dated_by_data else f"history_{n}_{days}")
    folder.mkdir(parents=True, exist_ok=True)
    modified = ", least(lastModified, TIMESTAMPTZ '{d} 12:00:00+00') AS lastModified" if dated_by_data else ""
    script = (
        "import duckdb,sys; con = duckdb.connect(); con.execute('SET TimeZone = \\'UTC\\''); "
        "b, d, i, out = sys.argv[1:]; "
        'con.execute(f"COPY (SELECT * REPLACE ((downloads * (30 + {i}) // 30 + hash(id, {i}) % 5)::BIGINT '
        f"AS downloads{modified}) FROM '{{b}}' WHERE createdAt::DATE <= DATE '{{d}}') TO '{{out}}' "
        '(FORMAT parquet, COMPRESSION zstd)")'
    )
    last = dt.date(2026, 10, 31)  # the generator's last creation day
    out = []
    for i in range(days):
        day = (last - dt.timedelta(days=days - 1 - i)).isoformat()
        path = folder / f"{day}.parquet"
        if not path.exists():
            tmp = path.with_suffix(".tmp")
            subprocess.run([PY, "-c", script, str(base), day, str(i), str(tmp)], check=True)
            tmp.rename(path)
        out.append((day, path))
    return out


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (MiB), from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 2**20


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, peak RSS of the process tree (MiB, sampled every 50 ms), stdout."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.DEVNULL)
        peak = 0.0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_mib(proc.pid))
            time.sleep(0.05)
        took = time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd} failed with {proc.returncode}")
        out.seek(0)
        return took, round(peak, 1), out.read().decode()


def _query(engine: str, env: dict[str, str]) -> tuple[dict[str, object], str]:
    times, peaks, answer = [], [], ""
    for _ in range(RUNS[engine]):
        took, peak, answer = _run([MODELWATCH, *QUERY, "--engine", engine], env)
        times.append(took)
        peaks.append(peak)
    return {"median_s": round(statistics.median(times), 2), "runs": len(times), "peak_rss_mib": max(peaks)}, answer


def _size(n: int, days: int, env: dict[str, str]) -> dict[str, object]:
    snaps = _days(n, days)
    chosen = os.environ.get("BENCH_HISTORY_CHECKPOINTS")  # e.g. "10,30": fewer Spark runs on a long history
    checkpoints = (
        sorted({int(c) for c in chosen.split(",") if 0 < int(c) <= days})
        if chosen
        else sorted({max(1, days // 6), days // 3, 2 * days // 3, days})
    )
    imports: list[float] = []
    per_n: dict[str, object] = {}
    home = Path(env["MODELWATCH_HOME"])
    for i, (day, path) in enumerate(snaps, 1):
        took, _, _ = _run([MODELWATCH, "import", "hub-dump", str(path), "--as-of", day], env)
        imports.append(took)
        if i in checkpoints:
            duck, duck_answer = _query("duckdb", env)
            if i > SPARK_MAX:
                per_n[str(i)] = {"duckdb": duck, "spark": None}
                print(f"    {i} snapshots: duckdb {duck['median_s']} s (spark not run)", flush=True)
                continue
            spark, spark_answer = _query("spark", env)
            if json.loads(duck_answer) != json.loads(spark_answer):
                raise AssertionError(f"DuckDB and Spark disagree at {i} snapshots of {n} repos")
            per_n[str(i)] = {"duckdb": duck, "spark": spark, "identical": True}
            print(f"    {i} snapshots: duckdb {duck['median_s']} s, spark {spark['median_s']} s", flush=True)
    history = home / "history" / "hub-dump"
    # every part a snapshot writes (the roots too): what the history costs on disk per snapshot
    parts = {p: sum(f.stat().st_size for f in (history / p).rglob("*.parquet")) for p in PARTS}
    script = (
        "import duckdb,sys; con = duckdb.connect(); print(*(con.execute('SELECT count(*) FROM read_parquet(?)', "
        "[sys.argv[1] + '/' + p + '/*/*.parquet']).fetchone()[0] for p in sys.argv[2:]))"
    )
    counted = subprocess.run([PY, "-c", script, str(history), *PARTS], check=True, capture_output=True, text=True)
    rows = dict(zip(PARTS, (int(n) for n in counted.stdout.split()), strict=True))
    dumps = sum(p.stat().st_size for _, p in snaps)
    return {
        "repos_last_day": n,
        "snapshots": days,
        "import_s": {"median": round(statistics.median(imports), 2), "total": round(sum(imports), 1)},
        "history_bytes_per_snapshot": {k: v // days for k, v in parts.items()},
        "history_rows": rows,
        "dump_bytes_per_snapshot": dumps // days,
        "query": per_n,
    }


def _earlier() -> dict[str, object]:
    """The history figures of the tracked results, for the sizes this run does not measure again."""
    tracked = Path(__file__).resolve().parent / "results.json"
    if not tracked.exists():
        return {}
    doc = json.loads(tracked.read_text())
    found = doc.get("history", {})
    when = doc.get("history_measured_at") or doc.get("machine", {}).get("measured_at")
    load = found.get("load_average_before_after")
    return {k: {**v, "measured_at": v.get("measured_at", when), "load_average_before_after": v.get(
        "load_average_before_after", load)} for k, v in found.items() if isinstance(v, dict)}  # fmt: skip


def run() -> dict[str, object]:
    """One entry per size (`DAYSxREPOS`), each with its own date and load average; sizes not in
    BENCH_HISTORY_SIZES keep their earlier figures."""
    load_before = os.getloadavg()
    results: dict[str, object] = dict(_earlier())
    for spec in SIZES.split(","):
        n, days = (int(x) for x in spec.split(":"))
        print(f"  {days} x {n:,} repos ...", flush=True)
        home = tempfile.mkdtemp(prefix="mw-history-")
        try:
            env = {**os.environ, "MODELWATCH_HOME": home}
            subprocess.run([MODELWATCH, "build"], check=True, env=env, capture_output=True)
            load = os.getloadavg()[0]
            entry = _size(n, days, env)
            entry["measured_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
            entry["load_average_before_after"] = [round(load, 2), round(os.getloadavg()[0], 2)]
            results[f"{days}x{n}"] = entry
        finally:
            shutil.rmtree(home, ignore_errors=True)
    results["load_average_before_after"] = [round(load_before[0], 2), round(os.getloadavg()[0], 2)]
    return results
