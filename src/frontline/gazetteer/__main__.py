"""Build a gazetteer index at the path given: `python -m frontline.gazetteer TARGET`.

open_gazetteer runs this in a child process so the caller keeps none of the build's memory.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from frontline.errors import FrontlineError
from frontline.gazetteer.index import build_index


def main(argv: list[str] | None = None) -> int:
    """Build the index at the one path on the command line; return the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m frontline.gazetteer TARGET", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        build_index(Path(args[0]), progress=True)
    except FrontlineError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return getattr(exc, "exit_code", 1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
