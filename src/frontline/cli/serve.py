"""`frontline serve`: the JSON API and the web map over a store."""

from __future__ import annotations

import click

from frontline.cli.options import db_option
from frontline.errors import ConfigError


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 exposes it to the network).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
def serve(db: str | None, host: str, port: int) -> None:
    """Serve the web map and the JSON API (OpenAPI schema at /openapi.json).

    POST /api/ingest is off unless FRONTLINE_INGEST_TOKEN is set.

    \b
    Example:
      frontline serve --db out/demo.db      # then open http://127.0.0.1:8000/
    """
    try:
        from frontline.web.app import run
    except ImportError as exc:
        raise ConfigError(f"the web server needs its extra dependencies ({exc.name} is missing): pip install 'frontline[web]'") from exc
    click.echo(f"frontline map on http://{host}:{port}/  (API schema: /openapi.json; Ctrl+C stops)", err=True)
    run(db, host, port, log_level="warning")


COMMANDS = [serve]
