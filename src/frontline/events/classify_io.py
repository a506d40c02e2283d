"""Read and write the snippet TSV files the classifier and its evaluation use."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from frontline.errors import InputError

# Snippets can be long paragraphs; the csv module's default field limit (128 KiB) is not enough
# for pasted articles.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


@dataclass(frozen=True, slots=True)
class Snippet:
    """One row of a snippet TSV: its id, text and (in gold files) its label."""

    id: str
    text: str
    label: str | None = None


def _decode(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"{path}: no such file; pass a TSV with a header, an id column and a text column") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if not raw.strip():
        raise InputError(f"{path}: empty file; expected a TSV with a header, an id column and a text column")
    if b"\x00" in raw[:65536]:
        raise InputError(f"{path}: binary file; expected UTF-8 tab-separated text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text (byte {exc.start}); re-save it as UTF-8 TSV") from exc


def read_snippets(path: Path, *, text_column: int = 1, label_column: int | None = None) -> list[Snippet]:
    """Read a TSV with a header row; column 0 is the id, `text_column` the snippet (0-based)."""
    text = _decode(path)
    rows = [row for row in csv.reader(io.StringIO(text), delimiter="\t") if row]
    header, body = rows[0], rows[1:]
    needed = max(text_column, label_column if label_column is not None else 0)
    if text_column < 1:
        raise InputError("the text column must come after the id column (column 1 or later)")
    if len(header) <= needed:
        raise InputError(
            f"{path}: header has {len(header)} column(s) but column {needed + 1} is needed; "
            "is the file tab-separated with an id column first?"
        )
    if not body:
        raise InputError(f"{path}: header only, no snippets")
    snippets = []
    for line_no, row in enumerate(body, start=2):
        if len(row) <= needed:
            raise InputError(f"{path}: row {line_no} has {len(row)} column(s), expected at least {needed + 1}")
        label = row[label_column].strip() if label_column is not None else None
        snippets.append(Snippet(id=row[0].strip(), text=row[text_column], label=label))
    return snippets


def read_predictions(path: Path) -> dict[str, str]:
    """Read an id<TAB>label file (with or without a header) into a mapping."""
    text = _decode(path)
    out: dict[str, str] = {}
    for line_no, row in enumerate(csv.reader(io.StringIO(text), delimiter="\t"), start=1):
        if not row:
            continue
        if line_no == 1 and row[0].strip().lower() == "id":
            continue  # an optional header row
        if len(row) < 2:
            raise InputError(f"{path}: line {line_no} is not id<TAB>label")
        out[row[0].strip()] = row[1].strip()
    return out


def format_predictions(pairs: Iterable[tuple[str, str]]) -> str:
    """Format id<TAB>label lines, no header (the CASE 2021 submission format)."""
    return "".join(f"{i}\t{label}\n" for i, label in pairs)
