"""`frontline brief`: the daily brief as Markdown."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from frontline.cli.control import _load, _publisher_sides
from frontline.cli.options import day as read_day
from frontline.cli.options import db_option


@click.command("brief")
@db_option
@click.option("--date", "day", default=None, metavar="DATE", help="Last day the brief covers [default: the latest event's day].")
@click.option("--days", default=1, show_default=True, type=click.IntRange(1, 366), help="How many days, ending on --date.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Markdown file to write [default: stdout].")
def brief(db: str | None, day: str | None, days: int, output: Path | None) -> None:
    """Write the daily brief: events by province, control changes, claims still to verify.

    \b
    Examples:
      frontline brief --date 2017-10-21
      frontline brief --date 2017-10-31 --days 7 -o week.md
    """
    from frontline.control import Sides, compute_control
    from frontline.incidents import merge_incidents
    from frontline.outputs.brief import build_brief, render_markdown

    found, publishers = _load(db)
    sides = Sides.for_theatre()
    cmap = compute_control(found, sides=sides, publisher_sides=_publisher_sides(publishers, sides))
    incidents = merge_incidents(found, sides=sides, publishers=publishers)
    last = read_day(day) or max((e.date_end or e.date_start for e in found if e.date_start), default=date.today())
    text = render_markdown(build_brief(last, found, incidents, cmap, publishers, days=days))
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


COMMANDS = [brief]
