"""Time control-map computation on synthetic events: 10,000 places x 100,000 events by default.

Run: .venv/bin/python bench/control_bench.py [--places N] [--events N] [--seed N] [--repeat N]
Prints the figures and writes them to out/bench-control.json. The baseline is a plain sort of the
same events by place and date, the least any per-place timeline computation has to do.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

from frontline.control import ControlMap, Sides, compute_control
from frontline.model import Claim, Event, Location, Place

ACTORS = ("Syrian government forces", "Hezbollah", "Russia", "ISIS", "SDF", "HTS", "Syrian opposition", "Turkey")
OUTLETS = (None, None, "Syrian government forces", "ISIS", "SDF", "Hezbollah")
# (sub-event type, sentence, trigger lemma, control effect, share): the mix of a busy front, with the
# trigger and effect the extractor records (a fifth of events come without them, as from other sources).
KINDS = (
    ("Government regains territory", "Government troops captured the town after two days of fighting, "
     "a military source told the state news agency.", "capture", "gain", 0.20),
    ("Government regains territory", "Troops took positions inside the town on its eastern edge.",
     "take", "gain", 0.05),
    ("Non-state actor overtakes territory", "Fighters seized the village at dawn, the group said in a statement.",
     "seize", "gain", 0.15),
    ("Armed clash", "Heavy clashes broke out in the town between the two sides, monitors said.",
     "clash", "contest", 0.25),
    ("Armed clash", "Forces encircled the town and cut the road to the river.", "encircle", "siege", 0.05),
    ("Government regains territory", "Troops entered the town from the west.", "enter", "gain", 0.05),
    ("Non-violent transfer of territory", "The fighters withdrew from the town under a local deal.",
     "withdraw", "withdraw", 0.05),
    ("Air/drone strike", "Warplanes struck the town overnight, killing five people.", "strike", None, 0.20),
)
STATUSES = ("reported",) * 6 + ("claimed",) * 3 + ("unconfirmed", "historical", "hypothetical", "denied", "future")


def make_places(n: int, rng: random.Random) -> list[Place]:
    """Return n synthetic towns spread over 14 first-level divisions."""
    places = []
    for i in range(n):
        admin = rng.randrange(14)
        places.append(
            Place(
                gazetteer_id=f"bench:{i}",
                name=f"Town {i}",
                latitude=32.5 + rng.random() * 4.5,
                longitude=35.8 + rng.random() * 6.0,
                country="SY",
                admin1=f"Division {admin}",
                admin1_code=f"{admin:02d}",
            )
        )
    return places


def make_regions() -> list[Place]:
    """Return the 14 divisions as admin areas, for area-wide claims."""
    return [
        Place(f"bench:adm{a}", f"Division {a}", 34.5, 38.8, feature_class="A", feature_code="ADM1",
              country="SY", admin1=f"Division {a}", admin1_code=f"{a:02d}")
        for a in range(14)
    ]


def make_events(n: int, places: list[Place], rng: random.Random) -> list[Event]:
    """Return n synthetic events over 2017-2018 at the given places (1% of them area-wide)."""
    regions = make_regions()
    kinds = [k for k in KINDS for _ in range(int(k[4] * 100))]
    start = date(2017, 1, 1)
    events = []
    for i in range(n):
        sub, text, lemma, effect, _ = rng.choice(kinds)
        trigger: str | None = lemma
        if rng.random() < 0.2:
            trigger, effect = None, None
        a1, a2 = rng.sample(ACTORS, 2)
        if rng.random() < 0.01:
            place, precision = rng.choice(regions), 3
        else:
            place, precision = rng.choice(places), rng.choice((1, 1, 1, 2))
        day = start + timedelta(days=rng.randrange(730))
        affiliation = rng.choice(OUTLETS)
        silent = (rng.choice(places).name,) if rng.random() < 0.01 else ()
        events.append(
            Event(
                id=f"ev{i}",
                document_id=f"doc{i // 5}",
                sentence_start=0,
                sentence_end=40,
                event_type="Battles",
                sub_event_type=sub,
                actor1=a1,
                actor2=a2 if rng.random() < 0.8 else None,
                location=Location(place, precision, place.latitude, place.longitude, mention=place.name),
                date_start=day,
                date_end=day + timedelta(days=rng.choice((0, 0, 0, 1, 6))),
                claim=Claim(status=rng.choice(STATUSES), speaker_affiliation=affiliation, silent_on=silent),
                confidence=0.4 + rng.random() * 0.5,
                text=text,
                trigger=trigger,
                control=effect,
            )
        )
    return events


def main() -> None:
    """Generate, time, print and write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--places", type=int, default=10_000)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("out/bench-control.json"))
    args = parser.parse_args()

    rng = random.Random(args.seed)
    places = make_places(args.places, rng)
    events = make_events(args.events, places, rng)
    sides = Sides(None)  # the built-in coalition table: timing the computation, not pack loading

    control_times: list[float] = []
    control_cpu: list[float] = []  # CPU seconds: the fairer figure when other jobs share the cores
    sort_times: list[float] = []
    cmap: ControlMap | None = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        ordered = sorted(events, key=lambda e: (e.location.place.gazetteer_id if e.location else "", e.date_start or date.min))
        sort_times.append(time.perf_counter() - t0)
        # A fresh resolver each run, so its cache does not carry over between runs.
        sides = Sides(None)
        t0, c0 = time.perf_counter(), time.process_time()
        cmap = compute_control(events, sides=sides)
        control_times.append(time.perf_counter() - t0)
        control_cpu.append(time.process_time() - c0)
    if cmap is None or not ordered:
        raise SystemExit("nothing to time: pass --events and --repeat above 0")
    segments = sum(len(t) for t in cmap.timelines.values())
    t0 = time.perf_counter()
    snapshot = cmap.at(date(2018, 6, 30))
    query = time.perf_counter() - t0
    best, base = min(control_times), min(sort_times)
    figures = {
        "places": args.places,
        "events": args.events,
        "seed": args.seed,
        "repeat": args.repeat,
        "control_seconds_best": round(best, 4),
        "control_seconds_median": round(statistics.median(control_times), 4),
        "control_cpu_seconds_best": round(min(control_cpu), 4),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "sort_baseline_seconds_best": round(base, 4),
        "ratio_to_sort": round(best / base, 2),
        "places_with_timeline": len(cmap),
        "states": segments,
        "snapshot_seconds": round(query, 4),
        "snapshot_places": len(snapshot),
        "target_seconds": 2.0,
        "target_met": best < 2.0,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    for key, value in figures.items():
        print(f"{key:<30} {value}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
