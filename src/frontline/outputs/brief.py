"""The daily brief: what happened, who gained or lost ground, and which claims are still unconfirmed."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from frontline.control import ControlMap
from frontline.control.timeline import Change
from frontline.model import Event, Incident

# Statuses worth an analyst's second look: one side's word only, or a denial.
_WATCH = ("claimed", "accused", "denied", "unconfirmed")


@dataclass(frozen=True, slots=True)
class Brief:
    """A brief's content, ready to render."""

    day: date
    start: date
    events: tuple[Event, ...]
    incidents: tuple[Incident, ...]
    changes: tuple[Change, ...]
    publishers: Mapping[str, str | None]


def build_brief(
    day: date,
    events: Sequence[Event],
    incidents: Sequence[Incident],
    control: ControlMap,
    publishers: Mapping[str, str | None],
    *,
    days: int = 1,
) -> Brief:
    """Collect the events, incidents and control changes of the `days` up to and including `day`."""
    start = day - timedelta(days=days - 1)

    def in_window(first: date | None, last: date | None) -> bool:
        return first is not None and first <= day and (last or first) >= start

    window = tuple(e for e in events if in_window(e.date_start, e.date_end))
    incidents_in = tuple(i for i in incidents if in_window(i.date_start, i.date_end))
    changes = tuple(
        change
        for key in control.timelines
        for change in control.changes(key)
        if start <= change.day <= day and change.previous is not None
    )
    return Brief(day, start, window, incidents_in, changes, publishers)


def render_markdown(brief: Brief) -> str:
    """Return the brief as Markdown (report text is quoted, never interpreted)."""
    span = brief.day.isoformat() if brief.start == brief.day else f"{brief.start.isoformat()} to {brief.day.isoformat()}"
    lines = [f"# Daily brief: {span}", ""]
    if not brief.events and not brief.changes:
        lines.append("No events or control changes were reported for this period.")
        return "\n".join(lines) + "\n"
    kinds = Counter(e.event_type for e in brief.events)
    deaths = sum(e.fatalities for e in brief.events)
    summary = ", ".join(f"{n} {t.lower()}" for t, n in kinds.most_common())
    lines.append(f"{len(brief.events)} events ({summary}); {deaths} reported fatalities; "
                 f"{len(brief.incidents)} incidents after merging reports.")
    lines.append("")
    if brief.changes:
        lines.append("## Control changes")
        for change in sorted(brief.changes, key=lambda c: (c.day, c.place.name)):
            lines.append(f"- {change.day.isoformat()} **{_md(change.place.name)}**: {_md(change.previous or '?')} "
                         f"→ {_md(change.holder)} ({len(change.evidence)} reports)")
        lines.append("")
    lines.append("## Events by province")
    by_region: dict[str, list[Event]] = defaultdict(list)
    for e in brief.events:
        region = (e.location.place.admin1 if e.location else None) or "Unlocated"
        by_region[region].append(e)
    for region in sorted(by_region):
        lines.append(f"### {_md(region)}")
        for e in sorted(by_region[region], key=lambda x: (x.date_start or brief.day, x.sub_event_type)):
            place = e.location.place.name if e.location else "unknown place"
            who = _md(e.actor1 or "unidentified actor") + (f" vs {_md(e.actor2)}" if e.actor2 else "")
            source = _md(e.claim.source or brief.publishers.get(e.document_id) or "unknown source")
            lines.append(f"- {e.date_start.isoformat() if e.date_start else ''} {_md(e.sub_event_type)} at "
                         f"{_md(place)}: {who}; {e.claim.status} ({source})"
                         + (f"; {e.fatalities} killed" if e.fatalities else ""))
        lines.append("")
    watch = [e for e in brief.events if e.claim.status in _WATCH]
    if watch:
        lines.append("## Claims to verify")
        for e in watch:
            lines.append(f"- {_md(e.claim.status)} by {_md(e.claim.source or 'a party')}: > {_md(e.text[:240])}")
        lines.append("")
    single = [i for i in brief.incidents if i.corroboration == "single source"]
    if single:
        lines.append(f"{len(single)} of {len(brief.incidents)} incidents rest on a single source.")
    return "\n".join(lines).rstrip() + "\n"


def _md(text: str) -> str:
    """Escape Markdown and HTML control characters in untrusted report text."""
    out = text.replace("\\", "\\\\")
    for ch in "`*_[]<>#|":
        out = out.replace(ch, "\\" + ch)
    return " ".join(out.split())
