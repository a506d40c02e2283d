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
