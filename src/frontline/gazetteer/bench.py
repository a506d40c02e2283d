"""Measure the gazetteer: cold open, lookup and membership-test time, memory, index size."""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from frontline.gazetteer.store import Gazetteer, open_gazetteer

_COLD = """
import time
t0 = time.perf_counter()
from pathlib import Path
from frontline.gazetteer import open_gazetteer
g = open_gazetteer(Path({path!r}), build=False)
g.lookup("Mayadin")
print(time.perf_counter() - t0)
"""


@dataclass(frozen=True, slots=True)
class BenchResult:
    """Figures for one index on this machine."""

    index: str
    index_mb: float
    places: int
    keys: int
    cold_open_s: float  # fresh interpreter: import, open, first lookup
    lookup_us_distinct: float  # mean over distinct names (nothing cached)
    lookup_us_repeated: float  # mean over names already looked up
    is_name_us: float  # mean over distinct names
    fuzzy_ms: float
    rss_mb: float  # peak resident memory of this process after the runs

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2)


def _sample_names(gaz: Gazetteer, n: int, seed: int) -> list[str]:
    rows = gaz._query("SELECT name FROM places ORDER BY pid", ())
    rng = random.Random(seed)
    names = [str(r[0]) for r in rows]
    return rng.sample(names, min(n, len(names)))


def run_bench(path: Path | None = None, *, lookups: int = 10_000, seed: int = 7) -> BenchResult:
    """Time the index at `path` (default: the cached one) and return the figures."""
    gaz = open_gazetteer(path, build=True)
    cold = subprocess.run(
        [sys.executable, "-c", _COLD.format(path=str(gaz.path))], capture_output=True, text=True, check=True
    )
    names = _sample_names(gaz, lookups, seed)
    t = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    distinct = (time.perf_counter() - t) / len(names)
    t = time.perf_counter()
    for name in names:
        gaz.lookup(name)
    repeated = (time.perf_counter() - t) / len(names)
    probe = [n + " x" for n in names]  # unseen keys, so the membership cache cannot answer
    t = time.perf_counter()
    for name in probe:
        gaz.is_name(name)
    is_name = (time.perf_counter() - t) / len(probe)
    fuzzy_names = names[:50]
    t = time.perf_counter()
    for name in fuzzy_names:
        gaz.fuzzy(name[:-1] + "q" if len(name) > 4 else name)
    fuzzy = (time.perf_counter() - t) / len(fuzzy_names)
    stats = gaz.stats()
    rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return BenchResult(
        index=str(gaz.path),
        index_mb=round(int(stats["bytes"]) / 1e6, 1),
        places=int(stats.get("places", "0")),
        keys=int(stats["keys"]),
        cold_open_s=round(float(cold.stdout.strip()), 3),
        lookup_us_distinct=round(distinct * 1e6, 1),
        lookup_us_repeated=round(repeated * 1e6, 2),
        is_name_us=round(is_name * 1e6, 1),
        fuzzy_ms=round(fuzzy * 1e3, 2),
        rss_mb=round(rss_kb / 1024, 1),
    )
