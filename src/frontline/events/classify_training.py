"""The training material of the learned layer: snippets written for this project, one TSV per theme.

Each file in data/classifier/training/ has a header and three columns: the CASE 2021 code, the
style the snippet imitates (wire, monitor, state, note, headline) and the snippet. The files are
plain text written by the project from ACLED's definitions (see the folder's README.md); this
module only reads and checks them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from frontline.errors import DataError
from frontline.events.classify_labels import case_codes

log = logging.getLogger(__name__)

TRAINING_RESOURCE = "data/classifier/training"
STYLES: tuple[str, ...] = ("wire", "monitor", "state", "note", "headline")
_HEADER = ["label", "style", "text"]


@dataclass(frozen=True, slots=True)
class TrainingSnippet:
    """One written snippet: its CASE code, the style it imitates, its text and the file it came from."""

    label: str
    style: str
    text: str
    source: str


def parse_training(text: str, source: str) -> list[TrainingSnippet]:
    """Parse one training TSV (header `label<TAB>style<TAB>text`), checking every label and style."""
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines or lines[0].split("\t") != _HEADER:
        raise DataError(f"classifier training {source}: the first line must be label<TAB>style<TAB>text")
    codes = set(case_codes())
    rows = []
    for line_no, line in enumerate(lines[1:], start=2):
        # Snippets may contain quote marks, so columns are split on tabs with no CSV quoting.
        fields = line.split("\t")
        if len(fields) != 3:
            raise DataError(f"classifier training {source}: line {line_no} has {len(fields)} columns, expected 3")
        label, style, snippet = (f.strip() for f in fields)
        if label not in codes:
            raise DataError(f"classifier training {source}: line {line_no} has unknown label {label!r}")
        if style not in STYLES:
            raise DataError(f"classifier training {source}: line {line_no} has unknown style {style!r}; "
                            f"use one of {', '.join(STYLES)}")
        if not snippet:
            raise DataError(f"classifier training {source}: line {line_no} has no text")
        rows.append(TrainingSnippet(label, style, snippet, source))
    return rows


def read_training_dir(folder: Path) -> list[TrainingSnippet]:
    """Read every *.tsv file of a folder, in name order."""
    files = sorted(folder.glob("*.tsv"))
    if not files:
        raise DataError(f"no training TSV files in {folder}; reinstall frontline")
    rows: list[TrainingSnippet] = []
    for path in files:
        rows.extend(parse_training(path.read_text(encoding="utf-8"), path.name))
    return rows


def training_dir() -> Path:
    """Return the on-disk folder of the shipped training material."""
    return Path(str(resources.files("frontline").joinpath(TRAINING_RESOURCE)))


@cache
def shipped_training() -> tuple[TrainingSnippet, ...]:
    """Load the shipped training material once per process."""
    rows = tuple(read_training_dir(training_dir()))
    log.debug("loaded %d training snippets", len(rows))
    return rows
