"""Options and argument readers shared by every command module."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from frontline.errors import InputError
from frontline.ingest.dates import parse_date


def day(value: str | None) -> date | None:
    """Read a date option (YYYY-MM-DD, or a plain-English date); a bad one is a usage error."""
    try:
        return parse_date(value, strict=True)
    except InputError as exc:
        raise click.BadParameter(str(exc)) from exc


def db_option(f: Any) -> Any:
    """Add the shared --db option (default: the `db` setting, FRONTLINE_DB)."""
    return click.option(
        "--db", "db", default=None, metavar="URL",
        help="Database: a SQLite path or URL, or postgresql://... [default: ./frontline.db]",
    )(f)
