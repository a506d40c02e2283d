"""Benchmark: `frontline ingest` throughput on real reports against a bare spaCy parse of the same texts.

Usage: .venv/bin/python bench/ingest_bench.py [--n 100] [--out out/bench-ingest.json]

Both runs use one process and one core; the bare parse is the floor the pipeline cannot beat, so
the figure that matters is the ratio. Also measures the cold start of `frontline extract` on the
seed report against a bare `spacy.load` in a fresh interpreter.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from frontline import settings  # noqa: E402


def load_reports(n: int) -> list[dict[str, str]]:
    """Return `n` FA-KES articles as JSON Lines records (title, date, text)."""
    path = settings.get_path("shared") / "corpora" / "news" / "fakes" / "FA-KES-Dataset.csv"
    with path.open(encoding="utf-8", errors="replace", newline="") as f:
        rows = list(csv.DictReader(f))
    out = []
    for row in rows:
        text = row["article_content"].strip()
        if len(text) < 400:
            continue
        month, day, year = (int(x) for x in row["date"].split("/"))
        out.append({"title": row["article_title"], "date": f"{year:04d}-{month:02d}-{day:02d}",
                    "publisher": row["source"], "text": row["article_title"] + "\n\n" + text})
        if len(out) == n:
            break
    return out


def time_bare_parse(texts: list[str]) -> float:
    import spacy

    nlp = spacy.load(settings.get("spacy_model"))
    list(nlp.pipe(texts[:4]))  # warm up
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=16):
        pass
    return time.perf_counter() - start


def time_ingest(reports: list[dict[str, str]]) -> tuple[float, str]:
    from frontline.events.extract import extract_many
    from frontline.ingest.run import ingest
    from frontline.model import Document
    from frontline.store import open_store

    # Warm the shared pipeline, gazetteer and actor pack, as a long-running ingest would be.
    list(extract_many([Document.from_text(reports[0]["text"])]))
    with tempfile.TemporaryDirectory() as tmp:
        batch = Path(tmp) / "reports.jsonl"
        batch.write_text("\n".join(json.dumps(r) for r in reports), encoding="utf-8")
        store = open_store(f"sqlite:///{tmp}/bench.db")
        start = time.perf_counter()
        summary = ingest([str(batch)], store)
        elapsed = time.perf_counter() - start
    return elapsed, summary.line()


def cold_start(seed: Path) -> tuple[float, float]:
    exe = Path(sys.executable).parent / "frontline"
    t0 = time.perf_counter()
    subprocess.run([str(exe), "extract", str(seed), "--published", "2017-10-07"], check=True, capture_output=True)
    extract_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    subprocess.run([sys.executable, "-c", f"import spacy; spacy.load({settings.get('spacy_model')!r})"], check=True)
    load_s = time.perf_counter() - t0
    return extract_s, load_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100)
    parser.add_argument("--out", type=Path, default=Path("out/bench-ingest.json"))
    args = parser.parse_args()
    reports = load_reports(args.n)
    texts = [r["text"] for r in reports]
    parse_s = time_bare_parse(texts)
    ingest_s, line = time_ingest(reports)
    seed = settings.get_path("shared") / "seed" / "syria-daily-2017-10-07.txt"
    extract_cold, load_cold = cold_start(seed)
    result = {
        "reports": len(reports),
        "characters": sum(len(t) for t in texts),
        "bare_spacy_pipe_s": round(parse_s, 2),
        "bare_spacy_reports_per_s": round(len(texts) / parse_s, 2),
        "frontline_ingest_s": round(ingest_s, 2),
        "frontline_ingest_reports_per_s": round(len(texts) / ingest_s, 2),
        "ingest_over_parse_ratio": round(ingest_s / parse_s, 2),
        "ingest_summary": line,
        "cold_extract_seed_s": round(extract_cold, 2),
        "cold_spacy_load_s": round(load_cold, 2),
        "cold_start_ratio": round(extract_cold / load_cold, 2),
    }
    for key, value in result.items():
        print(f"{key:32} {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
