"""Parse the publication dates that sources give (ISO strings, RFC 822 feed dates, free text)."""

from __future__ import annotations

import re
from datetime import date, datetime

from frontline.errors import InputError

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: object, *, strict: bool = False) -> date | None:
    """Return the date in `value` (a date, ISO string, or free text), None when absent.

    With `strict`, a non-empty value that cannot be read raises InputError instead of giving None.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        if strict:
            raise InputError(f"cannot read {value!r} as a date; use YYYY-MM-DD")
        return None
    match = _ISO.match(value)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError as exc:
            raise InputError(f"{value!r} is not a real date: {exc}") from exc
    import dateparser  # slow import; only needed for non-ISO dates

    parsed = dateparser.parse(value, languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})
    if parsed is None:
        if strict:
            raise InputError(f"cannot read {value!r} as a date; use YYYY-MM-DD")
        return None
    return parsed.date()


# Where a report states its own date: a dateline or byline at its head, or its address.
_HEAD_CHARS = 400
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec"
)
_HEAD_PATTERNS = (
    re.compile(r"\b(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})\b"),
    re.compile(rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)? (?P<mon>{_MONTH_NAMES})\.?,? (?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE),
    re.compile(rf"\b(?P<mon>{_MONTH_NAMES})\.? (?P<d>\d{{1,2}})(?:st|nd|rd|th)?,? (?P<y>(?:19|20)\d{{2}})\b", re.IGNORECASE),
    # "18.03.2018" in European bylines; day first.
    re.compile(r"(?<![\d.])(?P<d>\d{2})\.(?P<m>\d{2})\.(?P<y>(?:19|20)\d{2})(?![\d.])"),
)
_URL_PATTERNS = (
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[/_-](?P<m>\d{1,2})[/_-](?P<d>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)(?!\d)"),
)
_MONTH_NUMBERS = {
    name: i
    for i, names in enumerate(
        ("", "january jan", "february feb", "march mar", "april apr", "may", "june jun", "july jul",
         "august aug", "september sep sept", "october oct", "november nov", "december dec")
    )
    for name in names.split()
}


def _from_match(m: re.Match[str], latest: date) -> date | None:
    parts = m.groupdict()
    month = int(parts["m"]) if parts.get("m") else _MONTH_NUMBERS.get((parts.get("mon") or "").lower(), 0)
    try:
        found = date(int(parts["y"]), month, int(parts["d"]))
    except ValueError:
        return None
    # A date after the day the report was read cannot be its publication date.
    return found if date(1990, 1, 1) <= found <= latest else None


def date_from_text(text: str, latest: date | None = None) -> date | None:
    """Return the full date a report's dateline or byline states in its first lines, or None.

    Only a date with day, month and year counts, and only at the head of the text: a date deeper
    in the body is more often the date of an event told than of the report.
    """
    latest = latest or date.today()
    head = text[:_HEAD_CHARS]
    found: list[tuple[int, date]] = []
    for pattern in _HEAD_PATTERNS:
        for m in pattern.finditer(head):
            day = _from_match(m, latest)
            if day is not None:
                found.append((m.start(), day))
    return min(found)[1] if found else None


def date_from_url(url: str | None, latest: date | None = None) -> date | None:
    """Return the full date an article address carries ("/2017/10/14/", "-20171014-"), or None."""
    if not url:
        return None
    latest = latest or date.today()
    for pattern in _URL_PATTERNS:
        for m in pattern.finditer(url):
            day = _from_match(m, latest)
            if day is not None:
                return day
    return None


def infer_published(url: str | None, text: str, latest: date | None = None) -> date | None:
    """Return the publication date a report states about itself (dateline first, then address), or None."""
    return date_from_text(text, latest) or date_from_url(url, latest)
