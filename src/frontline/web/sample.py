"""Seeded synthetic reports and events for load-testing the API and the map (never real data)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from frontline.model import Claim, Document, Event, Location, Place, event_id
from frontline.store import Store

# (event type, sub-event type, control effect) drawn for synthetic events.
_KINDS: tuple[tuple[str, str, str | None], ...] = (
    ("Battles", "Armed clash", None),
    ("Battles", "Government regains territory", "gain"),
    ("Battles", "Non-state actor overtakes territory", "gain"),
    ("Explosions/Remote violence", "Air/drone strike", None),
    ("Explosions/Remote violence", "Shelling/artillery/missile attack", None),
    ("Violence against civilians", "Attack", None),
    ("Strategic developments", "Headquarters or base established", None),
    ("Protests", "Peaceful protest", None),
)
_ACTORS: tuple[str, ...] = ("Syrian government forces", "ISIS", "SDF", "HTS", "Russian forces", "Turkish forces")
_OUTLETS: tuple[str, ...] = ("SANA", "Amaq", "SOHR", "Reuters", "Hawar News")
_STATUSES: tuple[str, ...] = ("reported",) * 6 + ("claimed", "claimed", "unconfirmed", "accused")


def synthetic_places(count: int, rng: random.Random) -> list[Place]:
    """Return `count` made-up towns scattered over Syria's bounding box."""
    return [
        Place(
            gazetteer_id=f"synthetic:{i}",
            name=f"Town {i}",
            latitude=round(rng.uniform(32.6, 37.1), 4),
            longitude=round(rng.uniform(36.0, 41.9), 4),
            country="SY",
            admin1=f"Province {i % 14}",
            admin1_code=f"{i % 14:02d}",
        )
        for i in range(count)
    ]


def synthetic_reports(
    n_events: int, *, seed: int = 7, per_report: int = 10, n_places: int = 300, start: date = date(2017, 7, 1), days: int = 120
) -> Iterator[tuple[Document, list[Event]]]:
    """Yield reports with `per_report` events each until `n_events` events are made (deterministic)."""
    rng = random.Random(seed)
    places = synthetic_places(n_places, rng)
    made = 0
    report = 0
    while made < n_events:
        k = min(per_report, n_events - made)
        day = start + timedelta(days=rng.randrange(days))
        sentences = []
        events = []
        offset = 0
        doc_text_parts = []
        for j in range(k):
            etype, sub, effect = rng.choice(_KINDS)
            a1, a2 = rng.sample(_ACTORS, 2)
            place = rng.choice(places)
            sentence = f"{a1} fought {a2} near {place.name} on {day.isoformat()} (synthetic event {report}.{j})."
            sentences.append((offset, offset + len(sentence), etype, sub, effect, a1, a2, place))
            doc_text_parts.append(sentence)
            offset += len(sentence) + 1
        text = " ".join(doc_text_parts)
        doc = Document.from_text(text, title=f"Synthetic report {report}", publisher=rng.choice(_OUTLETS),
                                 url=f"https://example.org/reports/{report}", published=day)
        for s, e, etype, sub, effect, a1, a2, place in sentences:
            status = rng.choice(_STATUSES)
            precision = rng.choice((1, 1, 1, 2))
            events.append(
                Event(
                    id=event_id(doc.id, s, e, sub, a1),
                    document_id=doc.id,
                    sentence_start=s,
                    sentence_end=e,
                    event_type=etype,
                    sub_event_type=sub,
                    actor1=a1,
                    actor2=a2,
                    location=Location(place, precision, place.latitude, place.longitude, mention=place.name),
                    date_start=day,
                    date_end=day,
                    time_precision=1,
                    fatalities=rng.choice((0, 0, 0, 1, 2, 5)),
                    claim=Claim(status=status, source=doc.publisher if status != "reported" else None),
                    confidence=round(rng.uniform(0.4, 0.95), 2),
                    text=text[s:e],
                    control=effect,
                )
            )
        made += k
        report += 1
        yield doc, events


def fill_store(store: Store, n_events: int, *, seed: int = 7) -> int:
    """Write `n_events` synthetic events into a store; return how many reports were written."""
    reports = 0
    for doc, found in synthetic_reports(n_events, seed=seed):
        store.add_report(doc, found, [{"name": a} for a in sorted({x for e in found for x in (e.actor1, e.actor2) if x})])
        reports += 1
    return reports


HOSTILE_MARKUP = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def scenario_reports() -> list[tuple[Document, list[Event]]]:
    """Return a small hand-built story for tests and demos.

    Mayadin is taken by ISIS (reported 2017-09-01), then retaken by government forces
    (2017-10-14); Qaryatayn is claimed by ISIS; Deir ez-Zor is besieged and Raqqa contested
    (2017-10-10); one report's text, title and link carry markup and a javascript: URL, the way
    a hostile page might.
    """
    mayadin = Place("geonames:170794", "Al Mayadin", 35.0206, 40.4523, country="SY", admin1="Deir ez-Zor",
                    admin1_code="07", geonameid=170794, alternate_names=("Mayadin",))
    qaryatayn = Place("geonames:172186", "Al Qaryatayn", 34.2293, 37.2406, country="SY", admin1="Homs",
                      admin1_code="11", geonameid=172186, alternate_names=("Qaryatayn",))

    def report(text: str, day: date, publisher: str, url: str | None, title: str) -> Document:
        return Document.from_text(text, title=title, publisher=publisher, url=url, published=day)

    def act(doc: Document, sentence: str, sub: str, a1: str, a2: str | None, place: Place, day: date,
            effect: str | None, status: str = "reported", source: str | None = None) -> Event:
        start = doc.text.index(sentence)
        end = start + len(sentence)
        etype = "Battles" if sub != "Air/drone strike" else "Explosions/Remote violence"
        return Event(
            id=event_id(doc.id, start, end, sub, a1), document_id=doc.id, sentence_start=start, sentence_end=end,
            event_type=etype, sub_event_type=sub, actor1=a1, actor2=a2,
            location=Location(place, 1, place.latitude, place.longitude, mention=place.name),
            date_start=day, date_end=day, time_precision=1, claim=Claim(status=status, source=source),
            confidence=0.9, text=sentence, control=effect,
        )

    out: list[tuple[Document, list[Event]]] = []
    s1 = "ISIS fighters captured the town of Mayadin after government forces withdrew."
    d1 = report(f"Deir ez-Zor update\n\nFighting continued in the east. {s1} Residents fled south.",
                date(2017, 9, 1), "Reuters", "https://example.org/mayadin-isis", "Deir ez-Zor update")
    out.append((d1, [act(d1, s1, "Non-state actor overtakes territory", "ISIS", "Syrian government forces",
                         mayadin, date(2017, 9, 1), "gain")]))
    s2 = "Syrian government forces recaptured Mayadin from ISIS on Saturday."
    d2 = report(f"Army retakes Mayadin\n\n{s2} The army said the town was fully secured.",
                date(2017, 10, 14), "Reuters", "https://example.org/mayadin-army", "Army retakes Mayadin")
    out.append((d2, [act(d2, s2, "Government regains territory", "Syrian government forces", "ISIS",
                         mayadin, date(2017, 10, 14), "gain")]))
    s3 = f"Amaq said ISIS took Qaryatayn {HOSTILE_MARKUP} in a surprise attack."
    d3 = report(
        f"Claims from Homs <b onmouseover=\"window.__pwned = 3\">desert</b>\n\n{s3} "
        "See <a href=\"javascript:window.__pwned = 4\">this link</a>.",
        date(2017, 10, 1), "Amaq <img src=x onerror=\"window.__pwned = 5\">", "javascript:window.__pwned = 6",
        "Claims <script>window.__pwned = 7</script>",
    )
    out.append((d3, [act(d3, s3, "Non-state actor overtakes territory", "ISIS", "Syrian government forces",
                         qaryatayn, date(2017, 10, 1), "gain", status="claimed", source="Amaq")]))
    deir = Place("geonames:170792", "Deir ez-Zor", 35.3359, 40.1408, country="SY", admin1="Deir ez-Zor",
                 admin1_code="07", geonameid=170792)
    raqqa = Place("geonames:172957", "Ar Raqqah", 35.9528, 39.0079, country="SY", admin1="Raqqa",
                  admin1_code="04", geonameid=172957, alternate_names=("Raqqa",))
    s4 = "ISIS fighters besieged government-held Deir ez-Zor city."
    s5 = "SDF fighters clashed with ISIS inside Raqqa."
    d4 = report(f"Sieges and street fighting\n\n{s4} {s5}", date(2017, 10, 10), "Reuters",
                "https://example.org/deir-raqqa", "Sieges and street fighting")
    out.append((d4, [
        act(d4, s4, "Armed clash", "ISIS", "Syrian government forces", deir, date(2017, 10, 10), "siege"),
        act(d4, s5, "Armed clash", "SDF", "ISIS", raqqa, date(2017, 10, 10), "contest"),
    ]))
    return out


def fill_scenario(store: Store) -> list[Event]:
    """Write the scenario reports into a store; return their events."""
    found: list[Event] = []
    for doc, events in scenario_reports():
        store.add_report(doc, events, [{"name": a} for a in sorted({x for e in events for x in (e.actor1, e.actor2) if x})])
        found.extend(events)
    return found
