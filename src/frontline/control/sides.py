"""Group actors into sides (coalitions) and outlets into the side they speak for.

The theatre's actor pack is the authority; when it cannot be loaded a small built-in table of
well-known Syrian coalitions keeps the control map usable, so the pure functions of this package
never depend on a data file being present.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Protocol

from anyascii import anyascii

from frontline.errors import FrontlineError

log = logging.getLogger(__name__)


class SidePack(Protocol):
    """What this package needs from an actor pack (frontline.actors.ActorPack satisfies it)."""

    def side(self, actor: str, on: date | None = None) -> str: ...

    def outlet(self, name: str) -> object | None: ...


# Coalition heads when no actor pack is available: member -> head.
_FALLBACK_SIDES: dict[str, str] = {
    "hezbollah": "Syrian government forces",
    "russia": "Syrian government forces",
    "russian forces": "Syrian government forces",
    "iran": "Syrian government forces",
    "pro-government foreign militias": "Syrian government forces",
    "pro-government militias": "Syrian government forces",
    "national defence forces": "Syrian government forces",
    "syrian government": "Syrian government forces",
    "syrian army": "Syrian government forces",
    "syrian arab army": "Syrian government forces",
    "ypg": "SDF",
    "us-led coalition": "SDF",
    "syrian democratic forces": "SDF",
    "islamic state": "ISIS",
    "isil": "ISIS",
    "daesh": "ISIS",
    "hayat tahrir al-sham": "HTS",
    "free syrian army": "Syrian opposition",
    "fsa": "Syrian opposition",
}

# Outlets and the side they speak for when no actor pack is available (lower-case name or slug).
_FALLBACK_OUTLETS: dict[str, str] = {
    "sana": "Syrian government forces",
    "syrian arab news agency": "Syrian government forces",
    "manar": "Hezbollah",
    "al-manar": "Hezbollah",
    "alalam": "Iran",
    "al-alam": "Iran",
    "sputnik": "Russia",
    "tass": "Russia",
    "amaq": "ISIS",
    "dailysabah": "Turkey",
    "daily sabah": "Turkey",
    "trt": "Turkey",
    "etilaf": "Syrian opposition",
    "anha": "SDF",
}

# Names used by dated control records for the canonical actors.
_RECORD_NAMES: dict[str, str] = {
    "syrian government": "Syrian government forces",
    "government": "Syrian government forces",
    "regime": "Syrian government forces",
    "isis": "ISIS",
    "is": "ISIS",
    "sdf": "SDF",
    "hts": "HTS",
    "syrian opposition": "Syrian opposition",
    "opposition": "Syrian opposition",
    "turkey": "Turkey",
    "russia": "Russia",
}


def normalise_name(name: str) -> str:
    """Return a comparable form of a place or actor name: ASCII, lower case, no articles or marks."""
    text = anyascii(name).lower()
    text = re.sub(r"['`’ʿʾ\-_.,()]", " ", text)
    words = [w for w in text.split() if w not in {"al", "el", "ar", "as", "ash", "ad", "az", "at", "an", "the"}]
    return " ".join(words)


class Sides:
    """Resolve actors to sides and outlets to the side they speak for, on a given date."""

    def __init__(self, pack: SidePack | None = None) -> None:
        self._pack = pack
        self._side_cache: dict[tuple[str, date | None], str] = {}
        self._outlet_cache: dict[str, str | None] = {}
        self._holder_cache: dict[str, bool] = {}

    @classmethod
    def for_theatre(cls, theatre: str | None = None) -> "Sides":
        """Return a resolver backed by the theatre's actor pack, or by the built-in table if none loads."""
        try:
            from frontline import actors as actors_module
            from frontline import settings

            load_pack = getattr(actors_module, "load_pack")
            pack = load_pack(theatre or settings.get("theatre"))
        except (ImportError, AttributeError, FrontlineError, OSError) as exc:
            # The control map must stay computable without the pack; say so once.
            log.warning("actor pack unavailable (%s); using built-in coalition table", exc)
            return cls(None)
        return cls(pack)

    def side(self, actor: str | None, on: date | None = None) -> str | None:
        """Return the coalition head an actor fights with on `on` (None for no actor)."""
        if not actor:
            return None
        key = (actor, on)
        cached = self._side_cache.get(key)
        if cached is not None:
            return cached
        result = self._lookup_side(actor, on)
        self._side_cache[key] = result
        return result

    def _lookup_side(self, actor: str, on: date | None) -> str:
        if self._pack is not None:
            try:
                return self._pack.side(actor, on=on)
            except (FrontlineError, KeyError, LookupError):
                log.debug("actor %r not in pack; using built-in table", actor)
        return _FALLBACK_SIDES.get(actor.strip().lower(), actor)

    def can_hold(self, actor: str) -> bool:
        """Return whether an actor can hold territory (not civilians, protesters or rioters)."""
        cached = self._holder_cache.get(actor)
        if cached is None:
            cached = True
            if self._pack is not None:
                try:
                    # ACLED actor types 5-7 (rioters, protesters, civilians) hold nothing, and nor does a
                    # multinational coalition: its air power supports the ground force that takes a place.
                    found = getattr(self._pack, "actor")(actor)
                    cached = int(found.inter) not in (5, 6, 7) and getattr(found, "kind", None) != "coalition"
                except (FrontlineError, KeyError, LookupError, AttributeError, TypeError, ValueError):
                    cached = True
            lowered = actor.lower()
            if any(word in lowered for word in ("civilian", "protester", "rioter")):
                cached = False
            self._holder_cache[actor] = cached
        return cached

    def outlet_side(self, source: str | None, on: date | None = None) -> str | None:
        """Return the side an outlet speaks for; None for an independent or unknown outlet."""
        if not source:
            return None
        if source not in self._outlet_cache:
            affiliation: str | None = None
            if self._pack is not None:
                try:
                    outlet = self._pack.outlet(source)
                except (FrontlineError, KeyError, LookupError):
                    outlet = None
                affiliation = getattr(outlet, "affiliation", None) if outlet is not None else None
            else:
                affiliation = _FALLBACK_OUTLETS.get(source.strip().lower())
            self._outlet_cache[source] = affiliation
        affiliation = self._outlet_cache[source]
        return self.side(affiliation, on) if affiliation else None

    def record_actor(self, name: str) -> str | None:
        """Return the canonical side for an actor name as written in a dated control record."""
        cleaned = name.strip()
        if not cleaned:
            return None
        canonical = _RECORD_NAMES.get(cleaned.lower(), cleaned)
        return self.side(canonical)
