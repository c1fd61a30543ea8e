"""Build the world country outlines drawn under geomap's offline basemap.

Source: Natural Earth 1:10m admin-0 countries (public domain), the ``countries``
layer of ``world_map.gpkg`` in Debian's ``qgis-common`` package, fetched by the
gazetteer build's helper into ``basemaps/.cache/``.

The outlines are for a zoomed-out view only (context for incidents far from the
border, and the neighbours around Afghanistan and Pakistan): islands smaller than
``MIN_PART_DEG`` are dropped (a country always keeps its largest part; holes are
kept, as they are enclaves filled by another country), then the countries are
simplified together as one polygonal coverage, so neighbours keep sharing their
borders (no gaps, no overlaps).

Output: ``basemaps/data/world_countries.geojson`` (properties ``name`` and
``iso_a2``, each null where Natural Earth gives none), then
``basemaps/data/SHA256SUMS`` is rewritten.

Run from the repository root: ``python basemaps/build_world.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, mapping

BASEMAPS = Path(__file__).resolve().parent
sys.path.insert(0, str(BASEMAPS))

from build_gazetteer import DATA, natural_earth_gpkg  # noqa: E402
from checksums import write_checksums  # noqa: E402

OUTPUT = DATA / "world_countries.geojson"
# Islands whose longest side is under this many degrees are dropped.
MIN_PART_DEG = 1.0
# Visvalingam-Whyatt tolerance of the coverage simplification: about the square root,
# in degrees, of the smallest triangle kept (0.3 degree, roughly 30 km).
TOLERANCE_DEG = 0.3
# Coordinates to 1e-3 degree (about 100 m): far below the simplification.
DECIMALS = 3


def log(message: str) -> None:
    print(f"build_world: {message}", file=sys.stderr)


def _extent_deg(geometry) -> float:
    minx, miny, maxx, maxy = geometry.bounds
    return max(maxx - minx, maxy - miny)


def pruned(geometry, *, min_part_deg: float) -> MultiPolygon:
    """Drop the small islands of a country, always keeping its largest part and every hole.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> g = MultiPolygon([box(0, 0, 5, 5), box(10, 10, 10.1, 10.1), box(20, 0, 20.01, 0.01)])
    >>> len(pruned(g, min_part_deg=1.0).geoms)
    1
    >>> len(pruned(box(0, 0, 0.1, 0.1), min_part_deg=1.0).geoms)  # a small country stays
    1
    """
    parts = list(getattr(geometry, "geoms", [geometry]))
    largest = max(parts, key=lambda part: part.area)
    return MultiPolygon(
        [part for part in parts if part is largest or _extent_deg(part.exterior) > min_part_deg]
    )


def _rounded(coords, decimals: int):
    if coords and isinstance(coords[0], int | float):
        return [round(float(v), decimals) for v in coords]
    return [_rounded(c, decimals) for c in coords]


def _name(value) -> str | None:
    return value if isinstance(value, str) and value else None


def _iso_a2(value) -> str | None:
    # Natural Earth writes "-99" (or nothing) where a country has no ISO code.
    return value if isinstance(value, str) and len(value) == 2 and value.isalpha() else None


def world_countries(gpkg: Path) -> dict:
    """Return the simplified world countries as a GeoJSON FeatureCollection (dict)."""
    import geopandas as gpd

    frame = gpd.read_file(gpkg, layer="countries")
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty]
    frame = frame.sort_values(["NAME", "iso_a2"], na_position="last").reset_index(drop=True)
    if not shapely.coverage_is_valid(frame.geometry.values):
        raise SystemExit("build_world: Natural Earth countries are not a valid coverage")
    geoms = np.array([pruned(g, min_part_deg=MIN_PART_DEG) for g in frame.geometry.values])
    # One coverage: shared borders are simplified once, identically for both neighbours.
    simple = shapely.coverage_simplify(geoms, TOLERANCE_DEG)
    features = []
    for row, geometry in zip(frame.itertuples(index=False), simple, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        geo = mapping(geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {"name": _name(row.NAME), "iso_a2": _iso_a2(row.iso_a2)},
                "geometry": {
                    "type": geo["type"],
                    "coordinates": _rounded(geo["coordinates"], DECIMALS),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}


def main() -> int:
    from geomap._atomic import atomic_path

    gpkg, version = natural_earth_gpkg()
    collection = world_countries(gpkg)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"
    with atomic_path(OUTPUT) as tmp:
        tmp.write_text(text, encoding="utf-8")
    n = sum(len(shapely.get_coordinates(shapely.from_geojson(json.dumps(f["geometry"]))))
            for f in collection["features"])  # fmt: skip
    log(
        f"wrote {OUTPUT} ({len(collection['features'])} countries, {n} vertices, "
        f"{OUTPUT.stat().st_size / 1e3:.0f} KB) from Natural Earth 10m via qgis-common {version}"
    )
    write_checksums()  # basemaps/data/SHA256SUMS covers every shipped file
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
