"""Benchmark: geoparsing (recognition and resolution) against the spaCy parse of the same articles.

Usage: .venv/bin/python bench/geoparse_bench.py [--corpus geowebnews/GWN.xml] [--repeat 3] [--out out/bench-geoparse.json]

Parses a geoparsing gold corpus with nlp.pipe (timed once), then geoparses every parsed article:
a first pass with empty lookup caches ("cold", what a fresh process pays) and repeated passes
with warm caches (the fastest kept). Prints documents per second for each and their ratio to the
parse. Times are process CPU time, which other jobs on a shared machine do not inflate. One
process, one thread.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

from frontline import settings  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="geowebnews/GWN.xml", help="path under corpora/geo of the 'shared' setting")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("out/bench-geoparse.json"))
    args = parser.parse_args()

    from frontline.eval.geo_corpora import load_corpus
    from frontline.geo import parse as geo_parse

    articles = load_corpus(settings.get_path("shared") / "corpora" / "geo" / args.corpus)
    geo_parse.gazetteer()
    nlp = geo_parse.shared_nlp()
    began = time.process_time()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=16, disable=["lemmatizer"]))
    parse_s = time.process_time() - began

    def one_pass() -> float:
        began = time.process_time()
        for article, doc in zip(articles, docs):
            geo_parse.geoparse(doc, demonyms=True, text=article.text)
        return time.process_time() - began

    cold_s = one_pass()
    warm_s = min(one_pass() for _ in range(max(1, args.repeat)))
    n = len(docs)
    result = {
        "corpus": args.corpus,
        "documents": n,
        "parse_s": round(parse_s, 3),
        "geoparse_cold_s": round(cold_s, 3),
        "geoparse_warm_s": round(warm_s, 3),
        "cold_docs_per_s": round(n / cold_s, 1),
        "warm_docs_per_s": round(n / warm_s, 1),
        "cold_share_of_parse": round(cold_s / parse_s, 3),
        "warm_share_of_parse": round(warm_s / parse_s, 3),
    }
    print(f"{n} articles of {args.corpus}")
    print(f"parse (nlp.pipe):        {parse_s:.2f} s CPU")
    print(f"geoparse, cold caches:   {cold_s:.2f} s CPU = {n / cold_s:.0f} docs/s, {cold_s / parse_s:.1%} of the parse")
    print(f"geoparse, warm caches:   {warm_s:.2f} s CPU = {n / warm_s:.0f} docs/s, {warm_s / parse_s:.1%} of the parse")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
