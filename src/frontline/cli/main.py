"""The `frontline` command: a click group assembled from one module per command family.

Each module listed in COMMAND_MODULES exposes `COMMANDS` (top-level commands) and may expose
`EVAL_COMMANDS` (subcommands of `frontline eval`). Errors from the library arrive as
FrontlineError and leave as one line on stderr with a non-zero exit code.
"""

from __future__ import annotations

import importlib
import logging

import click

from frontline import __version__
from frontline.errors import FrontlineError

COMMAND_MODULES: tuple[str, ...] = (
    "frontline.cli.reports",
    "frontline.cli.gazetteer",
    "frontline.cli.geo",
    "frontline.cli.classify",
    "frontline.cli.control",
    "frontline.cli.brief",
    "frontline.cli.actors",
    "frontline.cli.serve",
    "frontline.cli.coder_eval",
    "frontline.cli.news_eval",
)


class FrontlineGroup(click.Group):
    """A click group that turns library errors into one line on stderr and the error's exit code."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except FrontlineError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except BrokenPipeError:
            ctx.exit(0)
        except OSError as exc:
            # An output file or folder that cannot be written: say which, not a traceback.
            click.echo(f"error: {exc}", err=True)
            ctx.exit(1)
        return None


@click.group(cls=FrontlineGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="frontline")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def cli(verbose: int) -> None:
    """Turn conflict reporting into sourced, geolocated events and a dated control map."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


@cli.group("eval")
def eval_group() -> None:
    """Score frontline against gold corpora (seed, geoparsing, CASE 2021, control)."""


def build_cli() -> click.Group:
    """Attach every command module's commands to the group and return it."""
    for module_name in COMMAND_MODULES:
        module = importlib.import_module(module_name)
        for command in getattr(module, "COMMANDS", ()):
            cli.add_command(command)
        for command in getattr(module, "EVAL_COMMANDS", ()):
            eval_group.add_command(command)
    return cli


def main() -> None:
    """Run the CLI (errors become one-line messages and exit codes in FrontlineGroup)."""
    build_cli()(prog_name="frontline")


if __name__ == "__main__":
    main()
