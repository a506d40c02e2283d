"""Actor packs: one YAML file per theatre with actors, outlets, coalitions and loaded terms.

A pack is validated against `pack.schema.json`, then checked for dangling references and
clashing aliases, then compiled into one token trie so that `find` is a single pass over a text.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import yaml

from frontline import settings
from frontline.actors.match import Hit, Matcher, Tokens, fold, tokenize
from frontline.errors import DataError, NotFoundError

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class AcledPeriod:
    """An ACLED actor name valid over a span (ACLED dates state forces by head of government)."""

    name: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A canonical actor of a theatre and how ACLED and PLOVER code it."""

    name: str
    acled_name: str
    inter: int
    plover_sector: str
    country: str | None
    aliases: tuple[str, ...]
    parent: str | None
    kind: str
    pejoratives: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    country_names: tuple[str, ...] = ()
    acled_periods: tuple[AcledPeriod, ...] = ()
    acled_aliases: tuple[str, ...] = ()
    active_from: date | None = None
    active_to: date | None = None
    successor: str | None = None
    note: str = ""

    def acled_name_on(self, on: date | None = None) -> str:
        """Return the ACLED actor name in use on a date (the default name when undated)."""
        if on is not None:
            for period in self.acled_periods:
                if _within(on, period.start, period.end):
                    return period.name
        return self.acled_name


@dataclass(frozen=True, slots=True)
class Outlet:
    """A news outlet or source group and the actor it speaks for (None: independent)."""

    name: str
    aliases: tuple[str, ...]
    affiliation: str | None
    kind: str  # state | party | independent | wire | group
    leaning: str | None = None  # actor an independent outlet is known to lean towards
    domains: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor found in a text; `via` says how (alias, pejorative, demonym, outlet, person, country)."""

    start: int
    end: int
    text: str
    actor: str
    via: str


@dataclass(frozen=True, slots=True)
class OutletMention:
    """An outlet named in a text."""

    start: int
    end: int
    text: str
    outlet: str


@dataclass(frozen=True, slots=True)
class Membership:
    """An actor's membership of a coalition over a span."""

    actor: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Coalition:
    """Actors fighting on one side, led by `leader`."""

    name: str
    leader: str
    members: tuple[Membership, ...]


@dataclass(frozen=True, slots=True)
class Reading:
    """How one speaker side, or one outlet, uses a loaded term: a fixed actor and/or the nearest enemy in context."""

    speakers: tuple[str, ...]  # empty: any speaker, independent outlets included
    actor: str | None
    nearest_enemy: bool
    outlets: tuple[str, ...] = ()  # set: only texts from these outlets read the term this way (house usage)


@dataclass(frozen=True, slots=True)
class ContextTerm:
    """A term ("terrorists", "mercenaries") whose referent depends on who is speaking."""

    terms: tuple[str, ...]
    readings: tuple[Reading, ...]


@dataclass(frozen=True, slots=True)
class _Target:
    """What a trie term stands for: an actor, an outlet or a context term."""

    via: str
    actor: str | None = None
    outlet: str | None = None
    context: int | None = None


def _within(on: date, start: date | None, end: date | None) -> bool:
    return (start is None or start <= on) and (end is None or on <= end)


def _overlap(a: Membership, b: Membership) -> bool:
    lo = max(a.start or date.min, b.start or date.min)
    hi = min(a.end or date.max, b.end or date.max)
    return lo <= hi


class _PackLoader(yaml.SafeLoader):
    """A safe YAML loader that keeps dates as strings, so the JSON schema sees what was written."""


_PackLoader.yaml_implicit_resolvers = {
    key: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

class UnknownActorError(NotFoundError, LookupError):
    """No actor of that name in the pack (a LookupError too, so `except LookupError` callers agree)."""


_UNSPECIFIC_KINDS = frozenset({"civilians", "protesters", "rioters", "unidentified"})
_SUBDOMAINS = frozenset({"www", "english", "arabic", "en", "ar", "m"})
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")
_ACLED_SUFFIX = re.compile(r"\s*\([^()]*\)\s*$")  # "(2000-2024)", "(Syria)"
_ACLED_PREFIX = re.compile(r"^[^:]{1,12}:\s*")  # "QSD: ", "HTS: "


def acled_forms(name: str) -> tuple[str, ...]:
    """Return the forms an ACLED actor name takes in text: as written, without its dates or country, without its acronym."""
    forms = [name]
    bare = _ACLED_SUFFIX.sub("", name)
    for form in (bare, _ACLED_PREFIX.sub("", name), _ACLED_PREFIX.sub("", bare)):
        if form and form not in forms:
            forms.append(form)
    return tuple(forms)


class ActorPack:
    """A theatre's actors, outlets and coalitions, with a compiled matcher for texts."""

    def __init__(
        self,
        theatre: str,
        actors: tuple[Actor, ...],
        outlets: tuple[Outlet, ...],
        coalitions: tuple[Coalition, ...],
        context_terms: tuple[ContextTerm, ...],
        *,
        military_nouns: tuple[str, ...] = (),
        not_actor_before: tuple[str, ...] = (),
        not_actor_after: tuple[str, ...] = (),
        source: str = "<memory>",
        title: str = "",
        countries: tuple[str, ...] = (),
        bbox: tuple[float, float, float, float] | None = None,
        cues: tuple[str, ...] = (),
        record_names: dict[str, str] | None = None,
        covers: tuple[date | None, date | None] = (None, None),
    ) -> None:
        self.theatre = theatre
        self.source = source
        self.title = title or theatre
        self.countries = countries
        self.bbox = bbox
        self.cues = cues
        self.covers = covers
        self.record_names = {k.strip().lower(): v for k, v in (record_names or {}).items()}
        self.actors = actors
        self.outlets = outlets
        self.coalitions = coalitions
        self.context_terms = context_terms
        self.military_nouns = military_nouns
        self._not_before = frozenset(fold(w) for w in not_actor_before)
        self._not_after = frozenset(fold(w) for w in not_actor_after)
        self._by_name = {a.name: a for a in actors}
        self._outlets = {o.name: o for o in outlets}
        self._lookup: dict[str, str] = {}
        self._outlet_lookup: dict[str, str] = {}
        self._domains: dict[str, str] = {}
        self._slugs: dict[str, str] = {}  # "almanar", "manar", "dailysabah": labels used by corpora and feeds
        self._check_references()
        self._matcher: Matcher[_Target] = Matcher()
        self._compile()

    # ----- construction

    def _fail(self, field: str, message: str) -> DataError:
        return DataError(f"actor pack {self.source}: {field}: {message}; fix it and load the pack again")

    def _require_actor(self, name: str | None, field: str) -> None:
        if name is not None and name not in self._by_name:
            raise self._fail(field, f"unknown actor {name!r} (not the name of any actor in the pack)")

    def _check_references(self) -> None:
        if len(self._by_name) != len(self.actors):
            seen: set[str] = set()
            for i, a in enumerate(self.actors):
                if a.name in seen:
                    raise self._fail(f"actors[{i}].name", f"duplicate actor {a.name!r}")
                seen.add(a.name)
        for i, a in enumerate(self.actors):
            self._require_actor(a.parent, f"actors[{i}].parent")
            self._require_actor(a.successor, f"actors[{i}].successor")
            if a.active_from and a.active_to and a.active_from > a.active_to:
                raise self._fail(f"actors[{i}].active", "'from' is after 'to'")
            ancestor, hops = a.parent, 0
            while ancestor is not None:
                hops += 1
                if ancestor == a.name or hops > len(self.actors):
                    raise self._fail(f"actors[{i}].parent", f"parent chain of {a.name!r} loops")
                ancestor = self._by_name[ancestor].parent
        for i, o in enumerate(self.outlets):
            self._require_actor(o.affiliation, f"outlets[{i}].affiliation")
            self._require_actor(o.leaning, f"outlets[{i}].leaning")
        for i, c in enumerate(self.coalitions):
            self._require_actor(c.leader, f"coalitions[{i}].leader")
            for j, m in enumerate(c.members):
                self._require_actor(m.actor, f"coalitions[{i}].members[{j}].actor")
                if m.start and m.end and m.start > m.end:
                    raise self._fail(f"coalitions[{i}].members[{j}]", "'from' is after 'to'")
        for key, name in self.record_names.items():
            self._require_actor(name, f"record_names[{key!r}]")
        for i, ct in enumerate(self.context_terms):
            for j, r in enumerate(ct.readings):
                self._require_actor(r.actor, f"context_terms[{i}].readings[{j}].actor")
                for s in r.speakers:
                    self._require_actor(s, f"context_terms[{i}].readings[{j}].speakers")
                for outlet_name in r.outlets:
                    if outlet_name not in self._outlets:
                        raise self._fail(f"context_terms[{i}].readings[{j}].outlets", f"unknown outlet {outlet_name!r}")

    def _add(self, term: str, target: _Target, field: str, *, explicit: bool = True) -> None:
        clashes = self._matcher.add(term, target, explicit=explicit)
        for other in clashes:
            if (other.actor, other.outlet, other.context) == (target.actor, target.outlet, target.context):
                continue  # the same referent registered twice (e.g. a name that is also a pejorative)
            raise self._fail(field, f"{term!r} is already a term of {other.actor or other.outlet or 'a context term'!r}")

    def _compile(self) -> None:
        nouns = self.military_nouns
        for i, a in enumerate(self.actors):
            field = f"actors[{i}] ({a.name})"
            for term in (a.name, *a.aliases):
                if term in a.country_names:
                    continue  # registered below as a country name, which locative words can veto
                self._add(term, _Target("alias", actor=a.name), field + ".aliases")
                self._lookup.setdefault(" ".join(tokenize(term).keys), a.name)
            for term in a.pejoratives:
                self._add(term, _Target("pejorative", actor=a.name), field + ".pejoratives")
                self._lookup.setdefault(" ".join(tokenize(term).keys), a.name)
            for term in a.people:
                self._add(term, _Target("person", actor=a.name), field + ".people")
                self._lookup.setdefault(" ".join(tokenize(term).keys), a.name)
            for term in a.country_names:
                self._add(term, _Target("country", actor=a.name), field + ".country_names")
                self._lookup.setdefault(" ".join(tokenize(term).keys), a.name)
        for i, o in enumerate(self.outlets):
            for term in (o.name, *o.aliases):
                self._add(term, _Target("outlet", actor=o.affiliation, outlet=o.name), f"outlets[{i}] ({o.name}).aliases")
                self._outlet_lookup.setdefault(" ".join(tokenize(term).keys), o.name)
                compact = "".join(tokenize(term).keys)
                self._slugs.setdefault(compact, o.name)
                if compact.startswith("al") and len(compact) > 5:
                    self._slugs.setdefault(compact[2:], o.name)
            for domain in o.domains:
                self._domains[domain.lower()] = o.name
                labels = [x for x in domain.lower().split(".") if x not in _SUBDOMAINS]
                if labels:
                    self._slugs.setdefault(labels[0], o.name)
        for i, ct in enumerate(self.context_terms):
            for term in ct.terms:
                self._add(term, _Target("pejorative", context=i), f"context_terms[{i}].terms")
        # Generated terms come last and never override a term written in the pack: ACLED's names
        # (an actor's, unless an ancestor already carries it: units share their state's name) ...
        for a in self.actors:
            ancestors = self._ancestor_acled(a)
            names = (a.acled_name, *a.acled_aliases, *(p.name for p in a.acled_periods))
            for acled in dict.fromkeys(names):
                if acled in ancestors:
                    continue
                for form in acled_forms(acled):
                    self._matcher.add(form, _Target("alias", actor=a.name), explicit=False)
                    self._lookup.setdefault(" ".join(tokenize(form).keys), a.name)
        # ... and demonym phrases ("Russian troops").
        for a in self.actors:
            for prefix in a.demonyms:
                for noun in nouns:
                    self._matcher.add(f"{prefix} {noun}", _Target("demonym", actor=a.name), explicit=False)
        log.debug("actor pack %s: %d terms", self.theatre, self._matcher.size)

    def _ancestor_acled(self, actor: Actor) -> set[str]:
        names: set[str] = set()
        parent = actor.parent
        while parent is not None:
            up = self._by_name[parent]
            names.update((up.acled_name, *up.acled_aliases, *(p.name for p in up.acled_periods)))
            parent = up.parent
        return names

    # ----- lookups

    def actor(self, name: str) -> Actor:
        """Return an actor by canonical name or alias (case-insensitive)."""
        found = self._by_name.get(name)
        if found is not None:
            return found
        canonical = self._lookup.get(" ".join(tokenize(name).keys))
        if canonical is None:
            raise UnknownActorError(
                f"no actor {name!r} in the {self.theatre} actor pack: use a canonical name or alias "
                f"from {self.source}, or add the actor to the pack"
            )
        return self._by_name[canonical]

    def canonical(self, name: str) -> str | None:
        """Return the canonical name for a name or alias, or None when the pack does not know it."""
        try:
            return self.actor(name).name
        except NotFoundError:
            return None

    def record_actor(self, name: str) -> str | None:
        """Return the canonical actor a dated control record means by a name ("regime", "opposition")."""
        cleaned = name.strip()
        if not cleaned:
            return None
        return self.record_names.get(cleaned.lower()) or self.canonical(cleaned)

    def outlet(self, name: str) -> Outlet | None:
        """Return the outlet named by an alias, a phrase such as "the media outlet of X", or a URL/domain."""
        if name in self._outlets:
            return self._outlets[name]
        key_tokens = tokenize(name).keys
        if key_tokens and key_tokens[0] == "the":
            key_tokens = key_tokens[1:]
        found = self._outlet_lookup.get(" ".join(key_tokens))
        if found is None and "." in name and " " not in name.strip():
            host = urlparse(name if "//" in name else "//" + name).hostname or ""
            host = host.lower().removeprefix("www.")
            while host and found is None:
                found = self._domains.get(host)
                host = host.partition(".")[2]
        if found is None and len(key_tokens) == 1:
            found = self._slugs.get(key_tokens[0])
        if found is None:
            hits = [h for h in self._matcher.scan(tokenize(name)) if h.value.outlet]
            if len(hits) == 1:
                found = hits[0].value.outlet
        return self._outlets[found] if found else None

    def lineage(self, name: str) -> tuple[str, ...]:
        """Return an actor and its ancestors, nearest first (Tiger Forces, Syrian government forces)."""
        chain = [self.actor(name).name]
        while (parent := self._by_name[chain[-1]].parent) is not None:
            chain.append(parent)
        return tuple(chain)

    def _memberships(self, chain: tuple[str, ...], on: date | None) -> list[tuple[Coalition, Membership]]:
        out = []
        for coalition in self.coalitions:
            for m in coalition.members:
                if m.actor in chain and (on is None or _within(on, m.start, m.end)):
                    out.append((coalition, m))
        return out

    def side(self, actor: str, on: date | None = None) -> str:
        """Return the leader of the first coalition the actor (or, failing that, its parent) is in on a date."""
        chain = self.lineage(actor)
        for name in chain:  # nearest first: an actor's own membership beats its parent's
            if any(c.leader == name for c in self.coalitions):
                return name
            found = self._memberships((name,), on)
            if found:
                return found[0][0].leader
        return chain[-1]

    @property
    def state_actor(self) -> str | None:
        """Return the theatre's own state forces: the first top-level state actor of the pack's countries."""
        own = set(self.countries)
        for actor in self.actors:
            if actor.inter == 1 and actor.parent is None and (not own or actor.country in own):
                return actor.name
        return None

    def allied(self, a: str, b: str, on: date | None = None) -> bool:
        """Return whether two actors fight on the same side on a date (at the same time, if undated)."""
        chain_a, chain_b = self.lineage(a), self.lineage(b)
        if set(chain_a) & set(chain_b):
            return True
        for coalition in self.coalitions:
            for ma in self._spans(chain_a, coalition):
                for mb in self._spans(chain_b, coalition):
                    if on is None:
                        if _overlap(ma, mb):
                            return True
                    elif _within(on, ma.start, ma.end) and _within(on, mb.start, mb.end):
                        return True
        return False

    @staticmethod
    def _spans(chain: tuple[str, ...], coalition: Coalition) -> list[Membership]:
        spans = [m for m in coalition.members if m.actor in chain]
        if not spans and coalition.leader in chain:
            spans.append(Membership(coalition.leader))  # a leader not listed with dates leads throughout
        return spans

    def allies(self, actor: str, on: date | None = None) -> frozenset[str]:
        """Return every other actor of the pack allied with this one on a date."""
        name = self.actor(actor).name
        return frozenset(a.name for a in self.actors if a.name != name and self.allied(name, a.name, on))

    def resolve(self, actor: str, on: date | None = None) -> str:
        """Return the actor that a name stands for on a date, following renames (Nusra -> HTS)."""
        current = self.actor(actor)
        for _ in range(len(self.actors)):
            if on is None or current.successor is None or current.active_to is None or on <= current.active_to:
                break
            current = self._by_name[current.successor]
        return current.name

    def acled_name(self, actor: str, on: date | None = None) -> str:
        """Return the ACLED actor name for an actor on a date."""
        return self.actor(actor).acled_name_on(on)

    # ----- text

    def _speaker(self, outlet: str | None) -> str | None:
        if outlet is None:
            return None
        found = self.outlet(outlet)
        if found is None:
            found_actor = self.canonical(outlet)
            return found_actor
        return found.affiliation

    def _reading(self, ct: ContextTerm, speaker: str | None, on: date | None, outlet: str | None = None) -> Reading | None:
        speaker_chain: set[str] = set()
        if speaker is not None:
            speaker_chain = set(self.lineage(speaker))
            speaker_chain.add(self.side(speaker, on))
        for reading in ct.readings:
            if reading.outlets:
                # An outlet's house usage ("the organization" for ISIS in SOHR's reports) binds only its own texts.
                if outlet is not None and outlet in reading.outlets:
                    return reading
                continue
            if not reading.speakers or speaker_chain & set(reading.speakers):
                return reading
        return None

    def find(self, text: str, *, outlet: str | None = None, on: date | None = None) -> list[ActorMention]:
        """Return the actor mentions in a text, leftmost-longest and non-overlapping.

        Loaded terms ("terrorists") are read through the speaker: `outlet` names the outlet (or
        actor) the text comes from; a term no reading covers for that speaker is left out.
        """
        tokens = tokenize(text)
        hits = self._matcher.scan(tokens)
        mentions: list[ActorMention | None] = []
        pending: list[tuple[int, int]] = []  # (index in mentions, context term)
        for hit in hits:
            target = hit.value
            if target.via in ("country", "demonym") and self._gated(tokens, hit.first, hit.last):
                continue
            span = text[hit.start : hit.end]
            if target.context is not None:
                pending.append((len(mentions), target.context))
                mentions.append(ActorMention(hit.start, hit.end, span, "", target.via))
            elif target.actor is not None:
                mentions.append(ActorMention(hit.start, hit.end, span, target.actor, target.via))
        if pending:
            speaker = self._speaker(outlet)
            source = self.outlet(outlet) if outlet is not None else None
            for index, ct_index in pending:
                mentions[index] = self._resolve_context(text, mentions, index, ct_index, speaker, on, source.name if source else None)
        return [m for m in mentions if m is not None]

    def _gated(self, tokens: Tokens, first: int, last: int) -> bool:
        before = tokens.keys[first - 1] if first > 0 else ""
        after = tokens.keys[last + 1] if last + 1 < len(tokens) else ""
        if before in self._not_before or after in self._not_after:
            return True
        # "the border with Jordan", "the frontier of Turkey"
        return first > 1 and before in ("with", "of") and tokens.keys[first - 2] in self._not_after

    def _resolve_context(
        self,
        text: str,
        mentions: list[ActorMention | None],
        index: int,
        ct_index: int,
        speaker: str | None,
        on: date | None,
        outlet: str | None = None,
    ) -> ActorMention | None:
        mention = mentions[index]
        if mention is None:
            return None
        reading = self._reading(self.context_terms[ct_index], speaker, on, outlet)
        if reading is None:
            return None
        chosen = reading.actor
        if reading.nearest_enemy:
            lo, hi = self._sentence(text, mention.start, mention.end)
            best: tuple[int, str] | None = None
            for other in mentions:
                if other is None or other is mention or not other.actor or other.via == "outlet":
                    continue
                if other.start < lo or other.end > hi:
                    continue
                actor = self._by_name[other.actor]
                if actor.inter not in (2, 3, 4):
                    continue
                if speaker is not None and self.allied(speaker, actor.name, on):
                    continue
                distance = abs(other.start - mention.start)
                if best is None or distance < best[0]:
                    best = (distance, actor.name)
            if best is not None:
                chosen = best[1]
        if chosen is None:
            return None
        return ActorMention(mention.start, mention.end, mention.text, chosen, mention.via)

    @staticmethod
    def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
        lo = 0
        for m in _SENTENCE_END.finditer(text, 0, start):
            lo = m.end()
        nxt = _SENTENCE_END.search(text, end)
        return lo, (nxt.end() if nxt else len(text))

    def scan_terms(self, tokens: Tokens) -> list[Hit[_Target]]:
        """Return the terms in a tokenized text that only a party to this war explains.

        Left out: loaded words read through the speaker, civilians and unidentified groups (every
        theatre has them) and outlets that speak for no party (wires, international papers).
        """
        out = []
        for hit in self._matcher.scan(tokens):
            target = hit.value
            if target.context is not None:
                continue
            if target.outlet is not None:
                outlet = self._outlets[target.outlet]
                if outlet.affiliation is None and outlet.leaning is None:
                    continue
            elif target.actor is not None and self._by_name[target.actor].kind in _UNSPECIFIC_KINDS:
                continue
            out.append(hit)
        return out

    def find_outlets(self, text: str) -> list[OutletMention]:
        """Return the outlets named in a text, independent ones included."""
        tokens = tokenize(text)
        return [
            OutletMention(h.start, h.end, text[h.start : h.end], h.value.outlet)
            for h in self._matcher.scan(tokens)
            if h.value.outlet is not None
        ]


# ----- loading


def _date(raw: Any) -> date | None:
    return date.fromisoformat(raw) if raw else None


def _names(raw: dict[str, Any], key: str) -> tuple[str, ...]:
    return tuple(raw.get(key) or ())


@cache
def _schema() -> dict[str, Any]:
    text = resources.files("frontline.actors").joinpath("pack.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _field_path(path: Any, data: Any) -> str:
    out = ""
    node = data
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
            if isinstance(node, list) and part < len(node):
                node = node[part]
                if isinstance(node, dict) and "name" in node:
                    out += f" ({node['name']})"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def parse_pack(data: Any, source: str) -> ActorPack:
    """Validate a parsed pack document and build the ActorPack."""
    import jsonschema  # imported here: it is slow to import and only needed when a pack is read

    validator = jsonschema.Draft202012Validator(_schema())
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        first = errors[0]
        field = _field_path(first.absolute_path, data)
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        raise DataError(f"actor pack {source}: {field}: {first.message}{more}; fix it and load the pack again")
    actors = tuple(
        Actor(
            name=a["name"],
            acled_name=a["acled_name"],
            inter=a["inter"],
            plover_sector=a["plover_sector"],
            country=a.get("country"),
            aliases=_names(a, "aliases"),
            parent=a.get("parent"),
            kind=a["kind"],
            pejoratives=_names(a, "pejoratives"),
            demonyms=_names(a, "demonyms") + _names(a, "pejorative_prefixes"),
            people=_names(a, "people"),
            country_names=_names(a, "country_names"),
            acled_periods=tuple(
                AcledPeriod(p["name"], _date(p.get("from")), _date(p.get("to"))) for p in a.get("acled_periods") or ()
            ),
            acled_aliases=_names(a, "acled_aliases"),
            active_from=_date((a.get("active") or {}).get("from")),
            active_to=_date((a.get("active") or {}).get("to")),
            successor=a.get("successor"),
            note=a.get("note", ""),
        )
        for a in data["actors"]
    )
    outlets = tuple(
        Outlet(
            name=o["name"],
            aliases=_names(o, "aliases"),
            affiliation=o.get("affiliation"),
            kind=o["kind"],
            leaning=o.get("leaning"),
            domains=_names(o, "domains"),
            note=o.get("note", ""),
        )
        for o in data.get("outlets") or ()
    )
    coalitions = tuple(
        Coalition(
            name=c["name"],
            leader=c["leader"],
            members=tuple(Membership(m["actor"], _date(m.get("from")), _date(m.get("to"))) for m in c["members"]),
        )
        for c in data.get("coalitions") or ()
    )
    context_terms = tuple(
        ContextTerm(
            terms=tuple(ct["terms"]),
            readings=tuple(
                Reading(
                    speakers=() if r.get("speakers", "any") == "any" else tuple(r["speakers"]),
                    actor=r.get("actor"),
                    nearest_enemy=bool(r.get("nearest_enemy", False)),
                    outlets=_names(r, "outlets"),
                )
                for r in ct["readings"]
            ),
        )
        for ct in data.get("context_terms") or ()
    )
    return ActorPack(
        data["theatre"],
        actors,
        outlets,
        coalitions,
        context_terms,
        military_nouns=_names(data, "military_nouns"),
        not_actor_before=_names(data, "not_actor_before"),
        not_actor_after=_names(data, "not_actor_after"),
        source=source,
        title=data.get("title", ""),
        countries=_names(data, "countries"),
        bbox=(float(data["bbox"][0]), float(data["bbox"][1]), float(data["bbox"][2]), float(data["bbox"][3]))
        if data.get("bbox") else None,
        cues=_names(data, "cues"),
        record_names=dict(data.get("record_names") or {}),
        covers=(_date((data.get("covers") or {}).get("from")), _date((data.get("covers") or {}).get("to"))),
    )


def _parse_yaml(text: str, source: str) -> Any:
    try:
        return yaml.load(text, Loader=_PackLoader)
    except yaml.YAMLError as exc:
        raise DataError(f"actor pack {source}: not valid YAML ({exc}); fix the file and load it again") from exc


def load_pack_file(path: Path) -> ActorPack:
    """Load and validate a user-supplied actor pack."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"actor pack {path} cannot be read ({exc.strerror}): check the path") from exc
    return parse_pack(_parse_yaml(text, str(path)), str(path))


def available_theatres() -> tuple[str, ...]:
    """Return the theatres that ship with a pack."""
    folder = resources.files("frontline.actors").joinpath("packs")
    return tuple(sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml")))


@cache
def _load_shipped(theatre: str) -> ActorPack:
    resource = resources.files("frontline.actors").joinpath("packs", f"{theatre}.yaml")
    if not resource.is_file():
        raise NotFoundError(
            f"no actor pack for theatre {theatre!r}: shipped packs are {', '.join(available_theatres())}; "
            "load your own with load_pack_file(path)"
        )
    source = f"frontline/actors/packs/{theatre}.yaml"
    return parse_pack(_parse_yaml(resource.read_text(encoding="utf-8"), source), source)


def load_pack(theatre: str | None = None) -> ActorPack:
    """Return the shipped pack for a theatre (default: the `theatre` setting), loaded once per process."""
    return _load_shipped(theatre or settings.get("theatre"))
