"""Group actors into sides (coalitions) and outlets into the side they speak for.

The theatre's actor pack is the authority: its coalitions give the sides, its outlets their
affiliations, its `record_names` the names dated control records use. `Sides()` without a pack
reads the default theatre's shipped pack when first asked; if no pack can be loaded every actor
is its own side and no outlet speaks for one, so the control map stays computable.
"""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any, Protocol

from anyascii import anyascii

from frontline.errors import FrontlineError

log = logging.getLogger(__name__)


class SidePack(Protocol):
    """What this package needs from an actor pack (frontline.actors.ActorPack satisfies it)."""

    def side(self, actor: str, on: date | None = None) -> str: ...

    def outlet(self, name: str) -> object | None: ...

    def actor(self, name: str) -> Any: ...


class _NoPack:
    """Stands for "not loaded yet" (None means "no pack could be loaded")."""


_UNLOADED = _NoPack()


def normalise_name(name: str) -> str:
    """Return a comparable form of a place or actor name: ASCII, lower case, no articles or marks."""
    text = anyascii(name).lower()
    text = re.sub(r"['`’ʿʾ\-_.,()]", " ", text)
    words = [w for w in text.split() if w not in {"al", "el", "ar", "as", "ash", "ad", "az", "at", "an", "the"}]
    return " ".join(words)


class Sides:
    """Resolve actors to sides and outlets to the side they speak for, on a given date."""

    def __init__(self, pack: SidePack | None = None) -> None:
        self._given: SidePack | None | _NoPack = pack if pack is not None else _UNLOADED
        self._side_cache: dict[tuple[str, date | None], str] = {}
        self._outlet_cache: dict[str, str | None] = {}
        self._holder_cache: dict[str, bool] = {}

    @classmethod
    def for_theatre(cls, theatre: str | None = None) -> Sides:
        """Return a resolver backed by the theatre's actor pack (default: the `theatre` setting)."""
        return cls(_load(theatre))

    @property
    def _pack(self) -> SidePack | None:
        if isinstance(self._given, _NoPack):
            self._given = _load(None)
        return self._given

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
                log.debug("actor %r not in the actor pack; it is its own side", actor)
        return actor

    def can_hold(self, actor: str) -> bool:
        """Return whether an actor can hold territory (not civilians, protesters or rioters)."""
        cached = self._holder_cache.get(actor)
        if cached is None:
            cached = True
            if self._pack is not None:
                try:
                    # ACLED actor types 5-7 (rioters, protesters, civilians) hold nothing, and nor does a
                    # multinational coalition (its air power supports the ground force that takes a place) or
                    # a group no one can name: a map cannot say who holds a place from "gunmen".
                    found = self._pack.actor(actor)
                    kind = getattr(found, "kind", None)
                    cached = int(found.inter) not in (5, 6, 7) and kind not in ("coalition", "unidentified")
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
            self._outlet_cache[source] = affiliation
        affiliation = self._outlet_cache[source]
        return self.side(affiliation, on) if affiliation else None

    def record_actor(self, name: str) -> str | None:
        """Return the canonical side for an actor name as written in a dated control record."""
        cleaned = name.strip()
        if not cleaned:
            return None
        record_actor = getattr(self._pack, "record_actor", None)
        canonical = (record_actor(cleaned) if record_actor is not None else None) or cleaned
        return self.side(canonical)


def _load(theatre: str | None) -> SidePack | None:
    """Return the theatre's shipped actor pack, or None (with a warning) when it cannot be loaded."""
    try:
        from frontline.actors import load_pack

        pack: SidePack = load_pack(theatre)
    except (ImportError, FrontlineError, OSError) as exc:
        # The control map must stay computable without the pack; say so once.
        log.warning("actor pack unavailable (%s); every actor is its own side", exc)
        return None
    return pack
