"""Write CSV for spreadsheets and GIS: every column, plus ``lat``, ``lon`` and a ``wkt`` column.

UTF-8 without a byte-order mark, RFC 4180 quoting. The ``wkt`` column lets
GDAL/QGIS read any geometry (a border line too); ``lat``/``lon`` serve
spreadsheets. Coordinates are rounded like the GeoJSON output.
"""

from __future__ import annotations

import csv
import json
import os

from geomap.incidents.values import COORD_DECIMALS, records, round_geometry

__all__ = ["write_csv"]


def write_csv(frame, path: str | os.PathLike, *, decimals: int = COORD_DECIMALS) -> None:
    """Write ``frame`` as CSV with a ``wkt`` geometry column to ``path``.

    Examples
    --------
    >>> import geopandas as gpd, tempfile, pathlib, shapely
    >>> f = gpd.GeoDataFrame({"id": ["a", "b"]}, geometry=[shapely.Point(69.2, 34.5), None],
    ...                      crs=4326)
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> write_csv(f, p)
    >>> p.read_text().splitlines()
    ['id,lat,lon,wkt', 'a,34.5,69.2,POINT (69.2 34.5)', 'b,,,']
    """
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        frame = frame.to_crs(4326)
    rows = records(frame)
    columns = [c for c in frame.columns if c not in (frame.geometry.name, "wkt")]
    is_points = all(g is None or g.geom_type == "Point" for g in frame.geometry)
    if is_points:
        for name in ("lat", "lon"):
            if name not in columns:
                columns.append(name)
    with open(path, "w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([*columns, "wkt"])
        for row, geometry in zip(rows, frame.geometry, strict=True):
            placed = geometry is not None and not geometry.is_empty
            if is_points:
                row["lat"] = round(geometry.y, decimals) if placed else None
                row["lon"] = round(geometry.x, decimals) if placed else None
            wkt = round_geometry(geometry, decimals).wkt if placed else ""
            writer.writerow([_cell(row.get(c)) for c in columns] + [wkt])


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)
