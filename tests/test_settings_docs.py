"""Every setting is documented in the README, and every CLI command has help with an example."""

from __future__ import annotations

from pathlib import Path

import click
from click.testing import CliRunner

from frontline import settings
from frontline.cli.main import build_cli

README = Path(__file__).resolve().parent.parent / "README.md"


def test_every_setting_is_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    missing = [s.env for s in settings.SETTINGS if s.env not in text]
    assert missing == []


def test_settings_come_from_the_environment(monkeypatch: object) -> None:
    import pytest

    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_THEATRE", "elsewhere")
    try:
        assert settings.get("theatre") == "elsewhere"
    finally:
        mp.undo()
    assert settings.get("theatre") == "syria"
    assert settings.db_url("my.db") == "sqlite:///my.db"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    out = []
    for name, command in group.commands.items():
        out.append((prefix + name, command))
        if isinstance(command, click.Group):
            out.extend(_commands(command, prefix + name + " "))
    return out


def test_every_command_has_help_with_an_example() -> None:
    cli = build_cli()
    runner = CliRunner()
    lacking = []
    for name, command in _commands(cli):
        if isinstance(command, click.Group) or name == "settings":
            continue
        result = runner.invoke(cli, [*name.split(), "--help"])
        assert result.exit_code == 0, (name, result.output)
        if "frontline " not in result.output.split("Options:")[0]:
            lacking.append(name)
    assert lacking == [], f"commands whose --help shows no example: {lacking}"


def test_a_setting_that_is_not_a_number_is_a_config_error() -> None:
    import pytest

    from frontline.errors import ConfigError

    mp = pytest.MonkeyPatch()
    mp.setenv("FRONTLINE_MAX_BYTES", "20MB")
    try:
        with pytest.raises(ConfigError, match="FRONTLINE_MAX_BYTES"):
            settings.get_int("max_bytes")
    finally:
        mp.undo()
