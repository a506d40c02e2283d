"""The place gazetteer: GeoNames places, admin units, countries and theatre supplements, looked up by name.

Built once into an SQLite index in the cache dir (`frontline gazetteer build`, or on first use).
"""

from __future__ import annotations

from frontline.gazetteer.index import build_index, import_geonames
from frontline.gazetteer.normalize import NameKey, name_key, normalize_name
from frontline.gazetteer.store import Gazetteer, default_index_path, open_gazetteer
from frontline.model import Place

__all__ = [
    "Gazetteer",
    "NameKey",
    "Place",
    "build_index",
    "default_index_path",
    "import_geonames",
    "name_key",
    "normalize_name",
    "open_gazetteer",
]
