"""Read a plain incident CSV: schema column names, with coordinates or only a place.

Coordinates may be in ``lat``/``lon`` (or ``latitude``/``longitude``/``lng``)
or, as GDAL writes them, in a ``WKT`` column of points. Any other column is
kept untouched.
"""

from __future__ import annotations

import shapely

from geomap.incidents.normalize import build_incidents
from geomap.incidents.normalize_table import build_incidents_from_table, renamed_aliases
from geomap.incidents.problems import Problems
from geomap.incidents.textio import CsvRows

__all__ = ["incidents_from_rows"]

_WKT = ("wkt", "WKT", "geometry_wkt")


def incidents_from_rows(table: CsvRows, *, path: str, problems: Problems):
    r"""Return the incident GeoDataFrame for a plain CSV already split into rows.

    Examples
    --------
    >>> from geomap.incidents.textio import read_csv_rows
    >>> t = read_csv_rows("title,WKT\nx,POINT (69.2 34.5)\n", path="a.csv")
    >>> df = incidents_from_rows(t, path="a.csv", problems=Problems())
    >>> df[["lat", "lon"]].values.tolist()
    [[34.5, 69.2]]
    """
    wkt = next((name for name in _WKT if name in table.header), None)
    has_coords = any(n in table.header for n in ("lat", "latitude", "Latitude", "y"))
    if table.cells and (wkt is None or has_coords) and renamed_aliases(table.header) is not None:
        # The common case, checked column by column; a WKT column repeating lat/lon is dropped.
        return build_incidents_from_table(table, path=path, problems=problems, ignore=wkt)
    return build_incidents(
        (
            (number, _with_wkt(row, wkt, has_coords, path, number, problems))
            for number, row in table.rows
        ),
        path=path,
        problems=problems,
    )


def _with_wkt(row: dict, wkt: str | None, has_coords: bool, path, number, problems) -> dict:
    if wkt is None:
        return row
    text = row.pop(wkt)
    if has_coords or not text.strip():
        # Our own CSV export: the WKT column repeats lat/lon, which stay the reference.
        return row
    try:
        geometry = shapely.from_wkt(text)
    except shapely.errors.GEOSException:
        geometry = None
    if geometry is None or geometry.geom_type != "Point" or geometry.is_empty:
        problems.add(
            f"not a WKT point: {text[:40]!r}",
            then="kept without coordinates",
            path=path,
            row=number,
            field=wkt,
        )
        row["notes"] = "; ".join(filter(None, [row.get("notes"), f"{wkt} given as {text!r}"]))
        return row
    row["lon"], row["lat"] = geometry.x, geometry.y
    return row
