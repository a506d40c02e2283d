"""Turn events into control observations: who gained, entered or besieged which place, how credibly.

The weighing follows the rules map editors use: a side's claim of its own gain is only a claim
until an independent or opposing outlet confirms it; a side admitting its own loss counts
strongly; a side's media staying silent about a place it lost is weak evidence of the loss.
Hypothetical, denied and future statements are dropped here and never reach a timeline.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from frontline.control.sides import Sides
from frontline.model import NON_FACTUAL_STATUSES, UNKNOWN_PLACE_PREFIX, Event, Place, replace

# Observation kinds.
GAIN = "gain"  # side takes the place from `against`
ENTER = "enter"  # side is inside the place, holder not yet displaced: contested
BESIEGE = "besiege"  # side encircles the place held by `against`
CONTEST = "contest"  # fighting inside the place between side and against
SILENCE = "silence"  # side's media are silent about the place
WITHDRAW = "withdraw"  # `against` left the place and no taker is named: the side pressing it takes it

# Source classes, from strongest to weakest.
ADMISSION = "admission"  # the losing side's own outlet reports the loss
INDEPENDENT = "independent"  # an outlet speaking for no party to the change
PARTISAN = "partisan"  # the gaining side's outlet claims its own gain
UNCONFIRMED = "unconfirmed"  # a claim by an unknown party, or flagged unconfirmed

TERRITORIAL_SUB_EVENTS: frozenset[str] = frozenset(
    {
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Non-violent transfer of territory",
    }
)
BASE_SUB_EVENT = "Headquarters or base established"
CLASH_SUB_EVENT = "Armed clash"

_CUE_PATTERNS: dict[str, str] = {
    "relief": r"\b(?:br(?:oke|eak|eaks|eaking|oken)|lift\w*|end(?:ed|ing)?)\b[^.;]{0,40}\bsiege\b",
    "besiege": r"\b(?:besieg\w*|encircl\w*|surround\w*|siege|cut off|cordon\w*)\b",
    "capture": (
        r"\b(?:captur\w*|seiz\w*|took|tak(?:e|es|en|ing) (?:full |complete )?control|retak\w*|retook|"
        r"recaptur\w*|liberat\w*|regain\w*|clear\w*|overr[au]n\w*|secur\w*|fell|fall(?:en)? (?:of|to)|"
        r"recover\w*|control(?:s|led)? (?:of|over)|drove|driven|expell\w*|occup\w*)\b"
        # Raising a flag over a place, or declaring it free, is how sides announce they hold it.
        r"|\b(?:hoist\w*|rais\w*|plant\w*)\b[^.;]{0,25}\bflags?\b"
        r"|\bdeclar\w*\b[^.;]{0,30}\b(?:free|liberated|cleared|fully under)\b"
    ),
    "enter": r"\b(?:enter\w*|storm\w*|broke into|push\w* into|advanc\w* into|infiltrat\w*)\b",
    "withdraw": r"\b(?:withdr[ae]w\w*|pull(?:ed|s|ing)? out|retreat\w*|abandon\w*)\b",
}
_CUES: dict[str, re.Pattern[str]] = {name: re.compile(p, re.I) for name, p in _CUE_PATTERNS.items()}


def _has(cue: str, text: str) -> bool:
    return _CUES[cue].search(text) is not None


# Offsets that put the act inside the named place (its edge, a district) rather than near it.
_INSIDE_RELATION = re.compile(
    r"\b(?:edge|outskirts?|entrance|part|parts|district\w*|neighbou?rhood\w*|inside|centre|center)\b", re.I
)
_ADMIN_MENTION = re.compile(
    r"\b(?:province|governorate|muhafaza\w*|countryside|district|region|rif|desert|areas?)\b", re.I
)
_NAMED_DIVISIONS = frozenset({"ADM1", "ADM2", "ADM3"})
_DIRECTION = re.compile(r"\b(north|south|east|west)(?:ern)?\b", re.I)

_ADMISSION_VERBS: tuple[str, ...] = ("admit", "acknowledg", "conced", "confirm")

_STATUS_FACTOR: dict[str, float] = {
    "reported": 1.0,
    "claimed": 1.0,
    "historical": 0.8,
    "unconfirmed": 0.7,
    "accused": 0.6,
}


@dataclass(frozen=True, slots=True)
class Weights:
    """Evidence weights; defaults follow the order map editors apply (admission > independent > claim)."""

    admission: float = 0.9
    independent: float = 0.65
    partisan: float = 0.35
    unconfirmed: float = 0.3
    base_factor: float = 0.7
    enter_factor: float = 0.8
    contest_factor: float = 0.5
    region_factor: float = 0.4

    def of_class(self, source_class: str) -> float:
        """Return the base weight of a source class."""
        return float(getattr(self, source_class))


class Observation(NamedTuple):
    """One piece of control evidence at one place (or, for `region`, an admin area) on one day.

    A NamedTuple rather than a frozen dataclass: a map is built from hundreds of thousands of
    these, and tuple construction is several times cheaper.
    """

    place: Place | None  # None only for SILENCE, which names its places in `silent_on`
    day: date
    kind: str
    side: str | None
    against: str | None
    weight: float
    source_class: str
    event_id: str
    region: bool = False
    direction: str | None = None  # for region observations: "east" for "eastern Homs Province"
    silent_on: tuple[str, ...] = ()
    bare: bool = False  # a region named without "province" and the like: may stand for its chief town


def event_day(event: Event) -> date | None:
    """Return the day an event's effect on control is known by: the last day of its date range.

    "Last week ISIS took the town" says the town was ISIS-held by the end of the week, not on
    any earlier day; dating the change earlier would put the new holder in place too soon.
    """
    return event.date_end or event.date_start


def classify_source(
    event: Event,
    gainer: str | None,
    loser: str | None,
    day: date,
    sides: Sides,
    publisher_sides: Mapping[str, str | None] | None = None,
) -> str:
    """Return how the event's source relates to the change: admission, independent, partisan or unconfirmed."""
    claim = event.claim
    if claim.speaker_affiliation:
        source_side = sides.side(claim.speaker_affiliation, day)
    elif claim.source:
        source_side = sides.outlet_side(claim.source, day)
    elif publisher_sides is not None:
        # No attribution in the text: the outlet speaks in its own voice.
        source_side = publisher_sides.get(event.document_id)
    else:
        source_side = None
    if source_side is not None and loser is not None and source_side == loser:
        # A side reporting its own loss counts strongly when the text says it admits it, or when
        # its outlet reports it in its own voice; a party merely "saying" it lost is more often a
        # misread claim of its own gain.
        if claim.partisan:
            return UNCONFIRMED
        if claim.verb and claim.verb.lower().startswith(_ADMISSION_VERBS):
            return ADMISSION
        return ADMISSION if claim.status == "reported" else UNCONFIRMED
    if (source_side is not None and source_side == gainer) or claim.partisan:
        return PARTISAN
    if source_side is None and claim.status in ("claimed", "unconfirmed"):
        return UNCONFIRMED
    if claim.status == "unconfirmed":
        return UNCONFIRMED
    return INDEPENDENT


def _is_region(place: Place) -> bool:
    return place.feature_class == "A"


def _direction(event: Event) -> str | None:
    loc = event.location
    if loc is None:
        return None
    for text in (loc.relation or "", loc.mention):
        match = _DIRECTION.search(text)
        if match:
            return match.group(1).lower()
    if loc.mention and event.text:
        # "in eastern Homs Province": the qualifier usually sits just before the mention.
        at = event.text.find(loc.mention)
        if at > 0:
            match = _DIRECTION.search(event.text[max(0, at - 12) : at])
            if match:
                return match.group(1).lower()
    return None


# The extractor's word for an event's effect on control, when it gives one.
_EFFECTS: dict[str, tuple[str, bool]] = {
    "gain": (GAIN, False),
    "siege": (BESIEGE, False),
    "withdraw": (GAIN, True),  # actor1 withdrew: actor2 takes the place
    "contest": (CONTEST, False),
}
# Trigger words that put a side inside a place without saying it took it.
_ENTER_TRIGGERS = frozenset({"enter", "storm", "infiltrate", "penetrate"})


_PURPOSE_DONE = frozenset({"managed", "able", "succeeded", "failed"})
_PARTIAL = re.compile(
    r"\b(?:positions?|buildings?|neighbou?rhoods?|districts?|quarters?|parts?|sections?|outskirts|edges?|"
    r"front ?lines?|silos|hospital|stadium|hills?|checkpoints?|streets?|blocks?|suburbs?|approaches)\b",
    re.I,
)
_NEXT_CLAUSE = re.compile(r"\b(?:after|before|as|when|while|following|amid|despite|because)\b|[;:]")
_COMPLETE = re.compile(r"\b(?:last|final|remaining|entire|whole|full|complete|total|all)\b", re.I)


def _stem(lemma: str) -> str:
    """Return a pattern for a trigger lemma's inflected forms ("retake": retake, retakes, retaken)."""
    return re.escape(lemma[:-1] if lemma.endswith("e") and len(lemma) > 3 else lemma) + r"\w*"


@functools.lru_cache(maxsize=1024)
def _trigger_patterns(lemma: str) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Return the patterns for one trigger: its forms, "X to <trigger>", "until ... <trigger>"."""
    stem = _stem(lemma)
    return (
        re.compile(rf"\b{stem}\b", re.I),
        re.compile(rf"\bto\s+{stem}\b", re.I),
        re.compile(rf"\b(?:until|unless|before)\b[^.;]{{0,60}}\b{stem}\b", re.I),
    )


# A capture the same sentence says did not last: "its capture was short-lived", "briefly held".
_TRANSIENT = re.compile(
    # "which they had briefly held" looks back at an earlier hold, not at the act told.
    r"\bshort[- ]lived\b|(?<!had )\bbriefly (?:held|took|taken|captured|seized|controlled|entered)\b|"
    r"\bbefore (?:being )?(?:pushed|driven|forced|beaten) (?:back|out)\b",
    re.I,
)
# Aims stated negatively: "withdrew to avoid being surrounded" says no one was surrounded.
_AVOIDED = re.compile(r"\b(?:avoid|prevent|escape|evade)\w*\s+(?:being\s+|getting\s+)?", re.I)


def is_transient(event: Event) -> bool:
    """Return whether the sentence says the capture it tells was undone ("short-lived", "briefly held")."""
    return bool(event.text) and _TRANSIENT.search(event.text) is not None


def is_purpose(event: Event) -> bool:
    """Return whether the act is only an aim or a condition ("the battle to retake Raqqa", "until it is retaken").

    An infinitive trigger states what a battle or plan is for, not what happened; "managed to
    capture" and the like are the exception and count as done.
    """
    trigger = event.trigger
    text = event.text
    if not trigger or not text:
        return False
    lowered = text.lower()
    _, purpose, condition = _trigger_patterns(trigger)
    if "avoid" in lowered or "prevent" in lowered or "escape" in lowered or "evade" in lowered:
        forms = _trigger_patterns(trigger)[0]
        for match in _AVOIDED.finditer(text):
            if forms.match(text, match.end()):
                return True  # "to avoid being surrounded": the act was what they escaped
    if "to " in lowered:
        for match in purpose.finditer(text):
            before = text[: match.start()].split()
            if not before or before[-1].lower() not in _PURPOSE_DONE:
                return True
    if "until" in lowered or "unless" in lowered or "before" in lowered:
        return condition.search(text) is not None
    return False


_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_LATER = re.compile(r"\b(?:days?|weeks?|months?|years?)\s+(?:later|afterwards?)\b", re.I)


def _trigger_span(event: Event, text: str) -> tuple[int, int] | None:
    match = _trigger_patterns(event.trigger)[0].search(text) if event.trigger else None
    match = match or _CUES["capture"].search(text) or _CUES["enter"].search(text)
    return match.span() if match else None


def is_misdated(event: Event, day: date) -> bool:
    """Return whether the text dates the act away from the day it was given.

    "Islamic State first captured Raqqa in early 2014" read from a 2017 report is 2014's news, and
    "chased out on October 1 ... returned three weeks later, recapturing the city" is not October 1:
    neither may move the map on the day given.
    """
    text = event.text
    if not text:
        return False
    has_year = ("19" in text or "20" in text) and _YEAR.search(text) is not None
    has_later = "later" in text or "after" in text
    if not has_year and not has_later:
        return False
    span = _trigger_span(event, text)
    if span is None:
        return False
    near = text[max(0, span[0] - 40) : span[1] + 40]
    if has_later and _LATER.search(near):
        return True  # "returned three weeks later, recapturing": the date given is the anchor, not the act's
    years = [int(y) for y in _YEAR.findall(near)] if has_year else []
    return bool(years) and max(years) < day.year


def is_partial(event: Event) -> bool:
    """Return whether a capture is of part of a place ("took positions inside the city"), not all of it."""
    text = event.text
    if not text:
        return False
    loc = event.location
    if loc is not None and loc.mention:
        text = text.replace(loc.mention, " ")  # "Mayadin District" names the place, not a part of it
    if _PARTIAL.search(text) is None:
        return False  # the common case, settled in one search
    span = _trigger_span(event, text)
    if span is None:
        return False
    # Wide enough for the clause that says whether the part was the last one ("..., the last holdouts"),
    # but not past the next clause: "captured the town after an attack on army positions" is whole.
    window = text[span[1] : span[1] + 100]
    partial = _PARTIAL.search(window)
    if partial is None:
        return False
    boundary = _NEXT_CLAUSE.search(window)
    if boundary is not None and boundary.start() < partial.start():
        return False
    return _COMPLETE.search(window) is None


def _kind(event: Event) -> tuple[str, bool] | None:
    """Return (kind, sides swapped) for an event, or None when it says nothing about control."""
    if event.control is not None:
        found = _EFFECTS.get(event.control)
        if found is not None and found[0] == GAIN and not found[1] and event.trigger in _ENTER_TRIGGERS:
            # "Entered" alone contests a town; "entered and took control of" takes it.
            return (GAIN, False) if _has("capture", event.text) else (ENTER, False)
        return found
    sub = event.sub_event_type
    territorial = sub in TERRITORIAL_SUB_EVENTS or sub == BASE_SUB_EVENT
    if not territorial and sub != CLASH_SUB_EVENT:
        return None
    text = event.text
    # Searched lazily, cheapest decision first: most events need one or two searches.
    if territorial:
        if _has("relief", text):
            return GAIN, False
        if not _has("capture", text):
            if _has("besiege", text):
                return BESIEGE, False
            if _has("enter", text):
                return ENTER, False
        return GAIN, False
    if _has("relief", text):
        return None
    if _has("besiege", text):
        return BESIEGE, False
    if _has("withdraw", text) and not _has("capture", text):
        # "X withdrew from the town" after a fight: the opponent takes it.
        return GAIN, True
    return CONTEST, False


def _holding_side(sides: Sides, actor: str | None, day: date) -> str | None:
    """Return the side that holds what an actor takes: its coalition's head, or itself when that head holds no ground.

    Iraqi forces taking al-Qaim hold it as Iraq, not as the air coalition they fight alongside.
    """
    side = sides.side(actor, day)
    if actor and side and side != actor and not sides.can_hold(side) and sides.can_hold(actor):
        return actor
    return side


def observe(
    events: Iterable[Event],
    sides: Sides,
    weights: Weights = Weights(),
    publisher_sides: Mapping[str, str | None] | None = None,
) -> list[Observation]:
    """Return the control observations the events support, skipping non-factual statements."""
    out: list[Observation] = []
    silences_seen: set[tuple[str, str, tuple[str, ...]]] = set()
    reported: set[tuple[str, str, str, str | None, date]] = set()
    for event in events:
        claim = event.claim
        if claim.status in NON_FACTUAL_STATUSES:
            continue
        day = event_day(event)
        if day is None:
            continue
        if claim.silent_on:
            silent_side = sides.side(claim.speaker_affiliation, day) or sides.outlet_side(claim.source, day)
            seen = (event.document_id, silent_side or "", claim.silent_on)
            # One report noting a side's silence is one piece of evidence, however many events carry it.
            if silent_side and seen not in silences_seen:
                silences_seen.add(seen)
                out.append(
                    Observation(
                        None, day, SILENCE, silent_side, None, 0.0, PARTISAN, event.id,
                        silent_on=claim.silent_on,
                    )
                )
        loc = event.location
        if loc is None:
            continue
        found = _kind(event)
        if found is None:
            continue
        kind, swapped = found
        actor_a = _holding_side(sides, event.actor1, day)
        actor_b = _holding_side(sides, event.actor2, day)
        side, against = (actor_b, actor_a) if swapped else (actor_a, actor_b)
        if swapped and side is None and against is not None and sides.can_hold(against):
            kind = WITHDRAW
        elif side is None or side == against or not sides.can_hold(side):
            continue
        if against is not None and not sides.can_hold(against):
            against = None
        if loc.place.gazetteer_id.startswith(UNKNOWN_PLACE_PREFIX):
            # A place the gazetteer lacks, kept by its name: the act is at the place itself, whose
            # point is only approximate; its own timeline waits for an import to place it.
            loc = replace(loc, geo_precision=1, relation=None, distance_km=None)
        region = _is_region(loc.place)
        # "Raqqa" resolved to the province but written bare usually means the town of that name;
        # the fold re-targets such an observation to the town when the town is on the map.
        bare = region and loc.place.feature_code in _NAMED_DIVISIONS and not _ADMIN_MENTION.search(loc.mention)
        if region and not bare and kind != GAIN:
            continue  # entering or besieging a whole province says nothing about a town in it
        if not region and loc.geo_precision >= 3:
            continue  # a town standing in for a province-wide mention: too vague to move a town
        if (bare or not region) and (loc.relation or loc.distance_km):
            if not _INSIDE_RELATION.search(loc.relation or ""):
                continue  # "10 km west of X": an approach, not a change at X
            if kind in (GAIN, BESIEGE):
                kind = ENTER  # taking the edge of a town contests it without taking it
        if kind == CONTEST and not bare and loc.geo_precision > 1:
            continue
        # The text checks come last: they cost a regular-expression search or three.
        if kind != CONTEST and is_purpose(event):
            continue  # an aim stated ("an operation to encircle X") moves no line
        if kind != CONTEST and is_misdated(event, day):
            continue  # background from an earlier year, dated as news
        if kind == GAIN and not swapped and is_transient(event):
            continue  # the sentence itself says the gain was undone
        if kind == GAIN and not swapped and is_partial(event):
            if region and not bare:
                continue  # part of somewhere in a province: nothing to say about its towns
            kind = ENTER  # part of a town taken: contested until the rest falls
        source_class = classify_source(event, side, against, day, sides, publisher_sides)
        weight = weights.of_class(source_class) * _STATUS_FACTOR.get(claim.status, 1.0)
        weight *= 0.5 + 0.5 * max(0.0, min(1.0, event.confidence))
        if event.sub_event_type == BASE_SUB_EVENT:
            weight *= weights.base_factor
        if kind == ENTER:
            weight *= weights.enter_factor
        elif kind == CONTEST:
            weight *= weights.contest_factor
        if region and not bare:
            weight *= weights.region_factor
        key = (event.document_id, loc.place.gazetteer_id, kind, side, day)
        if key in reported:
            continue  # one report telling the same act twice is still one source
        reported.add(key)
        out.append(
            Observation(
                loc.place, day, kind, side, against, weight, source_class, event.id,
                region=region, direction=_direction(event) if region else None, bare=bare,
            )
        )
    return out
