"""Write a standalone HTML map of events: Leaflet inlined from its installed package, data as inert JSON."""

from __future__ import annotations

import json
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from frontline.errors import ConfigError
from frontline.model import Event


def leaflet_dir() -> Path:
    """Return the installed Leaflet distribution folder (from the XStatic-Leaflet package)."""
    try:
        import xstatic.pkg.leaflet as leaflet
    except ImportError as exc:
        raise ConfigError("XStatic-Leaflet is not installed: run `pip install XStatic-Leaflet`") from exc
    return Path(leaflet.BASE_DIR)


def _leaflet_assets() -> tuple[str, str]:
    base = leaflet_dir()
    return (base / "leaflet.css").read_text(encoding="utf-8"), (base / "leaflet.js").read_text(encoding="utf-8")


def safe_json(value: object) -> str:
    """Return JSON that can sit inside a <script> element without ending it or running as markup."""
    text = json.dumps(value, ensure_ascii=False)
    return (
        text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    )


def render_map(events: Sequence[Event], *, title: str = "frontline events") -> str:
    """Return a self-contained HTML page showing located events; works offline (tiles load when online)."""
    css, js = _leaflet_assets()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [e.location.longitude, e.location.latitude]},
            "properties": e.to_dict(),
        }
        for e in events
        if e.location is not None
    ]
    template = (resources.files("frontline.outputs") / "templates" / "standalone_map.html").read_text(encoding="utf-8")
    # The title goes in first: report text inside the data may itself contain the placeholders.
    return (
        template.replace("__TITLE__", _escape(title))
        .replace("/*LEAFLET_CSS*/", css)
        .replace("/*LEAFLET_JS*/", js.replace("</script", "<\\/script"))
        .replace("/*EVENTS_JSON*/null", safe_json({"type": "FeatureCollection", "features": features}))
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
