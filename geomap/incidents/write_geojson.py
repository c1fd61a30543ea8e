"""Write RFC 7946 GeoJSON: WGS84 [lon, lat], no ``crs`` member, one Feature per row.

Rows without a place keep ``"geometry": null`` instead of vanishing.
Coordinates are rounded to :data:`~geomap.incidents.values.COORD_DECIMALS`
decimals (about 1 m); every property is written, missing values as ``null``.
One Feature per line keeps diffs of the file readable.
"""

from __future__ import annotations

import json
import os

import shapely.geometry

from geomap.incidents.values import COORD_DECIMALS, records, round_geometry

__all__ = ["write_geojson"]


def write_geojson(frame, path: str | os.PathLike, *, decimals: int = COORD_DECIMALS) -> None:
    """Write ``frame`` (EPSG:4326) as a GeoJSON FeatureCollection to ``path``.

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib, shapely
    >>> f = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(69.123456, 34.5), None],
    ...                      crs=4326)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.geojson"
    >>> write_geojson(f, p)
    >>> doc = json.loads(p.read_text())
    >>> doc["features"][0]["geometry"], doc["features"][1]["geometry"]
    ({'type': 'Point', 'coordinates': [69.12346, 34.5]}, None)
    """
    frame = _wgs84(frame)
    properties = records(frame)
    lines = []
    for props, geometry in zip(properties, frame.geometry, strict=True):
        if "lat" in props and "lon" in props and props["lat"] is not None:
            props["lat"] = round(props["lat"], decimals)
            props["lon"] = round(props["lon"], decimals)
        feature = {"type": "Feature"}
        if props.get("id") is not None:
            feature["id"] = props["id"]
        feature["geometry"] = _geometry(geometry, decimals)
        feature["properties"] = props
        lines.append(json.dumps(feature, ensure_ascii=False, allow_nan=False))
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        out.write('{"type": "FeatureCollection", "features": [\n')
        out.write(",\n".join(lines))
        out.write("\n]}\n")


def _geometry(geometry, decimals: int):
    if geometry is None or geometry.is_empty:
        return None
    return shapely.geometry.mapping(round_geometry(geometry, decimals))


def _wgs84(frame):
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        return frame.to_crs(4326)
    return frame
