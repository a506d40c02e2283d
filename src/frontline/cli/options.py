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


def eval_cache_url(cache: str | None, default_name: str, *, fresh: bool) -> str:
    """Return the store URL an evaluation caches extraction in; with `fresh`, drop a SQLite cache first."""
    from pathlib import Path

    from frontline import settings

    if cache is None:
        settings.get_path("cache_dir").mkdir(parents=True, exist_ok=True)
    url = settings.db_url(cache or str(settings.get_path("cache_dir") / default_name))
    if fresh:
        if not url.startswith("sqlite:///"):
            raise InputError(f"--fresh only drops a SQLite cache; empty {url} yourself or pass --cache PATH")
        cached = Path(url.removeprefix("sqlite:///"))
        for path in (cached, cached.with_name(cached.name + "-wal"), cached.with_name(cached.name + "-shm")):
            path.unlink(missing_ok=True)
    return url
