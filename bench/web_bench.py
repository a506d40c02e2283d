"""Load-test GET /api/events on loopback: 50 concurrent clients, p50/p99 latency, against /api/health.

    .venv/bin/python bench/web_bench.py [--events 10000] [--clients 50] [--duration 20] [--workers 1]

Fills a temporary SQLite store with seeded synthetic events, starts uvicorn on 127.0.0.1 only,
drives it with wrk (Debian package `wrk`) when installed, else with an asyncio httpx client, and
prints and writes (out/bench-web.json) the latency of event pages and of the trivial baseline.
The httpx fallback is a Python client on the same cores: its figures are bounded by the client,
so use wrk (apt-get install wrk) for the numbers you report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from frontline.store import open_store
from frontline.web.sample import fill_store

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db_url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "FRONTLINE_DB": db_url, "FRONTLINE_INGEST_TOKEN": ""}
    cmd = [
        sys.executable, "-m", "uvicorn", "frontline.web.app:create_app", "--factory",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning", "--no-access-log",
        "--workers", str(workers),
    ]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("uvicorn did not answer within 30 s")


_WRK_SCRIPT = """
math.randomseed(7)
local pages = {pages}
request = function()
  local path = "{path}"
  if pages > 0 then
    path = path .. "&offset=" .. (math.random(0, pages - 1) * {page})
  end
  return wrk.format("GET", path)
end
"""


def _wrk_ms(text: str, label: str) -> float:
    match = re.search(rf"^\s*{re.escape(label)}\s+([\d.]+)(us|ms|s)\s*$", text, re.MULTILINE)
    if not match:
        raise SystemExit(f"cannot read the {label} latency from wrk's output:\n{text}")
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def run_wrk(url: str, path: str, pages: int, page: int, clients: int, duration: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(_WRK_SCRIPT.replace("{pages}", str(pages)).replace("{path}", path).replace("{page}", str(page)))
        script = f.name
    try:
        out = subprocess.run(
            ["wrk", "-t2", f"-c{clients}", f"-d{duration}s", "--latency", "--timeout", "10s", "-s", script, url],
            check=True, capture_output=True, text=True,
        ).stdout
    finally:
        os.unlink(script)
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "p50_ms": _wrk_ms(out, "50%"), "p90_ms": _wrk_ms(out, "90%"), "p99_ms": _wrk_ms(out, "99%"),
        "requests": requests, "rps": requests / duration, "errors": int(errors.group(1)) if errors else 0,
    }


async def _client_load(base: str, path: str, pages: int, page: int, clients: int, duration: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    rng = random.Random(7)
    stop = time.monotonic() + duration

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < stop:
            url = path + (f"&offset={rng.randrange(pages) * page}" if pages else "")
            t = time.perf_counter()
            response = await client.get(url)
            latencies.append((time.perf_counter() - t) * 1000)
            errors += response.status_code != 200

    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        await asyncio.gather(*(worker(client) for _ in range(clients)))
    qs = statistics.quantiles(latencies, n=100)
    return {"p50_ms": qs[49], "p90_ms": qs[89], "p99_ms": qs[98], "requests": len(latencies),
            "rps": len(latencies) / duration, "errors": errors}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--duration", type=int, default=20)
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--page", type=int, default=100, help="events per page (the limit parameter)")
    parser.add_argument("--tool", choices=("auto", "wrk", "httpx"), default="auto")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-web.json")
    args = parser.parse_args()

    tool = args.tool
    if tool == "auto":
        tool = "wrk" if shutil.which("wrk") else "httpx"
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        store = open_store(db_url)
        started = time.perf_counter()
        reports = fill_store(store, args.events, seed=7)
        store.close()
        print(f"store: {args.events} synthetic events in {reports} reports ({time.perf_counter() - started:.1f} s)")
        port = free_port()
        server = start_server(db_url, port, args.workers)
        base = f"http://127.0.0.1:{port}"
        page = args.page
        pages = args.events // page
        try:
            httpx.get(base + f"/api/events?limit={page}", timeout=30)  # warm the connection pool
            runs = {}
            # "events" starts with an empty page cache (the server just started); "events-warm" repeats the
            # same load once every page has been served, which is the steady state of a running server.
            events_path = f"/api/events?limit={page}"
            for name, path, n in (("health", "/api/health", 0), ("events", events_path, pages), ("events-warm", events_path, pages)):
                if tool == "wrk":
                    runs[name] = run_wrk(base + path, path, n, page, args.clients, args.duration)
                else:
                    runs[name] = asyncio.run(_client_load(base, path, n, page, args.clients, args.duration))
                r = runs[name]
                print(
                    f"{name:7s} {r['requests']:7d} requests  {r['rps']:7.0f}/s  p50 {r['p50_ms']:6.1f} ms  "
                    f"p90 {r['p90_ms']:6.1f} ms  p99 {r['p99_ms']:6.1f} ms  errors {r['errors']}"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)
    ratio = runs["events"]["p99_ms"] / max(runs["health"]["p99_ms"], 1e-6)
    for name in ("events", "events-warm"):
        verdict = "met" if runs[name]["p99_ms"] < 100 else "NOT met"
        print(f"GET /api/events?limit={args.page} ({name}) p99 = {runs[name]['p99_ms']:.1f} ms at {args.clients} clients "
              f"({runs[name]['p99_ms'] / max(runs['health']['p99_ms'], 1e-6):.2f}x the /api/health p99); target p99 < 100 ms: {verdict}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "tool": tool, "events": args.events, "clients": args.clients, "duration_s": args.duration,
        "workers": args.workers, "page": args.page, "runs": runs, "p99_ratio_events_to_health": ratio,
        "cpus": os.cpu_count(),
    }, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
