"""The transparent rule layer of the snippet classifier: ACLED-keyed patterns with precedence.

The rules live in package data (data/classifier/rules.yaml) so that an analyst can read and
amend them without touching code; this module loads them once and applies them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from frontline.errors import DataError
from frontline.events.classify_labels import case_codes

log = logging.getLogger(__name__)

_RULES_RESOURCE = ("frontline", "data/classifier/rules.yaml")
_DASHES = re.compile(r"[\-\u2010-\u2015_/]+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "`": "'"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule: fires when any `any` pattern, all `all` and no `none` pattern match."""

    name: str
    label: str
    priority: int
    any: re.Pattern[str]  # the rule's `any` patterns joined into one alternation
    all: tuple[re.Pattern[str], ...] = ()
    none: tuple[re.Pattern[str], ...] = ()

    def first_match(self, text: str) -> int | None:
        """Return the offset of the earliest `any` match if the rule fires on `text`, else None."""
        # The leftmost match of an alternation is the earliest match of any of its branches, so
        # one search replaces one per pattern.
        found = self.any.search(text)
        if found is None:
            return None
        if any(p.search(text) for p in self.none):
            return None
        if not all(p.search(text) for p in self.all):
            return None
        return found.start()


@dataclass(frozen=True, slots=True)
class RuleHit:
    """A rule that fired on a snippet, with where its first trigger starts."""

    rule: str
    label: str
    priority: int
    start: int


def normalise(text: str) -> str:
    """Lower-case a snippet, turn hyphens into spaces and collapse whitespace (the rules' input)."""
    text = text.translate(_QUOTES).lower()
    text = _DASHES.sub(" ", text)
    return _SPACE.sub(" ", text).strip()


def _compile(patterns: Any, where: str) -> tuple[re.Pattern[str], ...]:
    if patterns is None:
        return ()
    if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
        raise DataError(f"classifier rules: {where} must be a list of regular expressions")
    try:
        return tuple(re.compile(p) for p in patterns)
    except re.error as exc:
        raise DataError(f"classifier rules: bad pattern in {where}: {exc}; fix rules.yaml") from exc


def parse_rules(document: Any) -> tuple[Rule, ...]:
    """Build rules from a parsed rules.yaml document, checking labels and patterns."""
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise DataError("classifier rules: expected a mapping with a `rules` list")
    rules: list[Rule] = []
    for i, entry in enumerate(document["rules"]):
        if not isinstance(entry, dict):
            raise DataError(f"classifier rules: entry {i} is not a mapping")
        name = str(entry.get("name", f"rule-{i}"))
        label = entry.get("label")
        if label not in case_codes():
            raise DataError(f"classifier rules: rule {name} has unknown label {label!r}")
        priority = entry.get("priority")
        if not isinstance(priority, int):
            raise DataError(f"classifier rules: rule {name} needs an integer priority")
        any_patterns = _compile(entry.get("any"), f"{name}.any")
        if not any_patterns:
            raise DataError(f"classifier rules: rule {name} has no `any` patterns")
        joined = re.compile("|".join(f"(?:{p.pattern})" for p in any_patterns))
        rules.append(
            Rule(
                name=name,
                label=str(label),
                priority=priority,
                any=joined,
                all=_compile(entry.get("all"), f"{name}.all"),
                none=_compile(entry.get("none"), f"{name}.none"),
            )
        )
    return tuple(rules)


@cache
def load_rules() -> tuple[Rule, ...]:
    """Load and compile the shipped rules once per process."""
    resource = resources.files(_RULES_RESOURCE[0]).joinpath(_RULES_RESOURCE[1])
    try:
        document = yaml.safe_load(resource.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"classifier rules: cannot read {_RULES_RESOURCE[1]}: {exc}; reinstall frontline") from exc
    rules = parse_rules(document)
    log.debug("loaded %d classifier rules", len(rules))
    return rules


def rule_hits(text: str, rules: tuple[Rule, ...] | None = None) -> list[RuleHit]:
    """Return every rule that fires on `text`, best first (priority, then earliest trigger)."""
    norm = normalise(text)
    hits = []
    for rule in rules if rules is not None else load_rules():
        start = rule.first_match(norm)
        if start is not None:
            hits.append(RuleHit(rule.name, rule.label, rule.priority, start))
    hits.sort(key=lambda h: (-h.priority, h.start))
    return hits


def best_rule(text: str) -> RuleHit | None:
    """Return the winning rule for `text`, or None when no rule fires."""
    hits = rule_hits(text)
    return hits[0] if hits else None
