"""Actor features of the snippet classifier: which kind of force acts, read from the actor packs.

ACLED decides between its territorial sub-types by who acts, not by the verb: government forces
(or their affiliates) taking ground in their own country is "Government regains territory"; rebels,
militias and foreign state forces outside their own country taking it is "Non-state actor overtakes
territory". This module reads the actors a snippet names through the shipped actor packs'
public API (`ActorPack.find`) and types each one as a force:

- `state`: a state's own forces (ACLED inter 1, an actor of the pack's own country);
- `affiliate`: an armed group or militia allied to that state (the pack's coalitions);
- `foreign`: another state's forces or a foreign coalition (inter 8, or inter 1 of another country);
- `nonstate`: rebels, political and identity militias not allied to the state (inter 2, 3, 4);
- `civilian`: civilians, protesters, rioters (inter 5, 6, 7).

A snippet has no theatre, so every shipped pack reads it; where packs disagree on a span, the
pack that names the most actors in the snippet decides (a cheap theatre vote), and a tie drops the
span. Words no pack knows ("troops", "jihadists") are typed by a small list of generic terms
(data/classifier/actor_terms.yaml). Then a parse-free reading picks the agent of the first
territorial act (the force before the verb, or after "by" / "fell to") and the side that lost
ground (after "from", or before "withdrew"), and returns them as features for the linear model.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from frontline.errors import DataError

log = logging.getLogger(__name__)

_TERMS_RESOURCE = "data/classifier/actor_terms.yaml"
FORCES: tuple[str, ...] = ("state", "affiliate", "foreign", "nonstate", "civilian")
# Forces that can take or lose ground (civilians and protesters cannot).
_ARMED = frozenset({"state", "affiliate", "foreign", "nonstate"})

# Territorial acts whose grammatical subject takes the ground.
_TAKE = re.compile(
    r"\b(recaptur\w*|retook|retake\w*|regain\w*|liberat\w*|captur\w*|seiz\w*|took (?:full |complete |over )?(?:control|over)"
    r"|take\w* (?:full |complete )?(?:control|over)|gain\w* control|wrest\w*|overr[au]n\w*|storm\w*|entered|enter(?:s|ing)?"
    r"|(?:established|imposed|extended|expanded|restored) (?:full |complete )?(?:\w+ )?control|advanced|pushed into"
    r"|moved into|occupied|cleared|took|taken)\b",
    re.IGNORECASE,
)
# Territorial acts whose object (after the phrase) takes the ground.
_TAKEN_BY = re.compile(r"\b(fell to|fallen to|falls to|under (?:the )?(?:full |complete )?control of|handed (?:\w+ ){0,4}(?:to|over to))\b",
                       re.IGNORECASE)
# Acts whose subject loses ground.
_LOSE = re.compile(r"\b(withdr\w+|pull\w* (?:back|out)|retreat\w*|abandon\w*|fled|lost|handed over|ceded)\b",
                   re.IGNORECASE)
_FROM = re.compile(r"\b(?:from|against)\s+(?:the\s+)?$", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?:the\s+)?$", re.IGNORECASE)
# A force named as support ("backed by the coalition", "with Russian air support") is not the agent.
_SUPPORT = re.compile(r"\b(?:backed|supported|aided|assisted|accompanied|covered) by\s+(?:the\s+)?$|\b(?:support|backing|help) of\s+(?:the\s+)?$",
                      re.IGNORECASE)
# "its army", "their troops": a generic word standing for the force named just before.
_POSSESSIVE = re.compile(r"\b(?:its|their)\s+$", re.IGNORECASE)
# A passive voice between a force and the verb: "the town was captured by ..." has no force before it.
_AGENT_WINDOW = 120


@dataclass(frozen=True, slots=True)
class ForceMention:
    """An actor named in a snippet, typed as a force (see FORCES)."""

    start: int
    end: int
    text: str
    force: str


def _pack_force(pack: object, name: str) -> str | None:
    """Return the force an actor of a pack stands for, in the pack's own theatre."""
    from frontline.actors import ActorPack

    if not isinstance(pack, ActorPack):
        return None
    actor = pack.actor(name)
    if actor.inter in (5, 6, 7):
        return "civilian"
    own = set(pack.countries)
    foreign_country = actor.country is not None and bool(own) and actor.country not in own
    if actor.inter == 1:
        return "foreign" if foreign_country else "state"
    state = _state_actor(pack)
    allied = state is not None and pack.allied(actor.name, state)
    if actor.inter == 8:
        # Foreign militias fighting for the state are its affiliates; foreign armies are foreign.
        return "affiliate" if allied and actor.kind == "militia" else "foreign"
    if actor.inter in (2, 3, 4):
        return "affiliate" if allied else "nonstate"
    return None


def _state_actor(pack: object) -> str | None:
    return getattr(pack, "state_actor", None)


@cache
def _packs() -> tuple[object, ...]:
    from frontline.actors import available_theatres, load_pack

    return tuple(load_pack(theatre) for theatre in available_theatres())


@cache
def _generic_terms() -> tuple[tuple[re.Pattern[str], str], ...]:
    resource = resources.files("frontline").joinpath(_TERMS_RESOURCE)
    try:
        document = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"classifier actor terms: cannot read {_TERMS_RESOURCE}: {exc}; reinstall frontline") from exc
    return parse_terms(document)


def parse_terms(document: object) -> tuple[tuple[re.Pattern[str], str], ...]:
    """Build the generic-term patterns from a parsed actor_terms.yaml (force -> list of words)."""
    if not isinstance(document, dict):
        raise DataError("classifier actor terms: expected a mapping of force -> list of terms")
    out = []
    for force, terms in document.items():
        if force not in FORCES or not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise DataError(f"classifier actor terms: {force!r} must be one of {', '.join(FORCES)} with a list of terms")
        # Longest first, so "government forces" wins over "forces" at the same place.
        words = sorted(terms, key=len, reverse=True)
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"[\s-]+") for w in words) + r")\b", re.IGNORECASE)
        out.append((pattern, str(force)))
    return tuple(out)


def force_mentions(text: str, packs: Sequence[object] | None = None) -> list[ForceMention]:
    """Return the actors a snippet names, typed as forces, in text order (no overlaps)."""
    readings: dict[tuple[int, int], dict[int, str]] = {}
    per_pack: Counter[int] = Counter()
    for index, pack in enumerate(_packs() if packs is None else packs):
        for mention in pack.find(text):  # type: ignore[attr-defined]
            if not mention.actor:
                continue
            force = _pack_force(pack, mention.actor)
            if force is None:
                continue
            readings.setdefault((mention.start, mention.end), {})[index] = force
            per_pack[index] += 1
    chosen: list[ForceMention] = []
    for (start, end), by_pack in readings.items():
        forces = set(by_pack.values())
        if len(forces) > 1:
            # Packs disagree ("Iranian-backed militias"): the pack naming most actors here decides.
            best = max(per_pack[i] for i in by_pack)
            forces = {f for i, f in by_pack.items() if per_pack[i] == best}
            if len(forces) > 1:
                continue
        chosen.append(ForceMention(start, end, text[start:end], forces.pop()))
    chosen.sort(key=lambda m: (m.start, -m.end))
    kept: list[ForceMention] = []
    for m in chosen:
        if kept and m.start < kept[-1].end:
            continue
        kept.append(m)
    for pattern, force in _generic_terms():
        for found in pattern.finditer(text):
            if any(found.start() < m.end and m.start < found.end() for m in kept):
                continue
            kept.append(ForceMention(found.start(), found.end(), found.group(), force))
    kept.sort(key=lambda m: m.start)
    named = {(m.start, m.end) for m in chosen}
    out: list[ForceMention] = []
    for m in kept:
        if (m.start, m.end) not in named and out and _POSSESSIVE.search(text[max(0, m.start - 8): m.start]):
            m = ForceMention(m.start, m.end, m.text, out[-1].force)
        out.append(m)
    return out


@dataclass(frozen=True, slots=True)
class ActorReading:
    """Who a snippet says acts: the first armed force named, the taker and the loser of ground."""

    first: str | None
    agent: str | None
    loser: str | None


def read_actors(text: str, mentions: Sequence[ForceMention] | None = None) -> ActorReading:
    """Return the first armed force, the agent of the first territorial act and the side that lost ground."""
    found = [m for m in (force_mentions(text) if mentions is None else mentions) if m.force in _ARMED]
    if not found:
        return ActorReading(None, None, None)
    first = next((m.force for m in found if not _FROM.search(_left(text, m))), None)
    take = _TAKE.search(text)
    lose = _LOSE.search(text)
    # "took the town from the army", "an offensive against the rebels": the force after "from" or
    # "against" is the side losing ground, where the snippet names a territorial act at all.
    acts = [a.end() for a in (take, lose) if a is not None]
    loser = next((m.force for m in found if acts and _FROM.search(_left(text, m))), None)
    agent: str | None = None
    taken_by = _TAKEN_BY.search(text)
    if taken_by is not None and (take is None or taken_by.start() < take.start()):
        agent = next((m.force for m in found if m.start >= taken_by.end()), None)
    if agent is None and take is not None:
        before = [m for m in found if m.end <= take.start() and take.start() - m.end < _AGENT_WINDOW
                  and not _FROM.search(_left(text, m)) and not _SUPPORT.search(_left(text, m))]
        after_by = next((m for m in found if m.start >= take.end() and _BY.search(_left(text, m))
                         and m.start - take.end() < _AGENT_WINDOW // 3), None)
        if before:
            agent = before[-1].force
        elif after_by is not None:
            agent = after_by.force
    if lose is not None and (take is None or lose.start() < take.start()):
        before = [m for m in found if m.end <= lose.start() and lose.start() - m.end < _AGENT_WINDOW]
        if before and loser is None:
            loser = before[-1].force
    return ActorReading(first, agent, loser)


def _left(text: str, mention: ForceMention) -> str:
    """Return the few characters before a mention (where "from", "by" or "backed by" would be)."""
    return text[max(0, mention.start - 24): mention.start]


def actor_features(text: str) -> list[str]:
    """Return the actor tokens of a snippet for the linear model (AGENT=, LOSER=)."""
    reading = read_actors(text)
    out = []
    # The first force named is left out: it is as often a speaker ("an army spokesman said") as the actor.
    if reading.agent:
        out.append(f"AGENT={reading.agent}")
    if reading.loser:
        out.append(f"LOSER={reading.loser}")
    return out
