"""Shared fixtures: the shared corpora folder, temporary databases, a CLI runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontline import settings


@pytest.fixture(scope="session")
def shared() -> Path:
    """Return the shared corpora folder (the `shared` setting); skip when it is absent."""
    path = settings.get_path("shared").resolve()
    if not (path / "seed" / "gold.json").exists():
        pytest.skip(f"shared corpora not found at {path} (set FRONTLINE_SHARED)")
    return path


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    """Return the URL of a fresh SQLite database file."""
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture()
def isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Run a test inside an empty folder, so default paths (./frontline.db, out/) land there."""
    monkeypatch.chdir(tmp_path)
    yield tmp_path
