"""Time the map page drawing 10,000 events in headless Chromium (navigation start to markers drawn).

    .venv/bin/python bench/map_bench.py [--events 10000] [--runs 5]

Fills a temporary SQLite store with seeded synthetic events, serves it with uvicorn on
127.0.0.1, opens the page in Debian's chromium through Playwright (only loopback traffic is
allowed, so the offline basemap is used) and reads the time at which the page reports its
markers drawn (window.__frontline.drawnAt, after two animation frames). Prints the figures and
writes out/bench-map.json and a screenshot to artifacts/map-10k.png.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import sync_playwright

from frontline.store import open_store
from frontline.web.sample import fill_store

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 1500.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--chromium", default=os.environ.get("FRONTLINE_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench-map.json")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'map.db'}"
        store = open_store(db_url)
        fill_store(store, args.events, seed=7)
        store.close()
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        base = f"http://127.0.0.1:{port}"
        # The server runs in its own process, as `frontline serve` does, not sharing a GIL with the driver.
        server = subprocess.Popen(
            [sys.executable, "-m", "frontline.cli.main", "serve", "--db", db_url, "--port", str(port)],
            env={**os.environ, "FRONTLINE_INGEST_TOKEN": ""},
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                if time.monotonic() > deadline or server.poll() is not None:
                    server.terminate()
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
        timings: list[dict[str, Any]] = []
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=args.chromium, headless=True, args=["--no-sandbox"])
                for run in range(args.runs + 1):  # the first run warms the server and the disk cache
                    context = browser.new_context(viewport={"width": 1366, "height": 768})
                    page = context.new_page()
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(base) else r.abort())
                    page.goto(base + "/")
                    page.wait_for_function(
                        "() => window.__frontline && window.__frontline.eventsDrawn >= 0", timeout=60000
                    )
                    drawn = page.evaluate("window.__frontline.eventsDrawn")
                    ms = page.evaluate("window.__frontline.drawnAt")
                    if drawn != args.events:
                        raise SystemExit(f"the page drew {drawn} markers, expected {args.events}")
                    marks = page.evaluate("window.__frontline.marks")
                    if run > 0:
                        timings.append({"ms": ms, "drawn": drawn, "marks": marks})
                        steps = ", ".join(f"{k} {v:.0f}" for k, v in sorted(marks.items(), key=lambda kv: kv[1]))
                        print(f"run {run}: {drawn} markers drawn {ms:.0f} ms after navigation start ({steps})")
                    if run == args.runs:
                        (ROOT / "artifacts").mkdir(exist_ok=True)
                        page.screenshot(path=str(ROOT / "artifacts" / "map-10k.png"))
                    context.close()
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    values = [t["ms"] for t in timings]
    median = statistics.median(values)
    verdict = "met" if median < TARGET_MS else "NOT met"
    print(f"{args.events} events: median {median:.0f} ms, worst {max(values):.0f} ms over {len(values)} runs; "
          f"target < {TARGET_MS:.0f} ms: {verdict}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "events": args.events, "runs": values, "median_ms": median, "worst_ms": max(values),
        "target_ms": TARGET_MS, "chromium": args.chromium, "cpus": os.cpu_count(),
    }, indent=2) + "\n")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
