"""Resolve time expressions in a report against its publication date into ACLED date ranges.

ACLED time precision: 1 = the exact day is known, 2 = a span of a few days to a week,
3 = only the month (or a longer span) is known.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9

_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_RE = "|".join(_WEEKDAYS)

# Ordered: the first pattern that matches an expression decides it.
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rx, re.IGNORECASE))
    for kind, rx in (
        ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
        ("day_month_year", rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE})\.?,? (\d{{4}})\b"),
        ("month_day_year", rf"\b({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b"),
        ("day_month", rf"\b(\d{{1,2}})(?:st|nd|rd|th)? (?:of )?({_MONTH_RE})\b"),
        ("month_day", rf"\b({_MONTH_RE})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b(?!,? \d{{4}})"),
        ("part_of_month", rf"\b(start|beginning|early|mid|middle|end|late)(?:[- ]?(?:of )?)({_MONTH_RE})\b"),
        ("month_year", rf"\b({_MONTH_RE}) (\d{{4}})\b"),
        ("since_month", rf"\bsince (?:early |mid-?|late )?({_MONTH_RE})\b"),
        ("in_month", rf"\b(?:in|during|throughout|through|by) ({_MONTH_RE})\b"),
        ("today", r"\b(today|this morning|this afternoon|this evening|tonight|since (?:the )?dawn|at dawn today|since (?:this )?morning)\b"),
        ("hours", r"\b(?:the )?(?:past|last|recent|previous) (\d+|twenty[- ]four|forty[- ]eight) hours\b|\bwithin (\d+) hours\b"),
        ("yesterday", r"\b(yesterday|last night)\b"),
        ("days_ago", r"\b(\d+|two|three|four|five|six|seven|several|a few) days ago\b"),
        ("longer_ago", r"\b(\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|several|a few) (week|month|year)s? ago\b"),
        ("weekday", rf"\b(?:on |last |this |early |late )?({_DAY_RE})\b"),
        ("last_week", r"\blast week\b|\bthe previous week\b|\bthe week before\b"),
        ("this_week", r"\b(?:this|throughout this|earlier this|during this) week\b|\bthis past week\b"),
        ("last_month", r"\blast month\b|\bthe previous month\b"),
        ("this_month", r"\bthis month\b|\bearlier this month\b"),
        ("recent", r"\b(?:in recent days|recently|in the past (?:few )?days|over the past (?:few )?days)\b"),
    )
)
# Every pattern above needs one of these; most sentences have none, and one search rules them out.
_MAYBE = re.compile(
    rf"\d|\b(?:{_MONTH_RE}|{_DAY_RE}|today|tonight|morning|afternoon|evening|yesterday|night|ago|week|month|recent|recently|past|dawn|hours)\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "several": 3, "a few": 3}


@dataclass(frozen=True, slots=True)
class DateRange:
    """A resolved date span with its ACLED time precision and the words it came from."""

    start: date
    end: date
    precision: int
    expression: str = ""

    def overlaps(self, other: "DateRange") -> bool:
        return self.start <= other.end and other.start <= self.end


def default_range(published: date) -> DateRange:
    """Return the span assumed when a sentence gives no time: the day before publication and the day itself.

    News tells what happened since the last edition, and ACLED codes such an act on the report's
    date; a week-long default would date a capture told as today's news up to seven days early.
    """
    return DateRange(published - timedelta(days=1), published, 2, "")


def resolve(expression: str, published: date | None) -> DateRange | None:
    """Resolve one time expression ("on Friday", "last week", "at the start of September") or None.

    Without a publication date only expressions that carry their own year resolve: "on Saturday"
    or "October 20" need an anchor, and inventing one (today's date) would misdate the event.
    """
    for kind, pattern in _PATTERNS:
        match = pattern.search(expression)
        if match:
            resolved = _resolve_match(kind, match, published)
            if resolved is not None:
                return DateRange(resolved.start, resolved.end, resolved.precision, match.group(0))
    return None


def find_in(text: str, published: date | None) -> DateRange | None:
    """Return the most specific time expression found anywhere in a clause or sentence."""
    best: DateRange | None = None
    if not _MAYBE.search(text):
        return None
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            resolved = _resolve_match(kind, match, published)
            if resolved is None:
                continue
            candidate = DateRange(resolved.start, resolved.end, resolved.precision, match.group(0))
            if best is None or (candidate.precision, _span(candidate)) < (best.precision, _span(best)):
                best = candidate
    return best


def _span(r: DateRange) -> int:
    return (r.end - r.start).days


# Expressions that name their year and so need no publication date to resolve.
_ABSOLUTE = frozenset({"iso", "day_month_year", "month_day_year", "month_year"})


def _resolve_match(kind: str, m: re.Match[str], pub: date | None) -> DateRange | None:
    if pub is None:
        return _resolve_absolute(kind, m) if kind in _ABSOLUTE else None
    if kind == "month_year":
        # A month that runs on past publication ends at publication.
        return _whole_month(int(m[2]), _MONTHS[m[1].lower()], pub)
    return _resolve_absolute(kind, m) if kind in _ABSOLUTE else _resolve_relative(kind, m, pub)


def _resolve_absolute(kind: str, m: re.Match[str]) -> DateRange | None:
    try:
        if kind == "iso":
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return DateRange(d, d, 1)
        if kind == "day_month_year":
            d = date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
            return DateRange(d, d, 1)
        if kind == "month_day_year":
            d = date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
            return DateRange(d, d, 1)
    except ValueError:
        return None
    year, month = int(m[2]), _MONTHS[m[1].lower()]
    last = date(year, month, calendar.monthrange(year, month)[1])
    return DateRange(date(year, month, 1), last, 3)


def _resolve_relative(kind: str, m: re.Match[str], pub: date) -> DateRange | None:
    try:
        if kind in ("day_month", "month_day"):
            day, month = (m[1], m[2]) if kind == "day_month" else (m[2], m[1])
            d = _latest_before(pub, _MONTHS[month.lower()], int(day))
            return DateRange(d, d, 1)
    except ValueError:
        return None
    if kind == "part_of_month":
        year = _year_for_month(pub, _MONTHS[m[2].lower()])
        month = _MONTHS[m[2].lower()]
        last = calendar.monthrange(year, month)[1]
        part = m[1].lower()
        if part in ("start", "beginning", "early"):
            return DateRange(date(year, month, 1), date(year, month, 10), 3)
        if part in ("mid", "middle"):
            return DateRange(date(year, month, 11), date(year, month, 20), 3)
        return DateRange(date(year, month, 21), date(year, month, last), 3)
    if kind == "since_month":
        # "raging since June": the span runs from that month to the report.
        month = _MONTHS[m[1].lower()]
        return DateRange(date(_year_for_month(pub, month), month, 1), pub, 3)
    if kind == "in_month":
        month = _MONTHS[m[1].lower()]
        return _whole_month(_year_for_month(pub, month), month, pub)
    if kind == "today":
        return DateRange(pub, pub, 1)
    if kind == "hours":
        # "in the past 24 hours" in a daily report: the day before publication and the day itself.
        raw = (m[1] or m[2] or "24").lower().replace("-", " ")
        hours = {"twenty four": 24, "forty eight": 48}.get(raw) or int(raw)
        days = max(1, -(-hours // 24))
        return DateRange(pub - timedelta(days=days), pub, 2)
    if kind == "yesterday":
        d = pub - timedelta(days=1)
        return DateRange(d, d, 1)
    if kind == "longer_ago":
        word = m[1].lower()
        n = int(word) if word.isdigit() else {"a": 1, "one": 1, **_NUMBER_WORDS, "eight": 8, "nine": 9, "ten": 10}[word]
        unit = {"week": 7, "month": 30, "year": 365}[m[2].lower()]
        centre = pub - timedelta(days=n * unit)
        # "three years ago" is known to the month at best, and news rounds such spans.
        spread = timedelta(days=unit // 2)
        return DateRange(centre - spread, centre + spread, 2 if unit == 7 else 3)
    if kind == "days_ago":
        word = m[1].lower()
        n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
        d = pub - timedelta(days=n)
        precision = 1 if word.isdigit() or word in ("two", "three") else 2
        return DateRange(d, d, precision) if precision == 1 else DateRange(d - timedelta(days=1), d + timedelta(days=1), 2)
    if kind == "weekday":
        target = _WEEKDAYS[m[1].lower()]
        # News uses a bare weekday for the most recent one on or before publication.
        back = (pub.weekday() - target) % 7
        if "last " in m.group(0).lower() and back == 0:
            back = 7
        d = pub - timedelta(days=back)
        return DateRange(d, d, 1)
    if kind == "last_week":
        monday = pub - timedelta(days=pub.weekday() + 7)
        return DateRange(monday, monday + timedelta(days=6), 2)
    if kind == "this_week":
        monday = pub - timedelta(days=pub.weekday())
        return DateRange(monday, pub, 2)
    if kind == "last_month":
        first = pub.replace(day=1) - timedelta(days=1)
        return DateRange(first.replace(day=1), first, 3)
    if kind == "this_month":
        return DateRange(pub.replace(day=1), pub, 3)
    if kind == "recent":
        return DateRange(pub - timedelta(days=3), pub, 2)
    return None


def _latest_before(pub: date, month: int, day: int) -> date:
    candidate = date(pub.year, month, day)
    if candidate > pub + timedelta(days=1):
        candidate = date(pub.year - 1, month, day)
    return candidate


def _year_for_month(pub: date, month: int) -> int:
    return pub.year if month <= pub.month else pub.year - 1


def _whole_month(year: int, month: int, pub: date) -> DateRange:
    last = date(year, month, calendar.monthrange(year, month)[1])
    return DateRange(date(year, month, 1), min(last, pub) if last >= pub >= date(year, month, 1) else last, 3)
