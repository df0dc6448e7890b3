"""`modelwatch serve` under load: wrk on loopback, 30 s per URL, against the bundled registry.

Measures the start-up (command to first answer), then requests per second, p50 / p99 latency and
errors for a filtered `/api/v1/releases` query and a filtered explorer page. Only 127.0.0.1.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

from timing import MODELWATCH

SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
TARGETS = {"rps": 500, "p99_ms": 50}
URLS = {
    "api_releases": "/api/v1/releases?year=2025&country=CN&openness=open",
    "explorer_page": "/releases?year=2025&country=US&sort=name&order=asc",
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit], 2)


def _wrk(url: str) -> dict[str, object]:
    out = subprocess.run(
        ["wrk", "-t", "1", "-c", str(CONNECTIONS), "-d", f"{SECONDS}s", "--timeout", "5s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=SECONDS + 30,
    ).stdout
    lat = dict(re.findall(r"^\s+(50|99)%\s+(\S+)$", out, re.M))
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = (int(non2xx.group(1)) if non2xx else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {
        "requests": total,
        "rps": round(rps),
        "p50_ms": _ms(lat["50"]),
        "p99_ms": _ms(lat["99"]),
        "errors": errors,
        "met": rps >= TARGETS["rps"] and _ms(lat["99"]) < TARGETS["p99_ms"] and errors == 0,
    }


def run() -> dict[str, object]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (apt-get install wrk)"}
    port = _port()
    base = f"http://127.0.0.1:{port}"
    out: dict[str, object] = {
        "tool": "wrk 1 thread",
        "connections": CONNECTIONS,
        "seconds": SECONDS,
        "targets": TARGETS,
        # the machine is shared: its load before the run says how much of it the figures had
        "load_average_1m_before": round(os.getloadavg()[0], 2),
    }
    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MODELWATCH_HOME": home}
        subprocess.run([MODELWATCH, "build"], check=True, env=env, capture_output=True)
        start = time.perf_counter()
        server = subprocess.Popen(
            [MODELWATCH, "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        try:
            deadline = time.monotonic() + 20
            while True:
                try:
                    with urllib.request.urlopen(base + "/api/v1/organizations", timeout=2) as r:
                        r.read()
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise RuntimeError("the server did not start within 20 s") from None
                    time.sleep(0.05)
            out["startup_s"] = round(time.perf_counter() - start, 2)
            for name, path in URLS.items():
                with urllib.request.urlopen(base + path, timeout=10) as r:  # warm the cache once
                    r.read()
                out[name] = {"url": path, **_wrk(base + path)}
        finally:
            server.terminate()
            server.wait(timeout=10)
    return out
